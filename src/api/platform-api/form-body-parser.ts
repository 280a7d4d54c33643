import type { FastifyInstance } from 'fastify';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** A parsed form: one string per field, or every value of a repeated field in order. No prototype. */
export type FormFields = Record<string, string | string[]>;

/**
 * Adds an `application/x-www-form-urlencoded` parser to `scope`. Call it on an encapsulated scope (a fastify plugin),
 * not on the app: the JSON routes keep answering 415 to form bodies, as json-body-parser.ts documents.
 */
export function installFormBodyParser(scope: FastifyInstance): void {
  scope.addContentTypeParser(FORM_CONTENT_TYPE, { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
  });
}

/** WHATWG form decoding (UTF-8, `+` is a space; bad escapes decode to U+FFFD, never throw). */
export function parseForm(text: string): FormFields {
  // A null prototype: a field named `__proto__` stays a field.
  const fields = Object.create(null) as FormFields;
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = fields[name];
    fields[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return fields;
}
