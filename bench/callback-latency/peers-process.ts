/**
 * The far side of bench:callback-latency, in one process so every timestamp comes from one clock (performance.now()):
 *   - operator phones: one UDP socket each; REGISTER with digest auth (MD5), answer every INVITE with 200 OK at once
 *     (the moment just before that 200 is sent is the start of the measured interval), answer BYE;
 *   - the trunk: a UDP socket that timestamps each INVITE as it arrives (the end of the interval), answers 200 OK,
 *     and after the ACK waits `holdMs` (± holdSpread) and hangs up (BYE), which ends the callback and frees the
 *     operator.
 * Calls are matched by the customer's number: holdless rings the operator with the request's phone in From (the
 * caller ID it shows the operator) and dials the trunk with it in the Request-URI.
 *
 *   argv[2] = JSON PeersConfig; talks to run.ts over the fork IPC channel (bench/media-streams/child.ts).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CallbackRecord, FromPeers, PeersConfig, ToPeers } from './protocol.js';
import { digestAuthorization, header, headers, hostPortOf, parseSip, response, sdp, token, uriOf, userOf, type SipMessage } from './sip-lite.js';

const config = JSON.parse(process.argv[2]!) as PeersConfig;
const send = (m: FromPeers): void => void process.send!(m);
const lookup = (address: string, _o: unknown, cb: (e: null, a: string, f: number) => void): void => cb(null, address, 4);

const records = new Map<string, CallbackRecord>();
let completed = 0;
const problems: string[] = [];
const loop = monitorEventLoopDelay({ resolution: 5 });

function record(number: string): CallbackRecord {
  let r = records.get(number);
  if (!r) {
    r = { number, operator: '', opInviteAt: NaN, op200At: NaN, opAckAt: NaN, trunkInviteAt: NaN, trunkByeOkAt: NaN };
    records.set(number, r);
  }
  return r;
}

function problem(text: string): void {
  if (problems.length < 20) problems.push(text);
}

async function udp(): Promise<Socket> {
  const s = createSocket({ type: 'udp4', lookup, recvBufferSize: 1 << 20 });
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  return s;
}

/** A media socket that only swallows what holdless sends (the benchmark measures signalling). */
async function sink(): Promise<number> {
  const s = await udp();
  s.on('message', () => undefined);
  return s.address().port;
}

class OperatorPhone {
  private cseq = 1;
  private readonly callId = `${token(8)}@bench`;
  private readonly fromTag = token(4);
  private registered: { resolve: () => void; reject: (e: Error) => void } | null = null;
  /** 200 OKs already sent, by Call-ID (a retransmitted INVITE gets the same answer). */
  private readonly answered = new Map<string, string>();
  /** The customer's number of each call, by Call-ID. */
  private readonly numbers = new Map<string, string>();

  constructor(
    readonly user: string,
    private readonly password: string,
    private readonly socket: Socket,
    private readonly mediaPort: number,
    private registrar: { host: string; port: number },
  ) {
    socket.on('message', (buf, rinfo) => this.onMessage(buf, rinfo));
  }

  get port(): number {
    return this.socket.address().port;
  }

  register(registrar: { host: string; port: number }): Promise<void> {
    this.registrar = registrar;
    return new Promise((resolve, reject) => {
      this.registered = { resolve, reject };
      this.sendRegister();
    });
  }

