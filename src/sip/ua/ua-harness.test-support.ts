import { FakeClock } from '../../lib/fake-clock.js';
import { SequenceRng } from '../../lib/rng.js';
import { DigestClient } from '../auth/index.js';
import {
  isRequest,
  makeResponse,
  parseMessage,
  serializeMessage,
  SipRequest,
  type SipMessage,
  type SipResponse,
} from '../message/index.js';
import { MemoryNetwork, type DatagramEndpoint } from '../transport/memory-network.js';
import type { TransportAddress } from '../transport/transport-address.js';
import { UserAgent } from './user-agent.js';
import type { UserAgentOptions } from './user-agent-options.js';

/**
 * A user agent on an in-memory network with a fake clock, and raw SIP peers to talk to it: unit tests of the whole
 * UA (registrar, authentication, trunks, keep-alive, session timers) with no sockets and no real time.
 */
export const UA_ADDRESS: TransportAddress = { transport: 'udp', address: '10.0.0.1', port: 5060 };
export const PASSWORDS: Record<string, string> = { alice: 'alice-secret', bob: 'bob-secret' };
export const SDP = 'v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

/** Lets every queued delivery and promise settle (datagrams arrive on microtasks; digest checks are async). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}

export async function startUa(overrides: Partial<UserAgentOptions> = {}) {
  const clock = new FakeClock();
  const network = new MemoryNetwork();
  const ua = await UserAgent.start({
    listen: [{ transport: 'udp', host: UA_ADDRESS.address, port: UA_ADDRESS.port }],
    clock,
    rng: new SequenceRng('ua'),
    network,
    operators: { lookup: (u) => PASSWORDS[u] },
    ...overrides,
  });
  return { ua, clock, network };
}

interface Received {
  message: SipMessage;
  source: TransportAddress;
}

/** A raw SIP endpoint on the memory network: sends text requests and responses, collects what arrives. */
export class Peer {
  readonly inbox: Received[] = [];
  private readonly endpoint: DatagramEndpoint;
  private branch = 0;

  constructor(
    network: MemoryNetwork,
    readonly address = '10.0.0.2',
    readonly port = 5062,
  ) {
    this.endpoint = network.bind(address, port, (m) => this.inbox.push({ message: parseMessage(m.bytes), source: m.source }));
  }

  get hostport(): string {
    return `${this.address}:${this.port}`;
  }

  /** Builds a request with a fresh Via branch (and rport) from this peer. */
  request(method: string, uri: string, headers: Array<[string, string]>, body?: string): SipRequest {
    return new SipRequest({
      method,
      requestUri: uri,
      headers: [['Via', `SIP/2.0/UDP ${this.hostport};branch=z9hG4bKpeer${++this.branch};rport`], ['Max-Forwards', '70'], ...headers],
      ...(body === undefined ? {} : { body }),
    });
  }

  send(message: SipMessage, to: TransportAddress = UA_ADDRESS): void {
    void this.endpoint.send(serializeMessage(message), to);
  }

  /** Answers a request this peer received (to where it came from). */
  respond(request: SipRequest, status: number, headers: Array<[string, string]> = [], body?: string, toTag = 'peertag'): SipResponse {
    const res = makeResponse(request, status, undefined, headers, { toTag, ...(body === undefined ? {} : { body }) });
    const from = this.inbox.find((r) => r.message === request)?.source ?? UA_ADDRESS;
    this.send(res, from);
    return res;
  }

  /** Takes the first received message that matches, after letting the network settle. */
  async take(match: (m: SipMessage) => boolean, what = 'message'): Promise<SipMessage> {
    await flush();
    const i = this.inbox.findIndex((r) => match(r.message));
    if (i === -1) throw new Error(`no ${what} arrived; got: ${this.inbox.map((r) => summary(r.message)).join(' | ') || 'nothing'}`);
    return this.inbox.splice(i, 1)[0]!.message;
  }

  async response(status: number, method?: string): Promise<SipResponse> {
    return (await this.take((m) => !isRequest(m) && m.status === status && (method === undefined || m.cseq.method === method), `${status} ${method ?? ''}`)) as SipResponse;
  }

  async requestOf(method: string): Promise<SipRequest> {
    return (await this.take((m) => isRequest(m) && m.method === method, method)) as SipRequest;
  }

  /** Drops everything received so far (e.g. 100 Trying). */
  clear(): void {
    this.inbox.length = 0;
  }

  close(): void {
    void this.endpoint.close();
  }
}

function summary(m: SipMessage): string {
  return isRequest(m) ? m.method : `${m.status} ${m.cseq.method}`;
}

/** The Authorization value a phone of `username` sends after a 401 (the strongest algorithm, or the one asked). */
export function answerChallenge(res: SipResponse, req: SipRequest, username: string, password = PASSWORDS[username] ?? '', algorithm?: string): string {
  const client = new DigestClient({ username, password, rng: new SequenceRng('cn') });
  const values = res.headers.getAll('www-authenticate').filter((v) => algorithm === undefined || v.includes(`algorithm=${algorithm}`));
  const answer = client.begin({ method: req.method, uri: req.requestUriText }).onChallenge(values);
  if (!answer.ok) throw new Error(`cannot answer the challenge: ${answer.detail}`);
  return answer.authorization;
}

/** REGISTER headers for `user` from a peer, with optional extras. */
export function registerHeaders(peer: Peer, user: string, cseq: number, extra: Array<[string, string]> = [], callId = `reg-${user}`): Array<[string, string]> {
  return [
    ['From', `<sip:${user}@10.0.0.1>;tag=f${user}`],
    ['To', `<sip:${user}@10.0.0.1>`],
    ['Call-ID', callId],
    ['CSeq', `${cseq} REGISTER`],
    ...extra,
  ];
}

/** Registers `user` from `peer` through the 401 challenge; returns the 200. */
export async function register(
  peer: Peer,
  user: string,
  contact = `<sip:${user}@${peer.hostport}>`,
  expires = 600,
  { callId = `reg-${user}-${peer.hostport}`, cseq = 1 } = {},
): Promise<SipResponse> {
  const first = peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, user, cseq, [['Contact', contact], ['Expires', String(expires)]], callId));
  peer.send(first);
  const challenge = await peer.response(401, 'REGISTER');
  const auth = answerChallenge(challenge, first, user);
  const second = peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, user, cseq + 1, [['Contact', contact], ['Expires', String(expires)], ['Authorization', auth]], callId));
  peer.send(second);
  return peer.response(200, 'REGISTER');
}

export { FakeClock, MemoryNetwork };
