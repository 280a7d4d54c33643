/**
 * Runs scenario sessions and serves them (`ScenarioServices`): routes inbound calls to the rule whose pattern matches
 * the dialed number, starts sessions for HTTP starts, carries call commands to `TelephonyCall`s and call events back,
 * and turns `enqueueACDRequest` / `getStatus` / `cancel` into ACD operations. ACD events for a session's requests come
 * back through `AcdGlue`, which calls `deliverAcd` and `adopt`.
 *
 * The callback rule (PRODUCT.md core flow, step 3): when a session's caller hangs up while its request still waits
 * and the scenario did not cancel it (the `#` path), the request becomes a callback to the caller's number and keeps
 * its place; the session lives on without calls (VOXENGINE.md lifetime rules).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AcdService } from '../../acd/acd-service.js';
import type { Clock } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';
import { toE164 } from '../../telephony/phone.js';
import { RequestLinks, type RequestLink, type ScenarioRequestPayload } from '../../telephony/request-links.js';
import type { ScenarioPort } from '../../telephony/scenario-port.js';
import type { PlayItem, Telephony } from '../../telephony/telephony.js';
import type { TelephonyCall, TelephonyCallEvents } from '../../telephony/telephony-call.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import type { SandboxLimits } from '../sandbox/scenario-sandbox.js';
import type { CallInfo, ScenarioServices } from '../session/scenario-services.js';
import { ScenarioSession } from '../session/scenario-session.js';
import type { SessionHandle } from '../session/session-handle.js';
import type { SessionLifetime } from '../session/session-lifetime.js';
import type { RemoteSession } from '../worker/remote-session.js';
import type { RemoteCommand } from '../worker/scenario-worker-protocol.js';
import type { ScenarioWorkers } from '../worker/scenario-workers.js';

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

  constructor(private readonly o: ScenarioHostOptions) {}

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
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(remote), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
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
    if (inbound) {
      const gone = this.markCallerGone(session.id);
      if (gone.length > 0) this.callerHungUp(session.id, inbound, gone);
    }
    for (const callId of callIds) this.o.telephony.get(callId)?.hangup();
  }

  /** Forwards a call's events to the session that owns it. */
  wireCall(call: TelephonyCall, session: SessionHandle): void {
    for (const name of CALL_EVENTS) {
      call.events.on(name, (data?: unknown) => {
        if (session.state !== 'running') return;
        // The caller is gone before the scenario hears of it, so a request it cancels in its Disconnected handler
        // (what a caller hanging up without # does) ends as abandoned by the caller, not as cancelled.
        const gone = name === 'Disconnected' && call.identity.incoming ? this.markCallerGone(session.id) : [];
        session.callEvent(call.id, `Call.${name}`, (data ?? {}) as Record<string, unknown>);
        if (gone.length === 0) return;
        // Whether the script cancelled the request in its Disconnected handler decides; on a worker, that handler has
        // run (and its cancel has arrived) once the session has settled.
        const settled = session.settled();
        if (settled) void settled.then(() => this.callerHungUp(session.id, call, gone));
        else this.callerHungUp(session.id, call, gone);
      });
    }
  }

  /** An ACD request's operator call now belongs to the session that owns the request. */
  adopt(link: RequestLink, call: TelephonyCall): Record<string, unknown> | undefined {
    this.o.workers?.drain();
    const entry = this.sessions.get(link.sessionId);
    if (!entry || entry.session.state !== 'running') return undefined;
    const info = infoOf(call);
    entry.session.adoptCall(info);
    this.wireCall(call, entry.session);
    return { ...info };
  }

  /** An ACD event for a request of a live session; false when the session is gone. */
  deliverAcd(link: RequestLink, event: string, data: Record<string, unknown> = {}): boolean {
    // What the sessions on workers sent meanwhile first: their commands must not wait behind a busy event loop.
    this.o.workers?.drain();
    const entry = this.sessions.get(link.sessionId);
    if (!entry || entry.session.state !== 'running') return false;
    entry.session.acdEvent(link.localId, event, data);
    return true;
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
    params: { username: string; callerid?: string; displayName?: string; extraHeaders?: Record<string, string> },
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

  enqueue(
    sessionId: string,
    queue: string,
    callerid: string | null,
    options: { priority?: number; headers?: Record<string, string>; customData?: string; name?: string },
    requestId?: string,
  ): { id: string } {
    const entry = this.sessions.get(sessionId);
    const localId = requestId ?? this.o.rng.uuid();
    const inbound = entry?.inboundCallId ? this.o.telephony.get(entry.inboundCallId) : undefined;
    // With the caller on the line the request is a live call; without one (a web callback) it is a callback.
    const live = inbound !== undefined && inbound.state !== 'TERMINATED';
    const phone = toE164(callerid ?? (live ? inbound.identity.callerid : undefined));
    const link: RequestLink = { localId, sessionId, phone, cancelled: false, callerGone: false, statusWanted: false, dialingCustomer: false };
    this.links.add(link);
    const payload: ScenarioRequestPayload = { scenarioSession: sessionId, scenarioRequest: localId };
    const ringTimeout = ringTimeoutOf(options.headers);
    const priority = typeof options.priority === 'number' && options.priority >= 1 && options.priority <= 100 ? Math.floor(options.priority) : undefined;
    // Shown on the operator's phone and in the API: the scenario's `name`, else the caller's display name.
    const name = customerName(typeof options.name === 'string' ? options.name : live ? inbound.identity.displayName : undefined);
    const fail = (message: string): void => {
      this.o.log({ sessionId, queue }, `enqueueACDRequest failed: ${message}`);
      queueMicrotask(() => {
        this.deliverAcd(link, 'ACD.Error', { error: message });
        this.links.delete(localId);
      });
    };
    if (!live && !phone) {
      fail(`a callback needs a phone number; '${callerid ?? ''}' is not one`);
      return { id: localId };
    }
    this.o.acd
      .createRequest({
        queue,
        kind: live ? 'call' : 'callback',
        phone,
        ...(name ? { name } : {}),
        customData: options.customData,
        payload,
        ...(priority !== undefined ? { priority } : {}),
        ...(ringTimeout !== undefined ? { ringTimeout } : {}),
      })
      .then(
        ({ request }) => {
          link.engineId = request.id;
          if (link.cancelled) this.cancelInAcd(link);
          else if (link.statusWanted) this.acdCommand(sessionId, localId, 'getStatus');
        },
        (err: unknown) => fail((err as Error).message),
      );
    return { id: localId };
  }

  acdCommand(sessionId: string, requestId: string, method: 'getStatus' | 'cancel'): void {
    const link = this.links.get(requestId);
    if (!link || link.sessionId !== sessionId) return;
    if (method === 'cancel') {
      link.cancelled = true;
      if (link.engineId) this.cancelInAcd(link);
      return;
    }
    if (!link.engineId) {
      link.statusWanted = true;
      return;
    }
    link.statusWanted = false;
    this.o.acd.getRequest(link.engineId).then(
      (r) => {
        if (r.state === 'waiting') this.deliverAcd(link, 'ACD.Waiting', { position: r.position ?? 0, ewt: r.ewtMinutes ?? 0 });
      },
      (err: unknown) => this.o.log({ sessionId, requestId }, `getStatus failed: ${(err as Error).message}`),
    );
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

  private cancelInAcd(link: RequestLink): void {
    const id = link.engineId!;
    const op = link.callerGone ? this.o.acd.callerGone(id) : this.o.acd.cancelRequest(id, 'cancelled by the scenario');
    op.catch(() => undefined); // already connected or ended: nothing to cancel
  }

  /** The session's caller hung up: its requests not yet marked, marked now. */
  private markCallerGone(sessionId: string): RequestLink[] {
    const marked = this.links.ofSession(sessionId).filter((l) => !l.callerGone);
    for (const link of marked) link.callerGone = true;
    return marked;
  }

  /** The session's caller hung up: keep the place as a callback unless the scenario cancelled (see the header). */
  private callerHungUp(sessionId: string, call: TelephonyCall, links: readonly RequestLink[]): void {
    for (const link of links) {
      const id = link.engineId;
      if (!id || link.cancelled) continue;
      void this.o.acd.getRequest(id).then(
        (r) => {
          if (r.kind !== 'call') return;
          if (r.state === 'connected') return void this.o.acd.completeRequest(id).catch(() => undefined);
          if (r.state !== 'waiting' && r.state !== 'offered') return;
          if (link.cancelled) return;
          const phone = link.phone ?? toE164(call.identity.callerid);
          if (!phone) {
            this.o.log({ sessionId, requestId: id }, 'caller hung up; no callback number known: abandoned');
            return void this.o.acd.callerGone(id).catch(() => undefined);
          }
          link.phone = phone;
          this.o.acd.convertToCallback(id, phone).then(
            () => this.o.log({ sessionId, requestId: id, phone }, 'caller hung up: the request is now a callback in the same place'),
            (err: unknown) => this.o.log({ sessionId, requestId: id }, `callback conversion failed: ${(err as Error).message}`),
          );
        },
        () => undefined,
      );
    }
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

/** `VI-CallTimeout` (VOXENGINE.md): ring time per operator, 10..400 s. */
function ringTimeoutOf(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers?.['VI-CallTimeout'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.min(400, Math.max(10, Math.round(n))) : undefined;
}

/** A name fit for a SIP display name and the API: control characters out, at most 100 characters; empty is none. */
function customerName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 100);
  return clean === '' ? undefined : clean;
}
