/**
 * Header parameters (RFC 3261 §7.3.1, §25.1): `*( SEMI generic-param )`, generic-param = token [ EQUAL gen-value ],
 * gen-value = token / host / quoted-string. Names compare case-insensitively; values keep their case (a tag is
 * case-sensitive, §19.3). Whether a value was quoted is remembered so the parameter writes back the way it came.
 */
import { TOKEN_CHARS, allIn, charTable, isToken } from '../uri/chars.js';
import { EncodeError } from './encode-error.js';
import { type Scanner, quote } from './scanner.js';

export interface HeaderParam {
  readonly name: string;
  /** Unquoted, unescaped value; null for a parameter without `=` (`;lr`, `;rport`). */
  readonly value: string | null;
  /** The value was (and will be written as) a quoted-string. */
  readonly quoted: boolean;
}

/** Characters of an unquoted gen-value: token plus the `:` `[` `]` of IPv6 hosts (received=2001:db8::1). */
const GEN_VALUE_CHARS = charTable('a-z', 'A-Z', '0-9', "-.!%*_+`'~", ':[]');

/** Reads `*( SEMI generic-param )` at the scanner's position. */
export function scanParams(s: Scanner): HeaderParam[] {
  const out: HeaderParam[] = [];
  while (s.sep(0x3b /* ; */)) {
    const name = s.run(TOKEN_CHARS, 'parameter name');
    if (!s.sep(0x3d /* = */)) {
      out.push({ name, value: null, quoted: false });
    } else if (s.peek() === 0x22) {
      out.push({ name, value: s.quotedString(), quoted: true });
    } else {
      out.push({ name, value: s.run(GEN_VALUE_CHARS, 'parameter value'), quoted: false });
    }
  }
  return out;
}

export function formatParams(params: readonly HeaderParam[]): string {
  let out = '';
  for (const p of params) {
    out += ';' + p.name;
    if (p.value !== null) out += '=' + (p.quoted ? quote(p.value) : p.value);
  }
  return out;
}

/** The value of `name` (case-insensitive): a string, null for a flag, undefined when absent. */
export function findParam(params: readonly HeaderParam[], name: string): string | null | undefined {
  const wanted = name.toLowerCase();
  for (const p of params) if (p.name.length === wanted.length && p.name.toLowerCase() === wanted) return p.value;
  return undefined;
}

/** A parameter ready to write: quoted when the value is not a plain gen-value. */
export function makeParam(name: string, value: string | null): HeaderParam {
  if (!isToken(name)) throw new EncodeError(`parameter name ${JSON.stringify(name)} is not a token`);
  if (value === null) return { name, value, quoted: false };
  const plain = value.length > 0 && allIn(value, GEN_VALUE_CHARS);
  if (!plain) quote(value); // throws EncodeError for CR/LF
  return { name, value, quoted: !plain };
}

/** Returns `params` with `name` set to `value` (replacing an existing one in place) or, for undefined, removed. */
export function setParam(params: readonly HeaderParam[], name: string, value: string | null | undefined): HeaderParam[] {
  const wanted = name.toLowerCase();
  const out: HeaderParam[] = [];
  let placed = false;
  for (const p of params) {
    if (p.name.toLowerCase() !== wanted) out.push(p);
    else if (!placed && value !== undefined) {
      out.push(makeParam(p.name, value));
      placed = true;
    }
  }
  if (!placed && value !== undefined) out.push(makeParam(name, value));
  return out;
}
