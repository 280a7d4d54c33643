/**
 * An address as From, To, Contact, Route, Record-Route, Reply-To, Refer-To... carry it (RFC 3261 §20.10, §25.1):
 *
 *   ( name-addr / addr-spec ) *( SEMI generic-param )
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * Deliberately lenient: no LWS is needed between a token display name and `<` (`caller<sip:...>`, a known
 * grammar bug, RFC 4475 §3.1.1.6). Strict elsewhere: no spaces inside `< >` (RFC 4475 §3.1.2.14), an addr-spec
 * holding `?` or `,` must be bracketed (§20.10, RFC 4475 §3.1.2.13), an unquoted display name is tokens only
 * (RFC 4475 §3.1.2.15).
 */
import { isToken } from '../uri/chars.js';
import { type Uri, parseUri } from '../uri/uri.js';
import { EncodeError } from './encode-error.js';
import { type HeaderParam, findParam, formatParams, scanParams, setParam } from './header-params.js';
import { ParseError } from './parse-error.js';
import { Scanner, quote } from './scanner.js';

export interface NameAddrInit {
  readonly uri: Uri;
  readonly displayName?: string | undefined;
  readonly params?: readonly HeaderParam[];
  /** Write the display name as a quoted-string. Defaults to true unless it is a plain sequence of tokens. */
  readonly displayNameQuoted?: boolean;
  /** Write `<uri>` even without a display name. Defaults to true. */
  readonly angleBrackets?: boolean;
}

export interface NameAddrParseOptions {
  /** Route, Record-Route, Path: only the name-addr form is allowed (§20.30, §20.34). */
  readonly requireAngleBrackets?: boolean;
}

function isTokenSequence(text: string): boolean {
  return text.length > 0 && text.split(/[ \t]+/).every(isToken);
}

export class NameAddr {
  readonly uri: Uri;
  readonly displayName: string | undefined;
  readonly displayNameQuoted: boolean;
  readonly angleBrackets: boolean;
  readonly params: readonly HeaderParam[];

  constructor(init: NameAddrInit) {
    this.uri = init.uri;
    this.displayName = init.displayName;
    this.displayNameQuoted =
      init.displayNameQuoted ?? !(init.displayName !== undefined && isTokenSequence(init.displayName));
    this.angleBrackets = init.angleBrackets ?? true;
    this.params = init.params ?? [];
  }

  /** Parses one value (one element of a list header). `header` names the field in errors. */
  static parse(text: string, header: string, options: NameAddrParseOptions = {}): NameAddr {
    const s: Scanner = new Scanner(text, header);
    s.skipWs();
    let displayName: string | undefined;
    let quoted = false;
    let angle = false;
    if (s.peek() === 0x22) {
      displayName = s.quotedString();
      quoted = true;
      s.skipWs();
      if (s.peek() !== 0x3c) s.fail('expected < after the display name');
      angle = true;
    } else {
      // Try `*(token LWS) <`; if no `<` follows, this is an addr-spec and we start again.
      const start = s.pos;
      let end = start;
      while (isToken(text.charAt(s.pos))) {
        s.token();
        end = s.pos;
        s.skipWs();
      }
      if (s.peek() === 0x3c) {
        angle = true;
        if (end > start) displayName = text.slice(start, end);
      } else {
        s.pos = start;
      }
    }

    let uriText: string;
    if (angle) {
      s.pos++; // <
      const close = text.indexOf('>', s.pos);
      if (close === -1) s.fail('missing >');
      uriText = text.slice(s.pos, close);
      s.pos = close + 1;
    } else {
      if (options.requireAngleBrackets) s.fail('expected <');
      const semi = text.indexOf(';', s.pos);
      uriText = text.slice(s.pos, semi === -1 ? text.length : semi).trimEnd();
      s.pos += uriText.length;
      if (/[?,]/.test(uriText)) s.fail('an addr-spec with ? or , must be enclosed in < >');
    }
    if (/[\s<>"]/.test(uriText)) s.fail('bad characters in URI');
    let uri: Uri;
    try {
      uri = parseUri(uriText);
    } catch (e) {
      if (e instanceof ParseError) {
        throw new ParseError('bad-header-value', `${header}: ${e.message}`, { header, cause: e });
      }
      throw e;
    }
    const params = scanParams(s);
    s.end();
    return new NameAddr({ uri, displayName, params, displayNameQuoted: quoted, angleBrackets: angle });
  }

  toString(): string {
    let out = '';
    if (this.displayName !== undefined) {
      if (this.displayNameQuoted) out = quote(this.displayName) + ' ';
      else if (isTokenSequence(this.displayName)) out = this.displayName + ' ';
      else throw new EncodeError(`display name ${JSON.stringify(this.displayName)} must be quoted`);
    }
    const uri = this.uri.toString();
    const brackets = this.angleBrackets || this.displayName !== undefined || /[;?,]/.test(uri);
    return out + (brackets ? `<${uri}>` : uri) + formatParams(this.params);
  }

  param(name: string): string | null | undefined {
    return findParam(this.params, name);
  }

  /** The tag parameter (RFC 3261 §19.3), identifying a dialog's side. */
  get tag(): string | undefined {
    return this.param('tag') ?? undefined;
  }

  withParam(name: string, value: string | null | undefined): NameAddr {
    return new NameAddr({ ...this, params: setParam(this.params, name, value) });
  }

  withTag(tag: string): NameAddr {
    return this.withParam('tag', tag);
  }

  withUri(uri: Uri): NameAddr {
    return new NameAddr({ ...this, uri });
  }
}
