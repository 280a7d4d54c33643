/**
 * SIP and SIPS URIs (RFC 3261 §19.1, grammar in §25.1):
 *
 *   SIP-URI  = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 *   SIPS-URI = "sips:" [ userinfo ] hostport uri-parameters [ headers ]
 *   userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
 *   hostport = host [ ":" port ]
 *
 * Components are kept in their escaped wire form so that `SipUri.parse(text).toString()` gives `text` back (only
 * the scheme is lower-cased). Getters such as {@link SipUri.decodedUser} and {@link SipUri.param} unescape;
 * {@link SipUri.create} takes unescaped values and escapes what the grammar requires.
 */
import { ParseError } from '../message/parse-error.js';
import {
  HNV_CHARS,
  PARAM_CHARS,
  PASSWORD_CHARS,
  USER_CHARS,
  escapeText,
  isEscapedText,
  unescapeText,
} from './chars.js';
import { type HostKind, formatHost, parseHost } from './host.js';
import {
  type UriHeader,
  type UriParam,
  findUriParam,
  formatUriHeaders,
  formatUriParams,
  parseUriHeaders,
  parseUriParams,
  withUriParam,
  withoutUriParam,
} from './uri-param.js';

export interface SipUriParts {
  readonly scheme: 'sip' | 'sips';
  /** Escaped (wire) form. */
  readonly user?: string | undefined;
  /** Escaped (wire) form; may be empty (`sip:alice:@host`). */
  readonly password?: string | undefined;
  /** Without the brackets of an IPv6 reference. */
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port?: number | undefined;
  readonly params?: readonly UriParam[];
  readonly headers?: readonly UriHeader[];
}

/** Unescaped input for {@link SipUri.create}. */
export interface SipUriInit {
  readonly scheme?: 'sip' | 'sips';
  readonly user?: string;
  readonly password?: string;
  /** A hostname, an IPv4 address, or an IPv6 address with or without brackets. */
  readonly host: string;
  readonly port?: number;
  /** `[name, value]` pairs; a null value is a flag parameter (`lr`). */
  readonly params?: Iterable<readonly [string, string | null]>;
  readonly headers?: Iterable<readonly [string, string]>;
}

function bad(text: string, why: string): ParseError {
  return new ParseError('bad-uri', `invalid SIP URI ${JSON.stringify(text)}: ${why}`);
}

export class SipUri {
  readonly kind = 'sip' as const;
  readonly scheme: 'sip' | 'sips';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port: number | undefined;
  readonly params: readonly UriParam[];
  readonly headers: readonly UriHeader[];

  /** Trusts `parts` to be in valid wire form; use {@link SipUri.parse} or {@link SipUri.create} otherwise. */
  constructor(parts: SipUriParts) {
    this.scheme = parts.scheme;
    this.user = parts.user;
    this.password = parts.password;
    this.host = parts.host;
    this.hostKind = parts.hostKind;
    this.port = parts.port;
    this.params = parts.params ?? [];
    this.headers = parts.headers ?? [];
  }

  static parse(text: string): SipUri {
    const colon = text.indexOf(':');
    const scheme = text.slice(0, colon).toLowerCase();
    if (colon === -1 || (scheme !== 'sip' && scheme !== 'sips')) throw bad(text, 'scheme is not sip or sips');
    let rest = text.slice(colon + 1);

    // An unescaped "@" is legal nowhere but at the end of userinfo (§25.1), so the first one ends it.
    let user: string | undefined;
    let password: string | undefined;
    const at = rest.indexOf('@');
    if (at !== -1) {
      const userinfo = rest.slice(0, at);
      const pc = userinfo.indexOf(':');
      user = pc === -1 ? userinfo : userinfo.slice(0, pc);
      password = pc === -1 ? undefined : userinfo.slice(pc + 1);
      if (!isEscapedText(user, USER_CHARS)) throw bad(text, 'bad user part');
      if (password !== undefined && !isEscapedText(password, PASSWORD_CHARS, true)) throw bad(text, 'bad password');
      rest = rest.slice(at + 1);
    }

    let headers: UriHeader[] = [];
    const q = rest.indexOf('?');
    if (q !== -1) {
      const parsed = parseUriHeaders(rest.slice(q + 1), HNV_CHARS);
      if (parsed === null) throw bad(text, 'bad headers');
      headers = parsed;
      rest = rest.slice(0, q);
    }
    let params: UriParam[] = [];
    const semi = rest.indexOf(';');
    if (semi !== -1) {
      const parsed = parseUriParams(rest.slice(semi + 1), PARAM_CHARS, PARAM_CHARS);
      if (parsed === null) throw bad(text, 'bad uri-parameter');
      params = parsed;
      rest = rest.slice(0, semi);
    }

    // hostport: an IPv6 reference carries colons inside its brackets.
    const portColon = rest.charCodeAt(0) === 0x5b ? rest.indexOf(':', rest.indexOf(']')) : rest.indexOf(':');
    const hostText = portColon === -1 ? rest : rest.slice(0, portColon);
    const host = parseHost(hostText);
    if (host === null) throw bad(text, 'bad host');
    let port: number | undefined;
    if (portColon !== -1) {
      const portText = rest.slice(portColon + 1);
      if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw bad(text, 'bad port');
      port = Number(portText);
    }
    return new SipUri({ scheme, user, password, host: host.host, hostKind: host.kind, port, params, headers });
  }

