/**
 * Single-valued header fields with a scalar grammar (RFC 3261 §20, §25.1). Leading zeros are allowed (`0068`,
 * RFC 4475 §3.1.1.1); values outside their range are errors (RFC 4475 §3.1.2.4), so the caller can choose between
 * a 400 and a default (§20.19: a bad Expires may be read as 3600).
 */
import { Scanner } from './scanner.js';
import { DIGIT, charTable } from '../uri/chars.js';

function digits(text: string, header: string, max: number): number {
  const s = new Scanner(text, header);
  s.skipWs();
  const d = s.run(DIGIT, 'a number');
  s.end();
  const n = Number(d);
  if (d.length > 15 || n > max) s.fail(`value exceeds ${max}`);
  return n;
}

/** Max-Forwards = 1*DIGIT, 0-255 (§20.22). */
export function parseMaxForwards(text: string): number {
  return digits(text, 'max-forwards', 255);
}

/** delta-seconds = 1*DIGIT, at most 2**32-1 (§20.19 Expires, §20.10 contact expires, §20.33 Retry-After). */
export function parseDeltaSeconds(text: string, header = 'expires'): number {
  return digits(text, header, 2 ** 32 - 1);
}

/** Content-Length = 1*DIGIT (§20.14). */
export function parseContentLength(text: string): number {
  return digits(text, 'content-length', Number.MAX_SAFE_INTEGER);
}

/**
 * callid = word [ "@" word ] (§25.1); word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" /
 * "~" / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}"). `%` is not an escape
 * here and brackets need not balance (RFC 4475 §3.1.1.2).
 */
const WORD_CHARS = charTable('a-z', 'A-Z', '0-9', "-.!%*_+`'~()<>:\\\"/[]?{}");

export function parseCallId(text: string): string {
  const s = new Scanner(text, 'call-id');
  s.skipWs();
  const start = s.pos;
  s.run(WORD_CHARS, 'word');
  if (s.peek() === 0x40 /* @ */) {
    s.pos++;
    s.run(WORD_CHARS, 'word');
  }
  const id = text.slice(start, s.pos);
  s.end();
  return id;
}

/** q-value of a Contact: "0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ] (§25.1). */
export function parseQValue(text: string): number {
  if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(text)) new Scanner(text, 'contact').fail('bad q-value');
  return Number(text);
}
