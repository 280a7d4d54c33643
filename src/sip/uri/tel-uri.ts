/**
 * tel URIs (RFC 3966 §3):
 *
 *   telephone-uri = "tel:" telephone-subscriber
 *   global-number = "+" *phonedigit DIGIT *phonedigit *par
 *   local-number  = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex *par context *par
 *   par           = parameter / extension / isdn-subaddress      ; ";" pname [ "=" pvalue ]
 *   visual-separator = "-" / "." / "(" / ")"
 *
 * Deliberately lenient: RFC 3966 §5.1.5 requires a local number to carry `phone-context`; carriers sometimes omit
 * it, so a local number without one is accepted ({@link TelUri.phoneContext} is then undefined).
 */
import { ParseError } from '../message/parse-error.js';
import { DIGIT, HEXDIG, PARAM_CHARS, charTable, escapeText, inTable, unescapeText } from './chars.js';
import { type UriParam, findUriParam, formatUriParams, parseUriParams, withUriParam } from './uri-param.js';

/** pname = 1*( alphanum / "-" ) */
const PNAME_CHARS = charTable('a-z', 'A-Z', '0-9', '-');
/** pvalue = 1*paramchar; isdn-subaddress and phone-context also need the uric characters below. */
const PVALUE_CHARS = charTable('a-z', 'A-Z', '0-9', "-_.!~*'()", '[]/:&+$', '@=?,');
const VISUAL_SEPARATOR = charTable('-.()');

export class TelUri {
  readonly kind = 'tel' as const;
  readonly scheme = 'tel' as const;

  /**
   * @param number the subscriber number as written (`+1-201-555-0123`, `7042;phone-context=...` minus the params)
   * @param params parameters in escaped wire form, in order
   */
  constructor(
    readonly number: string,
    readonly params: readonly UriParam[] = [],
  ) {}

  static parse(text: string): TelUri {
    const bad = (why: string): ParseError =>
      new ParseError('bad-uri', `invalid tel URI ${JSON.stringify(text)}: ${why}`);
    if (text.length < 4 || text.slice(0, 4).toLowerCase() !== 'tel:') throw bad('scheme is not tel');
    const rest = text.slice(4);
    const semi = rest.indexOf(';');
    const number = semi === -1 ? rest : rest.slice(0, semi);
    if (!isSubscriberNumber(number)) throw bad('bad number');
    let params: UriParam[] = [];
    if (semi !== -1) {
      const parsed = parseUriParams(rest.slice(semi + 1), PNAME_CHARS, PVALUE_CHARS);
      if (parsed === null || parsed.some((p) => p.value === '')) throw bad('bad parameter');
      params = parsed;
    }
    return new TelUri(number, params);
  }

  toString(): string {
    return 'tel:' + this.number + formatUriParams(this.params);
  }

  /** True for a global number (`+` and an E.164 number, RFC 3966 §5.1.4). */
  get isGlobal(): boolean {
    return this.number.charCodeAt(0) === 0x2b;
  }

  /** The number without visual separators, keeping a leading `+` (`+12015550123`). */
  get digits(): string {
    let out = '';
    for (let i = 0; i < this.number.length; i++) {
      const c = this.number.charCodeAt(i);
      if (!inTable(VISUAL_SEPARATOR, c)) out += this.number[i];
    }
    return out;
  }

  param(name: string): string | null | undefined {
    return findUriParam(this.params, name);
  }

  get phoneContext(): string | undefined {
    return this.param('phone-context') ?? undefined;
  }

  get extension(): string | undefined {
    return this.param('ext') ?? undefined;
  }

  get isdnSubaddress(): string | undefined {
    return this.param('isub') ?? undefined;
  }

  withParam(name: string, value: string | null): TelUri {
    return new TelUri(this.number, withUriParam(this.params, name, value, PARAM_CHARS));
  }

  /** Builds `tel:` + number with unescaped parameter values. */
  static create(number: string, params: Iterable<readonly [string, string | null]> = []): TelUri {
    const list: UriParam[] = [];
    for (const [name, value] of params) list.push({ name, value: value === null ? null : escapeText(value, PVALUE_CHARS) });
    return TelUri.parse(new TelUri(number, list).toString());
  }
}

function isSubscriberNumber(number: string): boolean {
  if (number.length === 0) return false;
  const global = number.charCodeAt(0) === 0x2b;
  let significant = 0;
  for (let i = global ? 1 : 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    if (inTable(VISUAL_SEPARATOR, c)) continue;
    // global: phonedigit = DIGIT / visual-separator; local: phonedigit-hex = HEXDIG / "*" / "#" / visual-separator
    const ok = global ? inTable(DIGIT, c) : inTable(HEXDIG, c) || c === 0x2a || c === 0x23;
    if (!ok) return false;
    significant++;
  }
  return significant > 0;
}

/** Used by equality: parameter values compare without escapes and, for numbers, without visual separators. */
export function telParamKey(name: string, value: string | null): string {
  const n = unescapeText(name).toLowerCase();
  if (value === null) return n;
  let v = unescapeText(value).toLowerCase();
  if (n === 'ext' || n === 'isub') v = v.replace(/[-.()]/g, '');
  return `${n}=${v}`;
}
