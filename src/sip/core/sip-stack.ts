import type { Clock } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';
import {
  MAGIC_COOKIE,
  ParseError,
  SipStreamFramer,
  isRequest,
  makeResponse,
  makeResponseFromContext,
  parseMessage,
  readResponseContext,
  serializeMessage,
  validateMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../message/index.js';
import { InviteClientTransaction } from '../transaction/invite-client-transaction.js';
import { InviteServerTransaction } from '../transaction/invite-server-transaction.js';
import { NonInviteClientTransaction } from '../transaction/non-invite-client-transaction.js';
import { NonInviteServerTransaction } from '../transaction/non-invite-server-transaction.js';
import { DEFAULT_TIMERS, type TimerValues } from '../transaction/timer-values.js';
import type { TransactionEnv } from '../transaction/transaction-types.js';
import type { DatagramEndpoint, DatagramNetwork } from '../transport/memory-network.js';
import { TcpTransport } from '../transport/tcp-transport.js';
import type { Flow, InboundMessage, SipTransportName, StreamFramer, TransportAddress } from '../transport/transport-address.js';
import { UdpTransport } from '../transport/udp-transport.js';
import { ClientTransactionLink, type ClientCallbacks, type ClientLinkHost, type ClientTx } from './client-transaction-link.js';
import { IncomingRequest } from './incoming-request.js';
import { responseDestination } from './response-destination.js';
import { ServerTransactionLink, type AckArrival, type ServerLinkHost, type TransportErrorSink } from './server-transaction-link.js';
import { SuccessRetransmitter } from './success-retransmitter.js';
import { clientKey, clientKeyOfResponse, inviteKeyForCancel, serverKey } from './transaction-keys.js';
import type { WireResponse } from './wire-response.js';

export type { ClientCallbacks } from './client-transaction-link.js';

export interface SipLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** The transaction user: the UA core above the stack (registrar, call handling). */
export interface SipRequestHandler {
  /** A new request (every method but ACK and CANCEL, which the stack handles). Must answer it. */
  onRequest(incoming: IncomingRequest): void;
  /** An ACK that matched no server transaction: the ACK for a 2xx, end to end (§13.3.1.4, §17.2.3). */
  onAck?(ack: SipRequest, source: TransportAddress): void;
  /** A response that matched no client transaction, e.g. a 2xx retransmission after it ended (§13.2.2.4). */
  onStrayResponse?(response: SipResponse, source: TransportAddress): void;
  /**
   * Looks at a new request before any transaction is created for it (abuse limits): `undefined` to go on, `drop` to
   * ignore it without a trace (no transaction, no answer), or a status to answer statelessly (e.g. 503).
   */
  screen?(request: SipRequest, source: TransportAddress): ScreenVerdict;
}

export type ScreenVerdict = undefined | 'drop' | { status: number; reason: string; headers?: Array<[string, string]> };

export interface SipStackOptions {
  listen: ReadonlyArray<{ transport: SipTransportName; host: string; port: number }>;
  clock: Clock;
  rng: Rng;
  handler: SipRequestHandler;
  timers?: TimerValues;
  /** Larger messages are dropped (UDP) or close the connection (TCP). Default 65,535 bytes. */
  maxMessageSize?: number;
  logger?: SipLogger;
  /**
   * Bind the UDP listeners on this network instead of real sockets (an in-memory network, so the whole user agent
   * runs in unit tests with a fake clock). TCP listeners are not available on it.
   */
  network?: DatagramNetwork;
}

/** A request sent by us, while its client transaction lives. */
export interface OutgoingRequest {
  readonly request: SipRequest;
  readonly branch: string;
  /** Sends CANCEL for an INVITE (§9.1: only once a provisional response arrived; earlier calls wait for one). */
  cancel(): void;
}

const quiet: SipLogger = { debug() {}, warn() {} };

/**
 * The SIP transport and transaction layers (RFC 3261 §17, §18) over UDP and TCP: parses what arrives, answers what
 * cannot be parsed with 400 when it can, matches requests and responses to transactions, and hands new requests to
 * the transaction user. Nothing that arrives can throw out of it: a message it cannot handle is logged and dropped.
 */
export class SipStack {
  private readonly udp = new Map<string, DatagramEndpoint | UdpTransport>();
  private readonly tcp = new Map<string, TcpTransport>();
  private readonly serverTx = new Map<string, ServerTransactionLink>();
  private readonly clientTx = new Map<string, ClientTx>();
  private readonly log: SipLogger;
  private readonly timers: TimerValues;
  private addresses: TransportAddress[] = [];
  private readonly successes: SuccessRetransmitter;
  /** After stop(), timers of transactions still running may fire: their sends are dropped, never thrown. */
  private stopped = false;
  private readonly envs: Readonly<Record<SipTransportName, TransactionEnv>>;
  /** What transaction links may do to the stack (one object for all of them). */
  private readonly host: ServerLinkHost & ClientLinkHost;

  private constructor(private readonly options: SipStackOptions) {
    this.log = options.logger ?? quiet;
    this.timers = options.timers ?? DEFAULT_TIMERS;
    this.successes = new SuccessRetransmitter(options.clock, this.timers);
    const env = (reliable: boolean): TransactionEnv => Object.freeze({ clock: options.clock, timers: this.timers, reliable });
    this.envs = { udp: env(false), tcp: env(true) };
    this.host = {
      transmit: (bytes, to, connectionId, onError) => this.transmit(bytes, to, connectionId, onError),
      ackArrived: (arrival) => this.ackArrived(arrival),
      retransmitSuccess: (response, tx, wire, incoming) => this.retransmitSuccess(response, tx, wire, incoming),
      failed: (key, why) => this.log.debug({ transaction: key, why }, 'server transaction failed'),
      forgetServer: (key, link) => {
        if (key !== undefined && this.serverTx.get(key) === link) this.serverTx.delete(key);
      },
      forgetClient: (key, tx) => {
        if (this.clientTx.get(key) === tx) this.clientTx.delete(key);
      },
      sendCancel: (cancel, to, branch) => this.sendNonInvite(cancel, to, { onResponse: () => undefined, onFailure: () => undefined }, branch),
    };
  }

  static async start(options: SipStackOptions): Promise<SipStack> {
    const stack = new SipStack(options);
    try {
      for (const l of options.listen) await stack.listenOn(l.transport, l.host, l.port);
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** The addresses actually bound (ports chosen by the OS when 0 was asked). */
  get listening(): readonly TransportAddress[] {
    return this.addresses;
  }

  localAddress(transport: SipTransportName): TransportAddress {
    const a = this.addresses.find((x) => x.transport === transport);
    if (!a) throw new Error(`no ${transport} listener`);
    return a;
  }

  /** The injected clock (the layers above time their own timers with it). */
  get clock(): Clock {
    return this.options.clock;
  }

  get transactionCount(): number {
    return this.serverTx.size + this.clientTx.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.successes.clear();
    for (const t of this.udp.values()) await t.close();
    for (const t of this.tcp.values()) await t.close();
    this.udp.clear();
    this.tcp.clear();
  }

  newBranch(): string {
    return `${MAGIC_COOKIE}${this.options.rng.hex(10)}`;
  }

  newTag(): string {
    return this.options.rng.hex(6);
  }

  newCallId(): string {
    return `${this.options.rng.uuid()}`;
  }

  /**
   * Sends a request in a new client transaction. The stack adds the top Via (our address, a fresh branch, rport per
   * RFC 3581) and Max-Forwards when missing. Over TCP, a `to` carrying a `connectionId` (a flow) reuses that
   * connection while it is open.
   */
  request(request: SipRequest, to: TransportAddress | Flow, callbacks: ClientCallbacks): OutgoingRequest {
    const local = this.localAddress(to.transport);
    const branch = this.newBranch();
    request.headers.prepend('Via', `SIP/2.0/${to.transport.toUpperCase()} ${hostPort(local)};branch=${branch};rport`);
    if (!request.headers.has('max-forwards')) request.headers.set('Max-Forwards', '70');
    const key = clientKey(branch, request.method);
    const connectionId = 'connectionId' in to ? to.connectionId : undefined;
    const link = new ClientTransactionLink(this.host, key, branch, request, serializeMessage(request), to, connectionId, callbacks);
    const env = this.envs[to.transport];
    link.tx = request.method === 'INVITE' ? new InviteClientTransaction<SipResponse>(env, link) : new NonInviteClientTransaction<SipResponse>(env, link);
    this.clientTx.set(key, link.tx);
    link.tx.start();
    return { request, branch, cancel: () => link.cancel() };
  }

  /** Sends a message outside any transaction: the ACK for a 2xx (§13.2.2.4), or a stateless answer. */
  sendStateless(message: SipMessage, to: TransportAddress, connectionId?: string): void {
    this.transmit(serializeMessage(message), to, connectionId);
  }

  // ---- inbound ----------------------------------------------------------------------------------------------------

  private receive(inbound: InboundMessage, parsed?: SipMessage): void {
    let message: SipMessage;
    try {
      message = parsed ?? parseMessage(inbound.bytes);
      if (isRequest(message)) {
        // Touch what every transaction needs, so a broken mandatory header is a ParseError here, not later.
        void message.via.branch;
        void message.cseq;
        void message.callId;
        void message.from;
        void message.to;
      } else {
        void message.via.branch;
        void message.cseq;
      }
    } catch (err) {
      if (err instanceof ParseError) this.answerUnparseable(inbound, err);
      else this.log.warn({ err: String(err), from: inbound.source }, 'SIP message handling failed');
      return;
    }
    try {
      if (isRequest(message)) this.receiveRequest(message, inbound);
      else this.receiveResponse(message, inbound);
    } catch (err) {
      // A defect in a handler must not take the stack down (the process serves every other call).
      this.log.warn({ err: err instanceof Error ? err.stack : String(err), from: inbound.source }, 'SIP handler failed');
    }
  }

  private answerUnparseable(inbound: InboundMessage, err: ParseError): void {
    this.log.debug({ from: inbound.source, reason: err.reason, detail: err.message }, 'unparseable SIP message');
    const ctx = readResponseContext(inbound.bytes);
    if (!ctx) return; // §18.1.2 / §8.2.2: nothing to answer with (or a response): drop it.
    const response = makeResponseFromContext(ctx, 400, `Bad Request (${err.message})`.slice(0, 120));
    this.transmit(serializeMessage(response), inbound.source, inbound.connectionId);
  }

  private receiveRequest(request: SipRequest, inbound: InboundMessage): void {
    // §18.2.1 and RFC 3581 §4: record where the request really came from in the top Via.
    const via = request.via;
    if (via.hasRport || via.host !== inbound.source.address) {
      const updated = via.withReceived(inbound.source.address, inbound.source.port);
      request.headers.shiftValue('via');
      request.headers.prepend('Via', updated.toString());
    }
    const key = serverKey(request);
    const existing = key !== undefined ? this.serverTx.get(key) : undefined;
    if (request.method !== 'ACK' && !existing) {
      // §8.2 / RFC 4475 §3.1.2, §3.3: a request whose header values are malformed or inconsistent (bad Content-Type,
      // To/From unparseable, CSeq method not matching) is answered 400 naming the first problem.
      const problems = validateMessage(request);
      if (problems.length > 0) {
        this.stateless(request, inbound, 400, `Bad Request (${problems[0]!.message})`.slice(0, 120));
        return;
      }
    }
    if (request.method === 'ACK') {
      const arrival: AckArrival = { ack: request, source: inbound.source };
      if (existing?.tx instanceof InviteServerTransaction) existing.tx.receiveAck(arrival);
      else this.ackArrived(arrival);
      return;
    }
    if (existing) {
      existing.tx.receiveRequest();
      return;
    }
    if (request.method === 'CANCEL') {
      this.receiveCancel(request, inbound, key);
      return;
    }
    const verdict = this.options.handler.screen?.(request, inbound.source);
    if (verdict === 'drop') return;
    if (verdict) {
      this.stateless(request, inbound, verdict.status, verdict.reason, verdict.headers);
      return;
    }
    const mf = request.maxForwards;
    if (mf !== undefined && mf <= 0 && request.method !== 'OPTIONS') {
      // §8.2.2 / §16.3: a request that has used up its hops is a loop: 483 Too Many Hops.
      this.stateless(request, inbound, 483, 'Too Many Hops');
      return;
    }
    const incoming = this.createServerTransaction(request, inbound, key);
    this.options.handler.onRequest(incoming);
  }

  private receiveCancel(cancel: SipRequest, inbound: InboundMessage, cancelKey: string | undefined): void {
    const inviteKey = inviteKeyForCancel(cancel);
    const target = inviteKey !== undefined ? this.serverTx.get(inviteKey) : undefined;
    const incoming = this.createServerTransaction(cancel, inbound, cancelKey);
    if (!target || !(target.tx instanceof InviteServerTransaction)) {
      // §9.2: "If the UAS did not find a matching transaction for the CANCEL ... it SHOULD respond ... 481".
      incoming.respond(481, 'Call/Transaction Does Not Exist');
      return;
    }
    incoming.respond(200, 'OK');
    // §9.2: the TU answers the INVITE with 487 if it has not sent a final response yet.
    if (target.tx.state === 'proceeding') target.incoming?.markCancelled();
  }

  /**
   * The server transaction for a new request, joined to the TU by a {@link ServerTransactionLink}; the closure given
   * to the IncomingRequest captures the link alone, so what a finished transaction keeps is what the link keeps.
   */
  private createServerTransaction(request: SipRequest, inbound: InboundMessage, key: string | undefined): IncomingRequest {
    const env = this.envs[inbound.source.transport];
    const invite = request.method === 'INVITE';
    const link = new ServerTransactionLink(this.host, key, responseDestination(request, inbound), inbound.connectionId, env.reliable, invite);
    const incoming = new IncomingRequest(request, inbound.source, inbound.local, inbound.connectionId, (res) => link.respond(res));
    link.incoming = incoming;
    if (invite) {
      const tx = new InviteServerTransaction<WireResponse, AckArrival>(env, link);
      link.tx = tx;
      tx.start();
    } else {
      link.tx = new NonInviteServerTransaction<WireResponse>(env, link);
    }
    if (key !== undefined) this.serverTx.set(key, link);
    return incoming;
  }

  /** An ACK for a 2xx (end to end, §13.3.1.4, §17.2.3; or matched in Accepted, RFC 6026 §7.1): it goes to the TU. */
  private ackArrived({ ack, source }: AckArrival): void {
    this.successes.acknowledged(SuccessRetransmitter.key(ack.callId, ack.cseq.seq));
    this.options.handler.onAck?.(ack, source);
  }

  /**
   * §13.3.1.4: the UAS core re-sends a 2xx over UDP until its ACK (through the transaction in Accepted, RFC 6026);
   * the retransmission holds the serialized 2xx, the transaction and the request for the no-ACK BYE, nothing else.
   */
  private retransmitSuccess(response: SipResponse, tx: ServerTransactionLink['tx'], wire: WireResponse, incoming: IncomingRequest): void {
    this.successes.start(
      SuccessRetransmitter.key(response.callId, response.cseq.seq),
      () => tx.respond(wire),
      () => incoming.markNoAck(),
    );
  }

  private receiveResponse(response: SipResponse, inbound: InboundMessage): void {
    const key = clientKeyOfResponse(response);
    const tx = key !== undefined ? this.clientTx.get(key) : undefined;
    if (tx) tx.receive(response);
    else this.options.handler.onStrayResponse?.(response, inbound.source);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  private sendNonInvite(request: SipRequest, to: TransportAddress, callbacks: ClientCallbacks, branch: string): void {
    // CANCEL reuses the INVITE's branch (§9.1), so it is sent in a transaction keyed by that branch and CANCEL.
    const key = clientKey(branch, request.method);
    const link = new ClientTransactionLink(this.host, key, branch, request, serializeMessage(request), to, undefined, callbacks);
    link.tx = new NonInviteClientTransaction<SipResponse>(this.envs[to.transport], link);
    this.clientTx.set(key, link.tx);
    link.tx.start();
  }

  private stateless(request: SipRequest, inbound: InboundMessage, status: number, reason: string, headers?: Array<[string, string]>): void {
    const res = makeResponse(request, status, reason, headers);
    this.transmit(serializeMessage(res), responseDestination(res, inbound), inbound.connectionId);
  }

  private transmit(bytes: Uint8Array, to: TransportAddress, connectionId: string | undefined, onError?: TransportErrorSink): void {
    if (this.stopped) return;
    const transports = to.transport === 'udp' ? this.udp : this.tcp;
    if (transports.size === 0) {
      this.log.warn({ to }, `no ${to.transport} listener to send with`);
      onError?.transportError();
      return;
    }
    const promise =
      to.transport === 'udp'
        ? this.firstOf(this.udp).send(bytes, to)
        : this.firstOf(this.tcp).send(bytes, to, connectionId);
    promise.catch((err: unknown) => {
      this.log.debug({ to, err: String(err) }, 'SIP send failed');
      onError?.transportError();
    });
  }

  private firstOf<T>(map: Map<string, T>): T {
    const first = map.values().next();
    if (first.done) throw new Error('no listener for this transport');
    return first.value;
  }

  private async listenOn(transport: SipTransportName, host: string, port: number): Promise<void> {
    const max = this.options.maxMessageSize ?? 65_535;
    const onWarning = (what: string, detail: Record<string, unknown>) => this.log.warn(detail, what);
    if (transport === 'udp' && this.options.network) {
      const t = this.options.network.bind(host, port, (m) => this.receive(m));
      this.udp.set(`${t.address.address}:${t.address.port}`, t);
      this.addresses.push(t.address);
    } else if (transport === 'udp') {
      const t = new UdpTransport({ host, port, maxMessageSize: max, onMessage: (m) => this.receive(m), onWarning });
      const a = await t.listen();
      this.udp.set(`${a.address}:${a.port}`, t);
      this.addresses.push(a);
    } else {
      const parsed = new WeakMap<Uint8Array, SipMessage>();
      const framer = (): StreamFramer => {
        const f = new SipStreamFramer({ maxMessageBytes: max });
        return {
          push: (chunk) =>
            f.push(chunk).map((o) => {
              if (o.kind === 'ping') return o;
              if (o.message) parsed.set(o.bytes, o.message);
              return { kind: 'message' as const, bytes: o.bytes };
            }),
        };
      };
      const t = new TcpTransport({ host, port, framer, onMessage: (m) => this.receive(m, parsed.get(m.bytes)), onWarning });
      const a = await t.listen();
      this.tcp.set(`${a.address}:${a.port}`, t);
      this.addresses.push(a);
    }
  }
}

function hostPort(a: TransportAddress): string {
  return `${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`;
}
