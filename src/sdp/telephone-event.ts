/**
 * The event list of `a=fmtp:<pt> <events>` for `telephone-event` (RFC 4733 §2.4.1): comma-separated event numbers
 * and ranges, e.g. `0-15` (DTMF digits 0-9, *, #, A-D) or `0-16` (plus flash). Without an fmtp line the receiver
 * supports events 0-15.
 */

export const DEFAULT_TELEPHONE_EVENTS: ReadonlySet<number> = new Set(range(0, 15));

/** The events holdless handles: the 16 DTMF digits and hook flash (RFC 4733 §3.2, Table 3). */
export const SUPPORTED_TELEPHONE_EVENTS: ReadonlySet<number> = new Set(range(0, 16));

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/** Reads an event list; undefined when malformed (event numbers are 0-255, RFC 4733 §2.3.1). */
export function parseEventList(text: string): Set<number> | undefined {
  const events = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d{1,3})(?:\s*-\s*(\d{1,3}))?\s*$/.exec(part);
    if (!match) return undefined;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from > 255 || to > 255 || to < from) return undefined;
    for (let e = from; e <= to; e++) events.add(e);
  }
  return events;
}

/** Writes an event list with runs compressed to ranges: {0..15, 16} → `0-16`, {0..11} → `0-11`, {1, 3} → `1,3`. */
export function formatEventList(events: Iterable<number>): string {
  const sorted = [...new Set(events)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