  private sendRegister(authorization?: string): void {
    const r = this.registrar;
    const uri = `sip:${r.host}:${r.port}`;
    const lines = [
      `REGISTER ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${token(6)};rport`,
      'Max-Forwards: 70',
      `From: <sip:${this.user}@${r.host}>;tag=${this.fromTag}`,
      `To: <sip:${this.user}@${r.host}>`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${this.cseq++} REGISTER`,
      `Contact: <sip:${this.user}@127.0.0.1:${this.port}>`,
      'Expires: 3600',
    ];
    if (authorization) lines.push(`Authorization: ${authorization}`);
    lines.push('Content-Length: 0', '', '');
    this.socket.send(lines.join('\r\n'), r.port, r.host);
  }

  private onMessage(buf: Buffer, rinfo: RemoteInfo): void {
    const at = performance.now();
    const m = parseSip(buf.toString('latin1'));
    if (!m) return;
    if (m.method === undefined) return this.onResponse(m);
    const reply = (text: string): void => void this.socket.send(text, rinfo.port, rinfo.address);
    switch (m.method) {
      case 'INVITE': {
        const callId = header(m, 'call-id') ?? '';
        const again = this.answered.get(callId);
        if (again) return reply(again);
        const number = userOf(header(m, 'from') ?? '') ?? '?';
        const r = record(number);
        r.operator = this.user;
        r.opInviteAt = at;
        const ok = response(m, 200, 'OK', { toTag: token(4), contact: `<sip:${this.user}@127.0.0.1:${this.port}>`, sdp: sdp(this.mediaPort) });
        this.answered.set(callId, ok);
        this.numbers.set(callId, number);
        // The start of the measured interval: the operator answers. Taken just before the send, so the send's own
        // cost counts against holdless, not for it.
        r.op200At = performance.now();
        return reply(ok);
      }
      case 'ACK': {
        const number = this.numbers.get(header(m, 'call-id') ?? '');
        if (number !== undefined && Number.isNaN(record(number).opAckAt)) record(number).opAckAt = at;
        return;
      }
      case 'BYE':
      case 'CANCEL': {
        const callId = header(m, 'call-id') ?? '';
        this.answered.delete(callId);
        this.numbers.delete(callId);
        return reply(response(m, 200, 'OK'));
      }
      case 'OPTIONS':
        return reply(response(m, 200, 'OK'));
      default:
        return reply(response(m, 501, 'Not Implemented'));
    }
  }

  private onResponse(m: SipMessage): void {
    if (!/REGISTER/.test(header(m, 'cseq') ?? '') || !this.registered) return;
    if (m.status === 401 || m.status === 407) {
      const challenges = headers(m, m.status === 401 ? 'www-authenticate' : 'proxy-authenticate');
      try {
        const r = this.registrar;
        this.sendRegister(digestAuthorization(challenges, { method: 'REGISTER', uri: `sip:${r.host}:${r.port}`, user: this.user, password: this.password }));
      } catch (err) {
        this.registered.reject(err as Error);
        this.registered = null;
      }
    } else if (m.status >= 200 && m.status < 300) {
      this.registered.resolve();
      this.registered = null;
    } else if (m.status >= 300) {
      this.registered.reject(new Error(`${this.user}: REGISTER answered ${m.status}`));
      this.registered = null;
    }
  }
}

class Trunk {
  private readonly answered = new Map<string, string>();
  /** Dialogs waiting for their ACK, by Call-ID: what we need to hang up. */
  private readonly dialogs = new Map<string, { invite: SipMessage; toTag: string; number: string; from: RemoteInfo }>();

  constructor(
    private readonly socket: Socket,
    private readonly mediaPort: number,
  ) {
    socket.on('message', (buf, rinfo) => this.onMessage(buf, rinfo));
  }

  get port(): number {
    return this.socket.address().port;
  }

  private onMessage(buf: Buffer, rinfo: RemoteInfo): void {
    // The end of the measured interval: the customer's INVITE has arrived.
    const at = performance.now();
    const m = parseSip(buf.toString('latin1'));
    if (!m) return;
    const callId = header(m, 'call-id') ?? '';
    if (m.method === undefined) {
      if (/BYE/.test(header(m, 'cseq') ?? '') && m.status >= 200) {
        const d = this.dialogs.get(callId);
        if (d) {
          record(d.number).trunkByeOkAt = at;
          this.dialogs.delete(callId);
          completed++;
        }
      }
      return;
    }
    const reply = (text: string): void => void this.socket.send(text, rinfo.port, rinfo.address);
    switch (m.method) {
      case 'INVITE': {
        const again = this.answered.get(callId);
        if (again) return reply(again);
        const number = userOf(m.uri) ?? '?';
        const r = record(number);
        if (!Number.isNaN(r.trunkInviteAt)) problem(`a second callback INVITE for ${number}`);
        r.trunkInviteAt = at;
        const toTag = token(4);
        const ok = response(m, 200, 'OK', { toTag, contact: `<sip:trunk@127.0.0.1:${this.port}>`, sdp: sdp(this.mediaPort) });
        this.answered.set(callId, ok);
        this.dialogs.set(callId, { invite: m, toTag, number, from: rinfo });
        return reply(ok);
      }
      case 'ACK': {
        const d = this.dialogs.get(callId);
        if (d) setTimeout(() => this.hangUp(callId), config.holdMs * (1 + config.holdSpread * (2 * Math.random() - 1)));
        return;
      }
      case 'BYE': {
        // holdless hung up first (the operator left): the callback is over too.
        const d = this.dialogs.get(callId);
        if (d) {
          record(d.number).trunkByeOkAt = at;
          this.dialogs.delete(callId);
          completed++;
        }
        return reply(response(m, 200, 'OK'));
      }
      default:
        return reply(response(m, 200, 'OK'));
    }
  }

  /** BYE from the callee's side of the dialog (RFC 3261 §12.2.1.1): From is the INVITE's To with our tag. */
  private hangUp(callId: string): void {
    const d = this.dialogs.get(callId);
    if (!d) return;
    this.answered.delete(callId);
    const inv = d.invite;
    const target = uriOf(header(inv, 'contact') ?? `<sip:${d.from.address}:${d.from.port}>`);
    const routes = headers(inv, 'record-route');
    const lines = [
      `BYE ${target} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${token(6)};rport`,
      'Max-Forwards: 70',
      `From: ${header(inv, 'to') ?? ''};tag=${d.toTag}`,
      `To: ${header(inv, 'from') ?? ''}`,
      `Call-ID: ${callId}`,
      'CSeq: 1 BYE',
      ...routes.map((r) => `Route: ${r}`),
      'Content-Length: 0',
      '',
      '',
    ];
    // Loose routing (RFC 3261 §12.2.1.1): with a route set the request goes to its first entry.
    const next = routes.length > 0 ? hostPortOf(uriOf(routes[0]!)) : { host: d.from.address, port: d.from.port };
    this.socket.send(lines.join('\r\n'), next.port, next.host);
  }
}

const phones: OperatorPhone[] = [];
let trunk: Trunk;

async function open(): Promise<{ trunkPort: number }> {
  trunk = new Trunk(await udp(), await sink());
  for (const op of config.operators) phones.push(new OperatorPhone(op.username, op.password, await udp(), await sink(), { host: '127.0.0.1', port: 5060 }));
  return { trunkPort: trunk.port };
}

process.on('disconnect', () => process.exit(0));
process.on('message', (m: ToPeers) => {
  if (m.type === 'register') {
    loop.enable();
    Promise.all(phones.map((p) => p.register({ host: '127.0.0.1', port: m.sipPort }))).then(
      () => send({ type: 'registered' }),
      (err: Error) => send({ type: 'error', message: err.message }),
    );
  } else if (m.type === 'progress') {
    send({ type: 'progress', completed, trunkInvites: [...records.values()].filter((r) => !Number.isNaN(r.trunkInviteAt)).length });
  } else if (m.type === 'collect') {
    send({ type: 'records', records: [...records.values()], problems: [...problems], loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 });
    records.clear();
    problems.length = 0;
    completed = 0;
    loop.reset();
  } else if (m.type === 'exit') {
    process.exit(0);
  }
});

open().then(
  ({ trunkPort }) => send({ type: 'ready', trunkPort }),
  (err: Error) => send({ type: 'error', message: err.message }),
);
