import type { z } from 'zod';
import { validationProblem, type FieldError } from './problem-details.js';

/** Where an input came from; names the field when the whole input is wrong (`body`, `query`, `path`). */
export type InputLocation = 'body' | 'query' | 'path' | 'header';

/** `['settings', 'ringTimeout']` → `settings.ringTimeout`; `['queues', 0, 'skill']` → `queues[0].skill`. */
export function fieldPath(path: readonly PropertyKey[], location: InputLocation): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? location : out;
}

/** One {@link FieldError} per problem; an unknown key becomes an error naming that key. */
export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[], location: InputLocation): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: fieldPath([...issue.path, key], location), message: 'Unknown field.' });
      }
    } else {
      errors.push({ field: fieldPath(issue.path, location), message: issue.message });
    }
  }
  return errors;
}

/** Parses `data` with `schema` or throws a 400 problem naming every invalid field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw validationProblem(issuesToFieldErrors(result.error.issues, location));
}
