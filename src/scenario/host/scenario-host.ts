/**
 * Runs scenario sessions and serves them (`ScenarioServices`): routes inbound calls to the rule whose pattern matches
 * the dialed number, starts sessions for HTTP starts, carries call commands to `TelephonyCall`s and call events back,
 * and hands `enqueueACDRequest` / `getStatus` / `cancel` to `ScenarioRequests` (scenario-requests.ts, with the
 * callback rule: a caller who hangs up without cancelling keeps the place as a callback, the session living on
 * without calls). ACD events for a session's requests come back through `AcdGlue`, which calls `deliverAcd` and
 * `adopt`. Sessions run here or on scenario worker threads (`workers`), driven alike through `SessionHandle`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AcdService } from '../../acd/acd-service.js';
import type { Clock, TimerHandle } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';
import { RequestLinks, type RequestLink } from '../../telephony/request-links.js';
import type { ScenarioPort } from '../../telephony/scenario-port.js';
import type { PlayItem, Telephony } from '../../telephony/telephony.js';
import type { TelephonyCall, TelephonyCallEvents } from '../../telephony/telephony-call.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import type { SandboxLimits } from '../sandbox/scenario-sandbox.js';
import type { CallInfo, EnqueueOptions, ScenarioServices, UserCallParams } from '../session/scenario-services.js';
import { ScenarioSession } from '../session/scenario-session.js';
import type { SessionHandle } from '../session/session-handle.js';
import type { SessionLifetime } from '../session/session-lifetime.js';
import type { RemoteSession } from '../worker/remote-session.js';
import type { RemoteCommand } from '../worker/scenario-worker-protocol.js';
import type { ScenarioWorkers } from '../worker/scenario-workers.js';
import { ScenarioRequests } from './scenario-requests.js';

export interface ScenarioRule {
  id: number;
  name: string;
  /** Compiled dialed-number pattern; absent: the rule is started over HTTP only. */
  pattern?: RegExp | undefined;
  /** Absolute path of the scenario file. */
  scenario: string;
}

export interface ScenarioHostOptions {
  telephony: Telephony;
  acd: AcdService;
  clock: Clock;
  rng: Rng;
  rules: readonly ScenarioRule[];
  lifetime?: Partial<SessionLifetime>;
  limits?: Partial<SandboxLimits>;
  /** `media:<name>` playback names → absolute file paths (e.g. hold-music). */
  mediaNames: Readonly<Record<string, string>>;
  log: (fields: Record<string, unknown>, message: string) => void;
  /**
   * Scenario worker threads (config `scenarios.workers`): sessions run there, and only their commands and events
   * cross to this thread. Absent: sessions run on this thread.
   */
  workers?: ScenarioWorkers | undefined;
}

interface SessionEntry {
  session: SessionHandle;
  rule: ScenarioRule;
  inboundCallId?: string;
}

/** The rule cannot be found (HTTP start). */
export class UnknownScenarioRuleError extends Error {
  override readonly name = 'UnknownScenarioRuleError';
}

const CALL_EVENTS: ReadonlyArray<keyof TelephonyCallEvents> = ['Connected', 'Ringing', 'Disconnected', 'Failed', 'PlaybackFinished', 'ToneReceived'];

export class ScenarioHost implements ScenarioServices, ScenarioPort {
  readonly links = new RequestLinks();
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly requests: ScenarioRequests;

