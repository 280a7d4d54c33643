import { createHash } from 'node:crypto';
import { validationProblem } from './problem-details.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/** The `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header), or undefined; 400 if malformed. */
export function readIdempotencyKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  // Printable ASCII without separators, 1..255: enough for UUIDs and ULIDs, nothing that needs escaping in logs.
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw validationProblem([
      { field: 'Idempotency-Key', message: 'Must be 1 to 255 printable ASCII characters without spaces.' },
    ]);
  }
  return value;
}

/** Canonical JSON: object keys sorted at every level, no whitespace; so key order never changes a fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 (hex) of the canonical JSON of a request body. */
export function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body ?? null), 'utf8').digest('hex');
}
