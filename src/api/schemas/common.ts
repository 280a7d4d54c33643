import { z } from 'zod';

/** No control characters: keeps names and titles safe to log and to show in dashboards. */
const PRINTABLE = /^\P{Cc}*$/u;

export function text(max: number): z.ZodString {
  return z.string().min(1).max(max).regex(PRINTABLE, 'Must not contain control characters.');
}

/** Names of queues created over HTTP. */
export const QueueName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Use letters, digits, "_", "." or "-", starting with a letter or digit.');

/** Operator usernames as created over HTTP. */
export const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'Use letters, digits, "_", ".", "@" or "-", starting with a letter or digit.');

/** A name read from a path: looser than the create rules (names may come from the config file), but bounded. */
export const PathName = text(128);

/** Task channels (`email`, `chat`, ...). */
export const ChannelName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, ".", "_" or "-".');

/** An instant in a request body: ISO 8601 with `Z` or an offset, e.g. `2026-03-01T09:30:00+01:00`. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** An instant in a response: ISO 8601 in UTC with milliseconds. */
export const IsoTime = z.iso.datetime();

/** A query instant: ISO 8601, or milliseconds since the epoch. */
export const TimeQuery = z.union([IsoDateTime, z.string().regex(/^\d{1,15}$/, 'Milliseconds since the epoch.')]);

export function timeQueryToMs(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

export const Seconds = (min: number, max: number) => z.int().min(min).max(max);

/** The body of list answers: `{ items: [...] }`, so paging metadata can join later without breaking clients. */
export function listOf<S extends z.ZodType>(item: S) {
  return z.strictObject({ items: z.array(item) });
}
