import type { IncomingRequest } from '../core/incoming-request.js';
import { SipStack, type ScreenVerdict } from '../core/sip-stack.js';
import { Dialog } from '../dialog/dialog.js';
import { Listeners } from '../events/listeners.js';
import type { ReachabilityState } from '../keepalive/keep-alive-monitor.js';
import { ParseError, type SipRequest, type SipResponse } from '../message/index.js';
import { InMemoryLocationService, type Binding } from '../registrar/location-service.js';
import { Registrar } from '../registrar/registrar.js';
import { UserLocations } from '../registrar/user-locations.js';
import { DEFAULT_SESSION_TIMER_POLICY, negotiateAsUas, type SessionTimerPolicy } from '../session/session-timer-negotiation.js';
import type { TransportAddress } from '../transport/transport-address.js';
import { TrunkDirectory } from '../trunk/trunk-directory.js';
import { AbuseGuard } from './abuse-guard.js';
import { ALLOW, type CallSession } from './call-session.js';
import { DigestGuard } from './digest-guard.js';
import { InboundCall, type CallOrigin } from './inbound-call.js';
import { InviteGate } from './invite-gate.js';
import { OutboundCall, type OutboundCallOptions } from './outbound-call.js';
import { PeerReachability } from './peer-reachability.js';
import { placeTrunkCall, placeUserCall, type TrunkCallOptions, type UserCallOptions } from './place-call.js';
import { inboundPolicy, type UserAgentOptions } from './user-agent-options.js';

export interface UserAgentEvents extends Record<string, unknown[]> {
  /** An operator's phone registered (from no binding to one or more): it can be rung. */
  registered: [username: string, bindings: readonly Binding[]];
  /** An operator's last binding went away (un-REGISTER or expiry): do not ring them. */
  unregistered: [username: string, why: 'removed' | 'expired'];
  /** Any change of an operator's bindings. */
  bindings: [username: string, bindings: readonly Binding[]];
  /** A trunk's OPTIONS keep-alive state changed. */
  trunkState: [trunk: string, state: ReachabilityState];
  /** A registered contact's keep-alive state changed (`contact` is the binding key). */
  contactState: [username: string, contact: string, state: ReachabilityState];
}