  /** Builds a URI from unescaped values, escaping what RFC 3261 §25.1 requires. Throws ParseError on a bad host. */
  static create(init: SipUriInit): SipUri {
    const host = parseHost(init.host) ?? parseHost(`[${init.host}]`);
    if (host === null) throw bad(init.host, 'bad host');
    if (init.port !== undefined && (!Number.isInteger(init.port) || init.port < 0 || init.port > 65535)) {
      throw bad(String(init.port), 'bad port');
    }
    const params: UriParam[] = [];
    for (const [name, value] of init.params ?? []) {
      params.push({ name: escapeText(name, PARAM_CHARS), value: value === null ? null : escapeText(value, PARAM_CHARS) });
    }
    const headers: UriHeader[] = [];
    for (const [name, value] of init.headers ?? []) {
      headers.push({ name: escapeText(name, HNV_CHARS), value: escapeText(value, HNV_CHARS) });
    }
    return new SipUri({
      scheme: init.scheme ?? 'sip',
      user: init.user === undefined || init.user === '' ? undefined : escapeText(init.user, USER_CHARS),
      password: init.password === undefined ? undefined : escapeText(init.password, PASSWORD_CHARS),
      host: host.host,
      hostKind: host.kind,
      port: init.port,
      params,
      headers,
    });
  }

  toString(): string {
    let out = this.scheme + ':';
    if (this.user !== undefined) {
      out += this.user;
      if (this.password !== undefined) out += ':' + this.password;
      out += '@';
    }
    out += formatHost(this.host, this.hostKind);
    if (this.port !== undefined) out += ':' + this.port;
    return out + formatUriParams(this.params) + formatUriHeaders(this.headers);
  }

  get decodedUser(): string | undefined {
    return this.user === undefined ? undefined : unescapeText(this.user);
  }

  get decodedPassword(): string | undefined {
    return this.password === undefined ? undefined : unescapeText(this.password);
  }

  /** `host[:port]` as it appears in the URI (brackets around IPv6). */
  get hostport(): string {
    return formatHost(this.host, this.hostKind) + (this.port === undefined ? '' : ':' + this.port);
  }

  /** The unescaped value of a uri-parameter: a string, null for a flag (`lr`), undefined when absent. */
  param(name: string): string | null | undefined {
    return findUriParam(this.params, name);
  }

  hasParam(name: string): boolean {
    return findUriParam(this.params, name) !== undefined;
  }

  /** transport-param, lower-cased (`udp`, `tcp`, `tls`, `sctp`, `ws`, or an extension). */
  get transport(): string | undefined {
    return this.param('transport')?.toLowerCase();
  }

  /** lr-param: the next hop is a loose router (RFC 3261 §16.12, §19.1.1). */
  get lr(): boolean {
    return this.hasParam('lr');
  }

  get maddr(): string | undefined {
    return this.param('maddr') ?? undefined;
  }

  /** user-param (`phone`, `ip`, ...), lower-cased. */
  get userParam(): string | undefined {
    return this.param('user')?.toLowerCase();
  }

  /** ttl-param (0-255), for multicast maddr (§19.1.1); undefined when absent or not a number. */
  get ttl(): number | undefined {
    const v = this.param('ttl');
    return v !== undefined && v !== null && /^\d{1,3}$/.test(v) ? Number(v) : undefined;
  }

  /** method-param: the method of a request built from this URI (§19.1.1); meaningless in a Request-URI. */
  get methodParam(): string | undefined {
    return this.param('method') ?? undefined;
  }

  withParam(name: string, value: string | null): SipUri {
    return new SipUri({ ...this, params: withUriParam(this.params, name, value, PARAM_CHARS) });
  }

  withoutParam(name: string): SipUri {
    return new SipUri({ ...this, params: withoutUriParam(this.params, name) });
  }

  /** The same URI without its headers component, as a Request-URI must be (RFC 3261 §19.1.1, §8.1.1.1). */
  withoutHeaders(): SipUri {
    return this.headers.length === 0 ? this : new SipUri({ ...this, headers: [] });
  }

  withPort(port: number | undefined): SipUri {
    return new SipUri({ ...this, port });
  }
}
