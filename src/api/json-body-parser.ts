import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem-details.js';

/** Nesting deeper than this is refused before any schema sees the body (guards recursive validators and mappers). */
export const MAX_JSON_DEPTH = 32;

/**
 * Replaces fastify's body parsers with one for JSON: the same secure parser (prototype-poisoning keys are errors), but an empty body
 * is `undefined` (so `curl -X POST -H 'content-type: application/json'` works on action routes), and depth is capped.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const secureParse = app.getDefaultJsonParser('error', 'error');
  // JSON only: fastify's text/plain parser would hand schemas a string and turn a 415 into a confusing 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    void secureParse(req, text, (err: Error | null, value?: unknown) => {
      if (err) {
        done(err, undefined);
        return;
      }
      if (jsonDepth(value) > MAX_JSON_DEPTH) {
        done(
          new HttpProblem({
            status: 400,
            slug: 'malformed-json',
            title: 'Malformed JSON',
            detail: `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`,
          }),
          undefined,
        );
        return;
      }
      done(null, value);
    });
  });
}

/** Depth of a parsed JSON value: scalars 0, `[]`/`{}` 1, and so on. Iterative, so hostile input cannot overflow. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value !== 'object' || item.value === null) {
      max = Math.max(max, item.depth);
      continue;
    }
    const depth = item.depth + 1;
    max = Math.max(max, depth);
    if (depth > MAX_JSON_DEPTH * 4) return depth;
    const children = Array.isArray(item.value) ? item.value : Object.values(item.value);
    for (const child of children) stack.push({ value: child, depth });
  }
  return max;
}