/** Option tags we support (RFC 3261 §8.2.2.3: a Require naming others gets 420 Bad Extension). */
const SUPPORTED = new Set(['timer']);
/** Methods RFC 3261 defines or that we know; anything else gets 501 (§8.2.1), these others 405 with Allow. */
const KNOWN = new Set(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER', 'INFO', 'UPDATE', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'PUBLISH']);

/**
 * The user agent core (RFC 3261 §8): routes requests to the calls whose dialog they belong to, creates inbound calls
 * (from trunks, from authenticated phones), runs the registrar, places calls to trunks and registered phones, keeps
 * trunks and contacts under OPTIONS keep-alive, and refuses what it does not do with the status the RFC asks for.
 */
export class UserAgent {
  readonly events = new Listeners<UserAgentEvents>();
  readonly locations: UserLocations;
  readonly trunks: TrunkDirectory;
  stack!: SipStack;
  private readonly dialogs = new Map<string, CallSession>();
  private readonly outboundByCallId = new Map<string, OutboundCall>();
  private readonly guard: DigestGuard | undefined;
  private readonly abuse: AbuseGuard | undefined;
  private readonly sessionTimers: SessionTimerPolicy | undefined;
  private registrar: Registrar | undefined;
  private gate!: InviteGate;
  private reachability: PeerReachability | undefined;

  private constructor(private readonly options: UserAgentOptions) {
    const policy = inboundPolicy(options);
    this.trunks = new TrunkDirectory(options.trunks ?? [], options.rng);
    this.locations = new UserLocations(options.registrar?.locations ?? new InMemoryLocationService(), options.clock);
    const { lookup, realm, nonceSecret, algorithms } = options.operators ?? {};
    this.guard = lookup ? new DigestGuard({ lookup, realm, nonceSecret, algorithms, clock: options.clock, rng: options.rng }) : undefined;
    this.abuse = options.abuseLimits === false || (options.abuseLimits === undefined && policy.openInbound) ? undefined : new AbuseGuard(options.abuseLimits || {});
    this.sessionTimers = options.sessionTimers === false ? undefined : { ...DEFAULT_SESSION_TIMER_POLICY, ...options.sessionTimers };
    this.locations.events.on('registered', (u, b) => this.events.emit('registered', u, b));
    this.locations.events.on('unregistered', (u, why) => this.events.emit('unregistered', u, why));
    this.locations.events.on('changed', (u, b) => this.events.emit('bindings', u, b));
  }

  static async start(options: UserAgentOptions): Promise<UserAgent> {
    const ua = new UserAgent(options);
    ua.stack = await SipStack.start({
      listen: options.listen,
      clock: options.clock,
      rng: options.rng,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.network ? { network: options.network } : {}),
      handler: {
        onRequest: (incoming) => ua.onRequest(incoming),
        onAck: () => undefined,
        onStrayResponse: (res) => ua.onStrayResponse(res),
        screen: (req, source) => ua.screen(req, source),
      },
    });
    ua.wire();
    return ua;
  }

  private wire(): void {
    const { clock } = this.options;
    const guard = this.guard;
    if (guard) {
      const authenticate = async (incoming: IncomingRequest) => {
        const user = await guard.authenticate(incoming);
        if (user) this.abuse?.trust(incoming.source.address, clock.now());
        return user;
      };
      const { locations: _locations, ...policy } = this.options.registrar ?? {};
      this.registrar = new Registrar(this.locations, authenticate, clock, policy);
    }
    this.gate = new InviteGate(this.trunks, guard, inboundPolicy(this.options), this.abuse, clock);
    if (this.options.keepAlive !== false && (this.trunks.size > 0 || guard)) {
      this.reachability = new PeerReachability(this.stack, this.trunks, this.locations, this.options.keepAlive ?? {});
      this.reachability.events.on('trunkState', (t, s) => this.events.emit('trunkState', t, s));
      this.reachability.events.on('contactState', (u, c, s) => this.events.emit('contactState', u, c, s));
    }
  }

  get activeDialogs(): number {
    return this.dialogs.size;
  }

  /** The realm phones authenticate in (undefined without operators). */
  get realm(): string | undefined {
    return this.guard?.realm;
  }

  /** Places a call to any URI and address. Listen on `call.events` right after: events come asynchronously. */
  call(options: OutboundCallOptions): OutboundCall {
    const call = new OutboundCall(
      this.stack,
      { sessionTimers: this.sessionTimers, ...options },
      (c) => this.dialogs.set(c.dialog!.key, c),
      (c) => {
        if (c.dialog) this.dialogs.delete(c.dialog.key);
        this.outboundByCallId.delete(c.callId);
      },
    );
    this.outboundByCallId.set(call.callId, call);
    call.events.on('failed', () => this.outboundByCallId.delete(call.callId));
    call.start();
    return call;
  }

  /** Calls `number` through a trunk (its address, credentials and caller ID). Throws UnknownTrunkError. */
  callTrunk(trunkName: string, number: string, options: TrunkCallOptions): OutboundCall {
    const trunk = this.trunks.get(trunkName);
    return this.call(placeTrunkCall(this.stack, trunk, number, options, this.trunkState(trunkName)));
  }

  /** Rings an operator's registered phone (the best contact not down, over its REGISTER's flow). */
  callUser(username: string, options: UserCallOptions): OutboundCall {
    return this.call(placeUserCall(this.stack, username, this.reachableContacts(username), this.locations.lookup(username).length > 0, options));
  }

  /** An operator's bindings that may be offered calls (not marked down by keep-alive), best first. */
  reachableContacts(username: string): Binding[] {
    return this.locations.lookup(username).filter((b) => this.contactState(username, b.key) !== 'down');
  }

  trunkState(name: string): ReachabilityState {
    return this.reachability?.trunkState(name) ?? 'unknown';
  }

  contactState(username: string, bindingKey: string): ReachabilityState {
    return this.reachability?.contactState(username, bindingKey) ?? 'unknown';
  }

  async stop(): Promise<void> {
    this.reachability?.stop();
    this.locations.stop();
    await this.stack.stop();
  }

  private screen(req: SipRequest, source: TransportAddress): ScreenVerdict {
    const abuse = this.abuse;
    if (!abuse || this.trunks.forSource(source.address)) return undefined;
    const verdict = abuse.check(source.address, this.options.clock.now());
    if (verdict === 'allow') return undefined;
    if (verdict === 'drop') return 'drop';
    return { status: 503, reason: 'Service Unavailable (rate limited)', headers: [['Retry-After', String(abuse.retryAfterSeconds)]] };
  }

  private onRequest(incoming: IncomingRequest): void {
    const req = incoming.request;
    const unsupported = req.headers.values('require').filter((tag) => !SUPPORTED.has(tag.toLowerCase()));
    if (unsupported.length > 0 && req.method !== 'CANCEL') {
      // §8.2.2.3: "the UAS MUST respond by generating a response with a status code of 420 (Bad Extension)".
      incoming.respond(420, 'Bad Extension', [['Unsupported', unsupported.join(', ')]]);
      return;
    }
    const toTag = req.to.tag;
    if (toTag !== undefined) {
      // §12.2.2: a request with a To tag belongs to a dialog; none found → 481.
      const session = this.dialogs.get(Dialog.key({ callId: req.callId, localTag: toTag, remoteTag: req.from.tag ?? '' }));
      if (session) session.handleInDialog(incoming);
      else incoming.respond(481, 'Call/Transaction Does Not Exist');
      return;
    }
    if (this.options.onOtherRequest?.(incoming)) return;
    switch (req.method) {
      case 'INVITE':
        this.onInvite(incoming);
        return;
      case 'REGISTER':
        if (this.registrar) {
          this.background(this.registrar.handle(incoming), incoming);
          return;
        }
        incoming.respond(405, 'Method Not Allowed', [['Allow', ALLOW]]);
        return;
      case 'OPTIONS':
        incoming.respond(200, 'OK', [['Allow', ALLOW], ['Accept', 'application/sdp'], ['Supported', 'timer']]);
        return;
      case 'BYE':
        incoming.respond(481, 'Call/Transaction Does Not Exist');
        return;
      default:
        if (KNOWN.has(req.method)) incoming.respond(405, 'Method Not Allowed', [['Allow', ALLOW]]);
        else incoming.respond(501, 'Not Implemented');
    }
  }

  private onInvite(incoming: IncomingRequest): void {
    if (incoming.request.contacts.length === 0) {
      incoming.respond(400, 'Missing Contact');
      return;
    }
    const toTag = this.stack.newTag();
    const origin = this.gate.admit(incoming, toTag);
    if (origin instanceof Promise) this.background(origin.then((o) => o && this.startInbound(incoming, o, toTag)), incoming);
    else if (origin) this.startInbound(incoming, origin, toTag);
  }

  private startInbound(incoming: IncomingRequest, origin: CallOrigin, toTag: string): void {
    if (incoming.answered) return;
    if (incoming.cancelled) {
      // §9.2: cancelled while we checked the credentials; the caller gave up before anyone saw the call.
      incoming.respond(487, 'Request Terminated', [], { toTag });
      return;
    }
    let timer: ReturnType<typeof negotiateAsUas> = { kind: 'none' };
    if (this.sessionTimers) {
      try {
        timer = negotiateAsUas(incoming.request, this.sessionTimers);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        incoming.respond(400, `Bad Request (${e.message})`.slice(0, 120));
        return;
      }
      if (timer.kind === 'too-small') {
        // RFC 4028 §6: 422 carries our Min-SE; the UAC retries with at least that.
        incoming.respond(422, 'Session Interval Too Small', [['Min-SE', String(timer.minSe)]]);
        return;
      }
    }
    const flow = origin.kind === 'user' ? { ...incoming.source, connectionId: incoming.connectionId } : undefined;
    const call = new InboundCall(
      this.stack,
      incoming,
      (c) => this.dialogs.set(c.dialog!.key, c),
      (c) => {
        if (c.dialog) this.dialogs.delete(c.dialog.key);
      },
      { origin, sessionTimer: timer, sessionTimers: this.sessionTimers, flow, localTag: toTag },
    );
    if (this.options.onInvite) this.options.onInvite(call);
    else call.reject(480, 'Temporarily Unavailable');
  }

  /** Runs an asynchronous step of request handling; a defect answers 500 rather than leaving the request open. */
  private background(work: Promise<unknown>, incoming: IncomingRequest): void {
    work.catch((err: unknown) => {
      this.options.logger?.warn({ err: err instanceof Error ? err.stack : String(err), method: incoming.method }, 'SIP request handling failed');
      if (!incoming.answered) incoming.respond(500, 'Server Internal Error');
    });
  }

  private onStrayResponse(res: SipResponse): void {
    // A 2xx to our INVITE retransmitted after its transaction ended: ACK it again (§13.2.2.4).
    if (res.status >= 200 && res.status < 300 && res.cseq.method === 'INVITE') {
      this.outboundByCallId.get(res.callId)?.resendAck();
    }
  }
}

export type { SipRequest, TransportAddress };
