/**
 * Just enough SIP for the benchmark's peers (operator phones and the trunk): parse a datagram into a start line,
 * headers and body; build responses that echo Via/From/To/Call-ID/CSeq (RFC 3261 §8.2.6.2); answer a digest
 * challenge (RFC 2617 / RFC 7616 MD5, with qop=auth when offered). Independent of src/sip on purpose: the peers must
 * not share code with the server they measure.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface SipMessage {
  /** "INVITE", "BYE", ... for requests; undefined for responses. */
  method: string | undefined;
  /** The Request-URI of a request. */
  uri: string;
  /** The status of a response. */
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type' };

export function parseSip(text: string): SipMessage | undefined {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 4);
  const lines = head.split('\r\n');
  const start = lines[0] ?? '';
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1]![1] += ' ' + line.trim(); // folded line
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.push([COMPACT[name] ?? name, line.slice(colon + 1).trim()]);
  }
  const response = /^SIP\/2\.0 (\d{3})/.exec(start);
  if (response) return { method: undefined, uri: '', status: Number(response[1]), headers, body };
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (!request) return undefined;
  return { method: request[1], uri: request[2]!, status: 0, headers, body };
}

export function header(m: SipMessage, name: string): string | undefined {
  return m.headers.find(([n]) => n === name)?.[1];
}

export function headers(m: SipMessage, name: string): string[] {
  return m.headers.filter(([n]) => n === name).map(([, v]) => v);
}

/** The user part of a SIP URI inside a header value or a Request-URI ("<sip:+1555@1.2.3.4>;tag=x" → "+1555"). */
export function userOf(value: string): string | undefined {
  return /sips?:([^@;>]+)@/.exec(value)?.[1];
}

/** The URI inside <...> of a name-addr, or the value up to its parameters. */
export function uriOf(value: string): string {
  const angle = /<([^>]+)>/.exec(value);
  return angle ? angle[1]! : value.split(';')[0]!.trim();
}

/** host and port of a sip: URI (port 5060 when absent). */
export function hostPortOf(uri: string): { host: string; port: number } {
  const m = /sips?:(?:[^@]+@)?([^:;>]+)(?::(\d+))?/.exec(uri);
  return { host: m?.[1] ?? '127.0.0.1', port: m?.[2] ? Number(m[2]) : 5060 };
}

export const token = (bytes = 6): string => randomBytes(bytes).toString('hex');

/** A response to `req`, echoing its Via, From, To (with `toTag` added if To has none), Call-ID and CSeq. */
export function response(req: SipMessage, status: number, reason: string, o: { toTag?: string; contact?: string; sdp?: string } = {}): string {
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const via of headers(req, 'via')) lines.push(`Via: ${via}`);
  lines.push(`From: ${header(req, 'from') ?? ''}`);
  const to = header(req, 'to') ?? '';
  lines.push(`To: ${o.toTag && !/;\s*tag=/i.test(to) ? `${to};tag=${o.toTag}` : to}`);
  lines.push(`Call-ID: ${header(req, 'call-id') ?? ''}`);
  lines.push(`CSeq: ${header(req, 'cseq') ?? ''}`);
  if (o.contact) lines.push(`Contact: ${o.contact}`);
  if (o.sdp) lines.push('Content-Type: application/sdp');
  lines.push(`Content-Length: ${Buffer.byteLength(o.sdp ?? '')}`, '', o.sdp ?? '');
  return lines.join('\r\n');
}

/** A minimal audio SDP (PCMU) for `port` on 127.0.0.1. */
export function sdp(port: number): string {
  return ['v=0', `o=bench ${Date.now()} 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', ''].join('\r\n');
}

function params(challenge: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g;
  for (let m = re.exec(challenge); m; m = re.exec(challenge)) out.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
  return out;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/**
 * The Authorization header value answering one of `challenges` (WWW-Authenticate values) with MD5 (RFC 2617 §3.2.2;
 * with qop=auth when the challenge offers it). Throws when no challenge offers MD5.
 */
export function digestAuthorization(challenges: string[], o: { method: string; uri: string; user: string; password: string }): string {
  const md5Challenge = challenges.find((c) => /^Digest\s/i.test(c) && !/algorithm\s*=\s*"?(SHA|MD5-sess)/i.test(c));
  if (!md5Challenge) throw new Error(`no MD5 digest challenge among: ${challenges.join(' | ')}`);
  const p = params(md5Challenge.replace(/^Digest\s+/i, ''));
  const realm = p.get('realm') ?? '';
  const nonce = p.get('nonce') ?? '';
  const ha1 = md5(`${o.user}:${realm}:${o.password}`);
  const ha2 = md5(`${o.method}:${o.uri}`);
  const qops = (p.get('qop') ?? '').split(',').map((q) => q.trim());
  const fields = [`username="${o.user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${o.uri}"`, 'algorithm=MD5'];
  if (qops.includes('auth')) {
    const cnonce = token(8);
    const nc = '00000001';
    fields.push(`response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`, 'qop=auth', `nc=${nc}`, `cnonce="${cnonce}"`);
  } else {
    fields.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  const opaque = p.get('opaque');
  if (opaque !== undefined) fields.push(`opaque="${opaque}"`);
  return `Digest ${fields.join(', ')}`;
}
