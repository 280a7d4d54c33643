/**
 * Any other URI scheme (RFC 3261 §25.1 absoluteURI = scheme ":" ( hier-part / opaque-part ), RFC 2396): `http:`,
 * `isbn:`, `urn:`, `mailto:`, ... SIP carries them in To, From, Contact and even the Request-URI (RFC 4475 §3.3.2
 * to §3.3.4); the message layer keeps them opaque and leaves it to the UA or proxy to answer 416.
 */
import { ParseError } from '../message/parse-error.js';
import { ALPHA, SCHEME_CHARS, URIC_CHARS, allIn, inTable, isEscapedText } from './chars.js';

export class AbsoluteUri {
  readonly kind = 'absolute' as const;

  /**
   * @param scheme lower-cased scheme name
   * @param rest everything after the colon, as written
   */
  constructor(
    readonly scheme: string,
    readonly rest: string,
  ) {}

  static parse(text: string): AbsoluteUri {
    const colon = text.indexOf(':');
    const scheme = colon === -1 ? '' : text.slice(0, colon);
    const rest = text.slice(colon + 1);
    if (scheme.length === 0 || !inTable(ALPHA, scheme.charCodeAt(0)) || !allIn(scheme, SCHEME_CHARS)) {
      throw new ParseError('bad-uri', `invalid URI ${JSON.stringify(text)}: bad scheme`);
    }
    if (!isEscapedText(rest, URIC_CHARS)) {
      throw new ParseError('bad-uri', `invalid URI ${JSON.stringify(text)}: bad characters`);
    }
    return new AbsoluteUri(scheme.toLowerCase(), rest);
  }

  toString(): string {
    return `${this.scheme}:${this.rest}`;
  }
}
