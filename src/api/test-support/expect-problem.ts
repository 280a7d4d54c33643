import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ProblemDetails } from '../problem-details.js';

/** Asserts an RFC 9457 answer with `status` and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number, slug?: string): ProblemDetails {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<ProblemDetails>();
  expect(body.status).toBe(status);
  expect(res.statusCode).toBe(status);
  expect(typeof body.title).toBe('string');
  if (slug) expect(body.type).toBe(`https://holdless.dev/problems/${slug}`);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /); // no stack traces
  return body;
}
