/** Times leave the API as ISO 8601 strings (UTC, milliseconds) and arrive as ISO 8601 with an offset. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}

export function isoOrUndefined(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : iso(ms);
}

/** Milliseconds since the epoch from an ISO 8601 string already checked by the schema. */
export function parseIso(value: string): number {
  return Date.parse(value);
}
