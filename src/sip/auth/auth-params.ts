import { AuthParseError, AuthValueError } from './auth-errors.js';

/**
 * The generic shape of an authentication header value, RFC 3261 §25.1 (after RFC 2617 §1.2):
 *
 *   challenge   = auth-scheme LWS auth-param *(COMMA auth-param)
 *   auth-param  = auth-param-name EQUAL ( token / quoted-string )
 *   COMMA       = SWS "," SWS            EQUAL = SWS "=" SWS
 *   quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
 *   quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
 *
 * Digest's own rules (which params exist, which are quoted) live in `digest-challenge.ts` and
 * `digest-credentials.ts`; this file only reads and writes the list, keeping whether each value was quoted so that
 * unknown params go back out as they came in.
 */
export interface AuthParam {
  name: string;
  value: string;
  quoted: boolean;
}

export interface AuthHeaderValue {
  scheme: string;
  params: AuthParam[];
}

/** RFC 3261 §25.1 token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" */
export const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const TOKEN_CHAR = /[A-Za-z0-9\-.!%*_+`'~]/;

/**
 * Reads `<scheme> <param>=<value>, ...`. Folded lines (CRLF + whitespace, RFC 3261 §7.3.1) count as one space.
 * Lenient where peers are: any whitespace around `=` and `,`, empty list elements (`a=1,,b=2`, RFC 7230 §7), and an
 * unquoted value made of any characters but whitespace, comma and quote. Throws only `AuthParseError`.
 */
export function parseAuthHeaderValue(text: string): AuthHeaderValue {
  const s = text.replace(/\r?\n[ \t]+/g, ' ');
  const fail = (at: number, reason: string): never => {
    throw new AuthParseError(at, reason);
  };
  if (/[\0\r\n]/.test(s)) fail(s.search(/[\0\r\n]/), 'NUL, CR or LF outside a folded line');
  let i = skipSpace(s, 0);
  const schemeStart = i;
  while (i < s.length && TOKEN_CHAR.test(s[i]!)) i++;
  if (i === schemeStart) fail(i, 'expected the auth scheme (a token)');
  const scheme = s.slice(schemeStart, i);
  const params: AuthParam[] = [];
  if (i < s.length && !/[ \t]/.test(s[i]!)) fail(i, 'expected whitespace after the auth scheme');
  i = skipSpace(s, i);
  while (i < s.length) {
    if (s[i] === ',') {
      i = skipSpace(s, i + 1);
      continue;
    }
    const nameStart = i;
    while (i < s.length && TOKEN_CHAR.test(s[i]!)) i++;
    if (i === nameStart) fail(i, `expected a parameter name, found '${s[i]}'`);
    const name = s.slice(nameStart, i);
    i = skipSpace(s, i);
    if (s[i] !== '=') fail(i, `expected '=' after '${name}'`);
    i = skipSpace(s, i + 1);
    let value = '';
    let quoted = false;
    if (s[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= s.length) fail(i, `unterminated quoted string in '${name}'`);
        const c = s[i]!;
        if (c === '"') break;
        if (c === '\\') {
          if (i + 1 >= s.length) fail(i, `unterminated quoted-pair in '${name}'`);
          value += s[i + 1];
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
      i++;
    } else {
      const valueStart = i;
      while (i < s.length && !/[\s,"]/.test(s[i]!)) i++;
      if (i === valueStart) fail(i, `'${name}' has no value`);
      value = s.slice(valueStart, i);
    }
    params.push({ name, value, quoted });
    i = skipSpace(s, i);
    if (i < s.length && s[i] !== ',') fail(i, `expected ',' after '${name}'`);
  }
  return { scheme, params };
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** Writes a quoted-string, escaping `"` and `\` (RFC 3261 §25.1 quoted-pair). */
export function quoteString(param: string, value: string): string {
  if (/[\0\r\n]/.test(value)) throw new AuthValueError(param, 'CR, LF and NUL cannot be written in a quoted string');
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** What `parseAuthHeaderValue` reads as an unquoted value, so that it can be written back unquoted. */
const UNQUOTED = /^[^\s,"\0]+$/;

/**
 * Writes one param: unquoted when `quoted` is false and the value can stand unquoted (a token, or whatever a lenient
 * peer sent unquoted and we read), quoted otherwise.
 */
export function serializeAuthParam(p: AuthParam): string {
  if (!TOKEN.test(p.name)) throw new AuthValueError(p.name, 'a parameter name must be a token');
  return `${p.name}=${!p.quoted && UNQUOTED.test(p.value) ? p.value : quoteString(p.name, p.value)}`;
}

/** Writes `<scheme> <param>, <param>, ...`, the inverse of `parseAuthHeaderValue`. */
export function serializeAuthHeaderValue(v: AuthHeaderValue): string {
  if (!TOKEN.test(v.scheme)) throw new AuthValueError('scheme', 'the auth scheme must be a token');
  return v.params.length === 0 ? v.scheme : `${v.scheme} ${v.params.map(serializeAuthParam).join(', ')}`;
}

/**
 * The known params by lower-cased name. RFC 7235 §2.1: "Each parameter name MUST only occur once per challenge";
 * a repeated one makes the value unreadable, since either reading could be the attack.
 */
export function paramsByName(
  params: readonly AuthParam[],
  known: ReadonlySet<string>,
  end: number,
): Map<string, string> {
  const map = new Map<string, string>();
  const seen = new Set<string>();
  for (const p of params) {
    const name = p.name.toLowerCase();
    if (seen.has(name)) throw new AuthParseError(end, `parameter '${name}' appears twice (RFC 7235 §2.1)`);
    seen.add(name);
    if (known.has(name)) map.set(name, p.value);
  }
  return map;
}
