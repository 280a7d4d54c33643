/**
 * Header field names: case-insensitive (RFC 3261 §7.3.1), with compact forms (§7.3.3 and the extensions that
 * registered one), and which fields are comma-separated lists that may be split (§7.3.1: only fields whose grammar
 * is `field-name: field-value *(,field-value)` may be combined or split).
 */

/** Compact form → canonical lower-case long name. */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event', // RFC 6665 §8.2.1
  r: 'refer-to', // RFC 3515 §2.1
  b: 'referred-by', // RFC 3892 §7
  u: 'allow-events', // RFC 6665 §8.2.2
  x: 'session-expires', // RFC 4028 §4
  y: 'identity', // RFC 8224 §4
  a: 'accept-contact', // RFC 3841 §9.2
  j: 'reject-contact', // RFC 3841 §9.2
  d: 'request-disposition', // RFC 3841 §9.1
};

/**
 * Header fields defined as comma-separated lists (RFC 3261 §20 and extensions). Everything else, including every
 * unknown header, is never split: WWW-Authenticate, Authorization, Date, Call-ID, ... carry commas that are not
 * separators, and an unknown field's grammar is unknown (RFC 4475 §3.1.1.1).
 */
const LIST_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-contact',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'error-info',
  'history-info',
  'in-reply-to',
  'p-asserted-identity',
  'p-preferred-identity',
  'path',
  'privacy',
  'proxy-require',
  'reason',
  'record-route',
  'reject-contact',
  'request-disposition',
  'require',
  'route',
  'security-client',
  'security-server',
  'security-verify',
  'service-route',
  'supported',
  'unsupported',
  'via',
  'warning',
]);

/** The usual spelling of the long form, used when the stack writes a header itself. */
const DISPLAY: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  rack: 'RAck',
  rseq: 'RSeq',
};

/** The canonical key of a header name: lower-case long form (`V` → `via`, `Call-Id` → `call-id`). */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) return COMPACT[lower] ?? lower;
  return lower;
}

export function isListHeader(key: string): boolean {
  return LIST_HEADERS.has(key);
}

/** `call-id` → `Call-ID`, `max-forwards` → `Max-Forwards`. */
export function displayName(key: string): string {
  return DISPLAY[key] ?? key.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}
