/**
 * One Via value (RFC 3261 §20.42, §25.1; rport from RFC 3581):
 *
 *   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   sent-by       = host [ COLON port ]
 *   via-params    = via-ttl / via-maddr / via-received / via-branch / response-port / via-extension
 *
 * SLASH, COLON and SEMI allow whitespace around them (`SIP  /   2.0 /UDP`, RFC 4475 §3.1.1.1). Known parameters
 * are checked when the value is parsed: received must be an IP address, ttl 0-255, rport empty or a port.
 */
import { DIGIT } from '../uri/chars.js';
import { type HostKind, formatHost, isIPv4, isIPv6, parseHost } from '../uri/host.js';
import { type HeaderParam, findParam, formatParams, scanParams, setParam } from './header-params.js';
import { Scanner } from './scanner.js';

/** The RFC 3261 branch prefix (§8.1.1.7): a branch starting with it is unique per transaction. */
export const MAGIC_COOKIE = 'z9hG4bK';

export interface ViaInit {
  readonly protocolName?: string;
  readonly protocolVersion?: string;
  /** `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS` or an extension token. */
  readonly transport: string;
  /** Without the brackets of an IPv6 address. */
  readonly host: string;
  readonly hostKind?: HostKind;
  readonly port?: number | undefined;
  readonly params?: readonly HeaderParam[];
}

function isPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535;
}

export class Via {
  readonly protocolName: string;
  readonly protocolVersion: string;
  readonly transport: string;
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port: number | undefined;
  readonly params: readonly HeaderParam[];

  constructor(init: ViaInit) {
    this.protocolName = init.protocolName ?? 'SIP';
    this.protocolVersion = init.protocolVersion ?? '2.0';
    this.transport = init.transport;
    this.host = init.host;
    this.hostKind = init.hostKind ?? (isIPv4(init.host) ? 'ipv4' : isIPv6(init.host) ? 'ipv6' : 'hostname');
    this.port = init.port;
    this.params = init.params ?? [];
  }

  static parse(text: string): Via {
    const s: Scanner = new Scanner(text, 'via');
    s.skipWs();
    const protocolName = s.token('protocol name');
    if (!s.sep(0x2f /* / */)) s.fail('expected /');
    const protocolVersion = s.token('protocol version');
    if (!s.sep(0x2f)) s.fail('expected /');
    const transport = s.token('transport');
    if (!s.skipWs()) s.fail('expected whitespace before sent-by');

    const start = s.pos;
    if (s.peek() === 0x5b /* [ */) {
      const close = text.indexOf(']', start);
      if (close === -1) s.fail('unterminated IPv6 reference');
      s.pos = close + 1;
    } else {
      for (let c = s.peek(); c !== -1 && c !== 0x20 && c !== 0x09 && c !== 0x3a && c !== 0x3b && c !== 0x2c; c = s.peek()) s.pos++;
    }
    const host = parseHost(text.slice(start, s.pos));
    if (host === null) s.fail('bad sent-by host');
    let port: number | undefined;
    if (s.sep(0x3a /* : */)) {
      const p = s.run(DIGIT, 'port');
      if (!isPort(p)) s.fail('port out of range');
      port = Number(p);
    }
    const params = scanParams(s);
    s.end();

    // Known parameters are checked in one pass (RFC 3261 §20.42, RFC 3581 §4).
    for (const p of params) {
      switch (p.name.toLowerCase()) {
        case 'received':
          if (p.value === null || !(isIPv4(p.value) || isIPv6(p.value.replace(/^\[|\]$/g, '')))) {
            s.fail('received is not an IP address');
          }
          break;
        case 'rport':
          if (p.value !== null && !isPort(p.value)) s.fail('bad rport');
          break;
        case 'ttl':
          if (p.value === null || !/^\d{1,3}$/.test(p.value) || Number(p.value) > 255) s.fail('bad ttl');
          break;
        case 'branch':
          if (p.value === null) s.fail('branch without a value');
          break;
      }
    }
    return new Via({ protocolName, protocolVersion, transport, host: host.host, hostKind: host.kind, port, params });
  }

  toString(): string {
    const port = this.port === undefined ? '' : ':' + this.port;
    return `${this.protocolName}/${this.protocolVersion}/${this.transport} ${formatHost(this.host, this.hostKind)}${port}${formatParams(this.params)}`;
  }

  param(name: string): string | null | undefined {
    return findParam(this.params, name);
  }

  get branch(): string | undefined {
    return this.param('branch') ?? undefined;
  }

  /** The branch carries the RFC 3261 magic cookie, so it identifies the transaction alone (§17.2.3). */
  get hasMagicCookie(): boolean {
    return this.branch?.startsWith(MAGIC_COOKIE) ?? false;
  }

  get received(): string | undefined {
    return this.param('received') ?? undefined;
  }

  /** `rport` is present, with or without a value (RFC 3581 §4: the client asks for symmetric response routing). */
  get hasRport(): boolean {
    return this.param('rport') !== undefined;
  }

  /** The rport value filled in by the server (RFC 3581 §4), when present. */
  get rport(): number | undefined {
    const v = this.param('rport');
    return v === undefined || v === null ? undefined : Number(v);
  }

  get maddr(): string | undefined {
    return this.param('maddr') ?? undefined;
  }

  get ttl(): number | undefined {
    const v = this.param('ttl');
    return v === undefined || v === null ? undefined : Number(v);
  }

  /** `host[:port]` as written. */
  get sentBy(): string {
    return formatHost(this.host, this.hostKind) + (this.port === undefined ? '' : ':' + this.port);
  }

  /** Sets (string), flags (null) or removes (undefined) a parameter. */
  withParam(name: string, value: string | null | undefined): Via {
    return new Via({ ...this, params: setParam(this.params, name, value) });
  }

  /** What a server adds on receipt (RFC 3261 §18.2.1, RFC 3581 §4): received=<source IP>, rport=<source port>. */
  withReceived(address: string, port?: number): Via {
    const v = this.withParam('received', address);
    return port !== undefined && this.hasRport ? v.withParam('rport', String(port)) : v;
  }
}
