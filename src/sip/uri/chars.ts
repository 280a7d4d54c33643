/**
 * Character classes of RFC 3261 §25.1 (and RFC 3966 §3 for tel URIs) as 128-entry lookup tables, plus the
 * percent-escape helpers built on them. Tables beat regular expressions on the hot path (every URI and header
 * value of every message goes through them).
 */
import { isUtf8 } from 'node:buffer';

export type CharTable = Uint8Array;

/** Builds a table from a list of literal characters and `a-z`-style ranges. */
export function charTable(...specs: string[]): CharTable {
  const table = new Uint8Array(128);
  for (const spec of specs) {
    if (spec.length === 3 && spec[1] === '-') {
      for (let c = spec.charCodeAt(0); c <= spec.charCodeAt(2); c++) table[c] = 1;
    } else {
      for (let i = 0; i < spec.length; i++) table[spec.charCodeAt(i)] = 1;
    }
  }
  return table;
}

const ALPHANUM = ['a-z', 'A-Z', '0-9'];
/** mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")" */
const MARK = "-_.!~*'()";

export const ALPHA = charTable('a-z', 'A-Z');
export const DIGIT = charTable('0-9');
export const HEXDIG = charTable('0-9', 'a-f', 'A-F');
/** unreserved = alphanum / mark */
export const UNRESERVED = charTable(...ALPHANUM, MARK);
/** user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
export const USER_CHARS = charTable(...ALPHANUM, MARK, '&=+$,;?/');
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const PASSWORD_CHARS = charTable(...ALPHANUM, MARK, '&=+$,');
/** paramchar = param-unreserved / unreserved / escaped; param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$" */
export const PARAM_CHARS = charTable(...ALPHANUM, MARK, '[]/:&+$');
/** hname / hvalue: hnv-unreserved / unreserved / escaped; hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$" */
export const HNV_CHARS = charTable(...ALPHANUM, MARK, '[]/?:+$');
/** uric = reserved / unreserved / escaped (RFC 2396, used by absoluteURI in RFC 3261 §25.1); brackets per RFC 2732. */
export const URIC_CHARS = charTable(...ALPHANUM, MARK, ';/?:@&=+$,[]');
/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN_CHARS = charTable(...ALPHANUM, "-.!%*_+`'~");
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
export const SCHEME_CHARS = charTable(...ALPHANUM, '+-.');

export function inTable(table: CharTable, code: number): boolean {
  return code < 128 && table[code] === 1;
}

/** True when every character of `text` is in `table`. */
export function allIn(text: string, table: CharTable): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || table[c] !== 1) return false;
  }
  return true;
}

/** True when `text` is non-empty and made only of `table` characters and well-formed `%HH` escapes. */
export function isEscapedText(text: string, table: CharTable, allowEmpty = false): boolean {
  if (text.length === 0) return allowEmpty;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */) {
      if (!inTable(HEXDIG, text.charCodeAt(i + 1)) || !inTable(HEXDIG, text.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (c >= 128 || table[c] !== 1) {
      return false;
    }
  }
  return true;
}

export function isToken(text: string): boolean {
  return text.length > 0 && allIn(text, TOKEN_CHARS);
}

/**
 * Decodes `%HH` escapes (RFC 3261 §19.1.2). The resulting octets are read as UTF-8 when they are valid UTF-8 and
 * as ISO-8859-1 otherwise, so nothing is lost (`%FF` stays one character). Malformed escapes are kept literally:
 * callers validate before they decode.
 */
export function unescapeText(text: string): string {
  if (text.indexOf('%') === -1) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && inTable(HEXDIG, text.charCodeAt(i + 1)) && inTable(HEXDIG, text.charCodeAt(i + 2))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      for (const b of Buffer.from(text[i]!, 'utf8')) bytes.push(b);
    }
  }
  const buf = Buffer.from(bytes);
  return isUtf8(buf) ? buf.toString('utf8') : buf.toString('latin1');
}

/** Escapes every character of `text` that is not in `table` as UTF-8 `%HH` octets (RFC 3261 §19.1.2). */
export function escapeText(text: string, table: CharTable): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 128 && table[c] === 1) {
      out += ch;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
    }
  }
  return out;
}