  constructor(private readonly o: ScenarioHostOptions) {
    this.requests = new ScenarioRequests({ acd: o.acd, links: this.links, rng: o.rng, deliver: (link, event, data) => this.deliverAcd(link, event, data), log: o.log });
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  rules(): Array<{ id: number; name: string }> {
    return this.o.rules.map((r) => ({ id: r.id, name: r.name }));
  }

  session(id: string): SessionHandle | undefined {
    return this.sessions.get(id)?.session;
  }

  /** An INVITE from a trunk or phone: the first rule whose pattern matches the dialed number runs it (else 404). */
  inboundCall(call: TelephonyCall): void {
    const dialed = call.identity.number ?? '';
    const rule = this.o.rules.find((r) => r.pattern?.test(dialed));
    if (!rule) {
      this.o.log({ callId: call.id, dialed }, 'no rule matches the dialed number: 404');
      call.reject(404);
      return;
    }
    const started = this.startSession(rule, '');
    if (!started) {
      call.reject(500);
      return;
    }
    started.entry.inboundCallId = call.id;
    this.wireCall(call, started.entry.session);
    started.entry.session.inboundCall(infoOf(call));
    // A session on a worker reports a failed start later: the call is refused then (it cannot have been answered).
    started.ready.catch(() => call.reject(500));
  }

  /** An HTTP start (`POST /api/v1/scenarios/start`, `StartScenarios`). */
  start(rule: { name: string } | { id: number }, customData: string): Promise<{ sessionId: string }> {
    const found = 'name' in rule ? this.o.rules.find((r) => r.name === rule.name) : this.o.rules.find((r) => r.id === rule.id);
    if (!found) return Promise.reject(new UnknownScenarioRuleError(`no rule ${'name' in rule ? `named '${rule.name}'` : `with id ${rule.id}`}`));
    const started = this.startSession(found, customData);
    const failed = (): Error => new Error(`scenario ${basename(found.scenario)} could not start`);
    if (!started) return Promise.reject(failed());
    return started.ready.then(
      () => ({ sessionId: started.entry.session.id }),
      () => Promise.reject(failed()),
    );
  }

  /**
   * Ends every session (shutdown). Sessions on workers end there: this waits for them (at most `waitMs`), so their
   * last commands (hang-ups, cancellations) are carried out before the rest of the server stops.
   */
  async terminateAll(waitMs = 2000): Promise<void> {
    const all = [...this.sessions.values()].map((e) => e.session);
    for (const session of all) session.terminate('server shutting down');
    const remote = all.filter((s) => s.state !== 'terminated').map((s) => s.whenEnded());
    if (remote.length === 0) return;
    let timer: TimerHandle | undefined;
    await Promise.race([Promise.all(remote), new Promise<void>((resolve) => (timer = this.o.clock.setTimeout(resolve, waitMs)))]);
    if (timer) this.o.clock.clearTimeout(timer);
  }

  private startSession(rule: ScenarioRule, customData: string): { entry: SessionEntry; ready: Promise<void> } | null {
    let source: string;
    try {
      source = readFileSync(rule.scenario, 'utf8');
    } catch (err) {
      this.o.log({ rule: rule.name, scenario: rule.scenario }, `cannot read the scenario: ${(err as Error).message}`);
      return null;
    }
    const id = this.o.rng.uuid();
    const filename = basename(rule.scenario);
    const onEnded = (reason: string, error?: SandboxError): void => {
      this.sessions.delete(id);
      for (const link of this.links.ofSession(id)) {
        // A request still linked to an ended session is served without a scenario (AcdGlue's built-in flow),
        // including a callback whose operator is already waiting for the customer the session did not dial.
        const orphaned = link.dialingCustomer && !link.customerCallId;
        link.dialingCustomer = false;
        if (orphaned) this.onCallbackOrphaned?.(link);
      }
      this.o.log({ sessionId: id, rule: rule.name, reason, ...(error ? { error: error.message, at: error.location } : {}) }, 'scenario session ended');
    };
    const failedToStart = (err: unknown): void => this.o.log({ sessionId: id, rule: rule.name }, `scenario failed to start: ${(err as Error).message}`);
    if (this.o.workers) {
      const session = this.o.workers.open(
        { sessionId: id, filename, source, customData },
        {
          onCommand: (s, command) => this.remoteCommand(s, filename, command),
          onEnded,
          onLost: (s, callIds) => this.sessionLost(s, callIds),
        },
      );
      // No worker could take it (the last one died before it ever started): it is over already.
      if (session.state === 'terminated') return null;
      const entry: SessionEntry = { session, rule };
      this.sessions.set(id, entry);
      this.o.log({ sessionId: id, rule: rule.name }, 'scenario session started');
      const ready = session.ready.catch((err: unknown) => {
        failedToStart(err);
        throw err;
      });
      ready.catch(() => undefined);
      return { entry, ready };
    }
    const session = new ScenarioSession({
      id,
      filename,
      source,
      services: this,
      clock: this.o.clock,
      customData,
      ...(this.o.lifetime ? { lifetime: this.o.lifetime } : {}),
      ...(this.o.limits ? { limits: this.o.limits } : {}),
      onEnded,
    });
    const entry: SessionEntry = { session, rule };
    this.sessions.set(id, entry);
    this.o.log({ sessionId: id, rule: rule.name }, 'scenario session started');
    try {
      session.start();
    } catch (err) {
      failedToStart(err);
      session.terminate('error', err instanceof SandboxError ? err : undefined);
      return null;
    }
    return { entry, ready: Promise.resolve() };
  }

  /** A command of a session on a scenario worker: the same services a session on this thread calls directly. */
  private remoteCommand(session: RemoteSession, filename: string, c: RemoteCommand): void {
    const id = session.id;
    switch (c.name) {
      case 'log':
        return this.log(id, filename, c.message);
      case 'call':
        return this.callCommand(id, c.callId, c.method, c.args);
      case 'callPSTN':
        return void this.callPSTN(id, c.number, c.callerid, c.callId);
      case 'callUser':
        return void this.callUser(id, c.params, c.callId);
      case 'callSIP':
        return void this.callSIP(id, c.uri, c.params, c.callId);
      case 'sendMediaBetween':
        return this.sendMediaBetween(id, c.a, c.b);
      case 'stopMediaBetween':
        return this.stopMediaBetween(id, c.a, c.b);
      case 'enqueue':
        return void this.enqueue(id, c.queue, c.callerid, c.options, c.requestId);
      case 'acd':
        return this.acdCommand(id, c.requestId, c.method);
    }
  }

  /**
   * A session's worker died under it. Its caller is treated as gone (a waiting request keeps its place as a callback,
   * as when the caller hangs up) and its calls are hung up: nobody is left on a line no scenario drives.
   */
  private sessionLost(session: RemoteSession, callIds: string[]): void {
    const entry = this.sessions.get(session.id);
    this.o.log({ sessionId: session.id, calls: callIds.length }, 'scenario worker lost the session: hanging up its calls');
    const inbound = entry?.inboundCallId ? this.o.telephony.get(entry.inboundCallId) : undefined;
    if (inbound) this.requests.keepAsCallbacks(session.id, inbound, this.requests.markCallerGone(session.id));
    for (const callId of callIds) this.o.telephony.get(callId)?.hangup();
  }

  /** Forwards a call's events to the session that owns it. */
  wireCall(call: TelephonyCall, session: SessionHandle): void {
    for (const name of CALL_EVENTS) {
      call.events.on(name, (data?: unknown) => {
        this.takeWorkerCommands();
        if (session.state !== 'running') return;
        // The caller is gone before the scenario hears of it, so a request it cancels in its Disconnected handler
        // (what a caller hanging up without # does) ends as abandoned by the caller, not as cancelled.
        const gone = name === 'Disconnected' && call.identity.incoming ? this.requests.markCallerGone(session.id) : [];
        session.callEvent(call.id, `Call.${name}`, (data ?? {}) as Record<string, unknown>);
        if (gone.length === 0) return;
        // Whether the script cancelled the request in its Disconnected handler decides; on a worker, that handler has
        // run (and its cancel has arrived) once the session has settled.
        const settled = session.settled();
        if (settled) void settled.then(() => this.requests.keepAsCallbacks(session.id, call, gone));
        else this.requests.keepAsCallbacks(session.id, call, gone);
      });
    }
  }

  /** An ACD request's operator call now belongs to the session that owns the request. */
  adopt(link: RequestLink, call: TelephonyCall): Record<string, unknown> | undefined {
    this.takeWorkerCommands();
    const entry = this.sessions.get(link.sessionId);
    if (!entry || entry.session.state !== 'running') return undefined;
    const info = infoOf(call);
    entry.session.adoptCall(info);
    this.wireCall(call, entry.session);
    return { ...info };
  }

  /** An ACD event for a request of a live session; false when the session is gone. */
  deliverAcd(link: RequestLink, event: string, data: Record<string, unknown> = {}): boolean {
    this.takeWorkerCommands();
    const entry = this.sessions.get(link.sessionId);
    if (!entry || entry.session.state !== 'running') return false;
    entry.session.acdEvent(link.localId, event, data);
    return true;
  }

  /**
   * Before a session is handed anything: what the sessions on workers sent meanwhile is carried out first, so their
   * commands do not wait behind everything a busy event loop has queued (ScenarioWorkerClient.drain).
   */
  private takeWorkerCommands(): void {
    this.o.workers?.drain();
  }

  sessionAlive(link: RequestLink): boolean {
    return this.sessions.get(link.sessionId)?.session.state === 'running';
  }

  // ScenarioServices ------------------------------------------------------------------------------------------------

  callCommand(sessionId: string, callId: string, method: string, args: unknown[]): void {
    const call = this.o.telephony.get(callId);
    const entry = this.sessions.get(sessionId);
    if (!call || !entry?.session.ownsCall(callId)) return; // ended meanwhile, or not this session's call
    switch (method) {
      case 'answer':
        return call.answer();
      case 'hangup':
        return call.hangup();
      case 'reject':
        return call.reject(typeof args[0] === 'number' ? args[0] : 486);
      case 'ring':
        return call.ring();
      case 'say':
        return call.say(text(args[0]), args[1] ?? undefined);
      case 'startPlayback':
        return this.startPlayback(call, text(args[0]), args[1] === true);
      case 'stopPlayback':
        return call.stopPlayback();
      case 'handleTones':
        return call.handleTones(args[0] !== false);
      case 'sendDigits':
        return call.sendDigits(text(args[0]));
      default:
        this.o.log({ sessionId, callId }, `unknown call method ${method}`);
    }
  }

  callPSTN(sessionId: string, number: string, callerid: string | null, callId?: string): CallInfo {
    const call = this.o.telephony.callPSTN(number, callerid, { near: this.mediaPeerOf(sessionId), id: callId });
    this.own(sessionId, call);
    // The customer dial of a callback whose operator is waiting: its outcome goes to the ACD (AcdGlue).
    const link = this.links.ofSession(sessionId).find((l) => l.dialingCustomer && !l.customerCallId);
    if (link) {
      link.customerCallId = call.id;
      this.onCustomerDial?.(link, call);
    }
    return infoOf(call);
  }

  /** Set by AcdGlue: a session dialled the customer of a callback. */
  onCustomerDial: ((link: RequestLink, call: TelephonyCall) => void) | undefined;

  /** Set by AcdGlue: a session ended between its callback's OperatorReached and dialing the customer. */
  onCallbackOrphaned: ((link: RequestLink) => void) | undefined;

  callUser(
    sessionId: string,
    params: UserCallParams,
    callId?: string,
  ): CallInfo {
    const call = this.o.telephony.callUser(params, { near: this.mediaPeerOf(sessionId), id: callId });
    this.own(sessionId, call);
    return infoOf(call);
  }

  callSIP(sessionId: string, uri: string, params: Record<string, unknown>, callId?: string): CallInfo {
    const call = this.o.telephony.callSIP(uri, {
      callerid: typeof params.callerid === 'string' ? params.callerid : undefined,
      displayName: typeof params.displayName === 'string' ? params.displayName : undefined,
    }, { near: this.mediaPeerOf(sessionId), id: callId });
    this.own(sessionId, call);
    return infoOf(call);
  }

  sendMediaBetween(sessionId: string, a: string, b: string): void {
    const ca = this.o.telephony.get(a);
    const cb = this.o.telephony.get(b);
    if (ca && cb) this.o.telephony.bridge(ca, cb);
    else this.o.log({ sessionId, a, b }, 'sendMediaBetween: a call has ended');
  }

  stopMediaBetween(_sessionId: string, a: string, b: string): void {
    const ca = this.o.telephony.get(a);
    const cb = this.o.telephony.get(b);
    if (ca && cb) this.o.telephony.unbridge(ca, cb);
  }

  enqueue(sessionId: string, queue: string, callerid: string | null, options: EnqueueOptions, requestId?: string): { id: string } {
    const entry = this.sessions.get(sessionId);
    const caller = entry?.inboundCallId ? this.o.telephony.get(entry.inboundCallId) : undefined;
    return this.requests.enqueue(sessionId, queue, callerid, options, caller, requestId);
  }

  acdCommand(sessionId: string, requestId: string, method: 'getStatus' | 'cancel'): void {
    this.requests.command(sessionId, requestId, method);
  }

  log(sessionId: string, scenario: string, message: string): void {
    this.o.log({ sessionId, scenario }, message);
  }

  // -----------------------------------------------------------------------------------------------------------------

  /**
   * A live call of the session with media, the one a new call of it will most likely be bridged to (the caller, or
   * the operator waiting for a callback's customer): new calls' media goes on the same media worker.
   */
  private mediaPeerOf(sessionId: string): TelephonyCall | undefined {
    const entry = this.sessions.get(sessionId);
    if (!entry) return undefined;
    for (const id of entry.session.callIds) {
      const call = this.o.telephony.get(id);
      if (call && call.state !== 'TERMINATED' && call.mediaLeg) return call;
    }
    return undefined;
  }

  /** The media peer of the session a request belongs to (see {@link mediaPeerOf}). */
  mediaPeerOfLink(link: RequestLink): TelephonyCall | undefined {
    return this.mediaPeerOf(link.sessionId);
  }

  private own(sessionId: string, call: TelephonyCall): void {
    const entry = this.sessions.get(sessionId);
    if (entry) this.wireCall(call, entry.session);
  }

  private startPlayback(call: TelephonyCall, url: string, loop: boolean): void {
    const item = this.playItemOf(url);
    if (item === null) {
      // Scenarios may not read the server's files: only http(s) URLs and `media:` names. Reported like a failed
      // fetch, one second later, so a scenario restarting it from PlaybackFinished cannot spin.
      this.o.clock.setTimeout(() => {
        if (call.state !== 'TERMINATED') call.events.emit('PlaybackFinished', { error: `unsupported playback URL '${url}' (use http(s):// or media:<name>)` });
      }, 1000);
      return;
    }
    call.startPlayback(item, loop);
  }

  private playItemOf(url: string): PlayItem | null {
    if (/^https?:\/\//i.test(url)) return { url };
    const named = /^media:([a-z0-9-]+)$/i.exec(url);
    if (named) {
      const path = this.o.mediaNames[named[1]!.toLowerCase()];
      return path ? path : null;
    }
    return null;
  }
}

/** A scenario's argument as text (the prelude already stringifies; anything else is treated as empty). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function infoOf(call: TelephonyCall): CallInfo {
  const i = call.identity;
  return { id: i.id, incoming: i.incoming, callerid: i.callerid, displayName: i.displayName, number: i.number, destination: i.number, headers: i.headers };
}
