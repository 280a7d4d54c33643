import type { Clock, TimerHandle } from '../../lib/clock.js';
import { ScenarioSandbox, type SandboxLimits } from '../sandbox/scenario-sandbox.js';
import type { SandboxError } from '../sandbox/sandbox-error.js';
import type { CallInfo, ScenarioServices } from './scenario-services.js';
import type { SessionHandle, SessionState } from './session-handle.js';
import { DEFAULT_LIFETIME, sessionDeadline, type SessionLifetime } from './session-lifetime.js';

export type { SessionState } from './session-handle.js';

export interface ScenarioSessionOptions {
  id: string;
  /** Scenario file name (for log lines: `callback-queue.js:42`). */
  filename: string;
  source: string;
  services: ScenarioServices;
  clock: Clock;
  customData?: string;
  lifetime?: Partial<SessionLifetime>;
  limits?: Partial<SandboxLimits>;
  /** Called once when the session has ended, with why. */
  onEnded?: (reason: string, error?: SandboxError) => void;
}

interface TrackedCall {
  info: CallInfo;
  connected: boolean;
  unansweredTimer?: TimerHandle | undefined;
}

/**
 * One run of a scenario (VOXENGINE.md "Sessions"): its sandbox, the calls and ACD requests it owns, and its
 * lifetime. Ends when the script calls `VoxEngine.terminate()`, when it fails (the error names the scenario line), or
 * when the lifetime rules say so; ending hangs up its calls and cancels its pending ACD requests, after telling the
 * script with `AppEvents.Terminating`.
 */
export class ScenarioSession implements SessionHandle {
  state: SessionState = 'running';
  private readonly sandbox: ScenarioSandbox;
  private readonly lifetime: SessionLifetime;
  private readonly calls = new Map<string, TrackedCall>();
  private readonly requests = new Set<string>();
  private lastActivity: number;
  private deadline: { at: number; timer: TimerHandle } | null = null;
  private failure: SandboxError | undefined;
  private readonly endedWaiters: Array<() => void> = [];

  constructor(private readonly o: ScenarioSessionOptions) {
    this.lifetime = { ...DEFAULT_LIFETIME, ...o.lifetime };
    this.lastActivity = o.clock.now();
    this.sandbox = new ScenarioSandbox({
      filename: o.filename,
      source: o.source,
      clock: o.clock,
      limits: o.limits,
      onCommand: (name, args) => this.command(name, args),
      onFailure: (error) => {
        this.failure ??= error;
        this.o.services.log(this.id, o.filename, `scenario failed (${error.reason}) at ${error.location ?? 'unknown line'}: ${error.message}`);
        // Not from inside the isolate's call stack: end the session once the current handler has unwound.
        queueMicrotask(() => this.terminate('error', error));
      },
    });
  }

  get id(): string {
    return this.o.id;
  }

  get liveCalls(): number {
    return this.calls.size;
  }

  get pendingRequests(): number {
    return this.requests.size;
  }

  /**
   * Runs the script and sends `AppEvents.Started`. Throws the `SandboxError` when the script's top level fails (a
   * syntax error, a throw while loading, a limit): the session never started, so its caller can refuse the call or
   * the HTTP start instead of accepting work nobody will do.
   */
  start(): void {
    this.sandbox.run(this.o.customData ?? '');
    if (this.failure) throw this.failure;
    this.sandbox.dispatchApp('Application.Started', { sessionId: this.id });
    this.review();
  }

  /** An inbound call for this session: `AppEvents.CallAlerting`; dropped if not answered in time. */
  inboundCall(info: CallInfo): void {
    if (this.state !== 'running') return;
    const tracked: TrackedCall = { info, connected: false };
    tracked.unansweredTimer = this.o.clock.setTimeout(() => {
      if (tracked.connected || !this.calls.has(info.id)) return;
      this.o.services.callCommand(this.id, info.id, 'reject', [408]);
      this.callEvent(info.id, 'Call.Disconnected', { internalCode: 408, reason: 'not answered in time', duration: 0 });
    }, this.lifetime.unansweredCallMs);
    this.calls.set(info.id, tracked);
    this.review();
    this.sandbox.dispatchApp('Application.CallAlerting', {
      call: info,
      callerid: info.callerid ?? '',
      destination: info.destination ?? info.number ?? '',
      displayName: info.displayName ?? '',
      headers: info.headers ?? {},
    });
  }

  /**
   * A call the session did not place but now owns: the operator's call that the ACD rang for one of its requests
   * (delivered with `OperatorCallAttempt` / `OperatorReached`). Its events reach the script from now on.
   */
  adoptCall(info: CallInfo): void {
    if (this.state !== 'running' || this.calls.has(info.id)) return;
    this.track(info);
  }

  /** The calls the session owns now, oldest first. */
  get callIds(): string[] {
    return [...this.calls.keys()];
  }

  /** Whether the session owns this call (placed it, received it, or adopted it). */
  ownsCall(callId: string): boolean {
    return this.calls.has(callId);
  }

  /** A call event from the telephony layer (Connected, Disconnected, Failed, Ringing, PlaybackFinished, ...). */
  callEvent(callId: string, event: string, data: Record<string, unknown> = {}): void {
    const tracked = this.calls.get(callId);
    if (!tracked) return;
    if (event === 'Call.Connected') {
      tracked.connected = true;
      if (tracked.unansweredTimer) this.o.clock.clearTimeout(tracked.unansweredTimer);
    }
    if (event === 'Call.Disconnected' || event === 'Call.Failed') {
      if (tracked.unansweredTimer) this.o.clock.clearTimeout(tracked.unansweredTimer);
      this.calls.delete(callId);
      this.lastActivity = this.o.clock.now();
    }
    this.sandbox.dispatchCall(callId, event, data);
    this.review();
  }

  /** Handlers run inside callEvent and acdEvent: nothing is ever left to settle. */
  settled(): undefined {
    return undefined;
  }

  /** An ACD event for a request of this session. */
  acdEvent(requestId: string, event: string, data: Record<string, unknown> = {}): void {
    if (!this.requests.has(requestId)) return;
    // A request stops holding the session open once it is served or refused.
    if (['ACD.OperatorReached', 'ACD.Offline', 'ACD.QueueFull', 'ACD.Error', 'ACD.Ended'].includes(event)) {
      this.requests.delete(requestId);
      this.lastActivity = this.o.clock.now();
    }
    this.sandbox.dispatchAcd(requestId, event, data);
    this.review();
  }

  /**
   * Ends the session (VoxEngine.terminate, a failure, or the lifetime rules): `Terminating`, calls hung up, pending
   * requests cancelled, timers stopped, `Terminated`.
   */
  terminate(reason = 'terminated', error?: SandboxError): void {
    if (this.state !== 'running') return;
    this.state = 'terminating';
    if (this.deadline) this.o.clock.clearTimeout(this.deadline.timer);
    if (!error) this.sandbox.dispatchApp('Application.Terminating', { reason });
    for (const [callId, tracked] of this.calls) {
      if (tracked.unansweredTimer) this.o.clock.clearTimeout(tracked.unansweredTimer);
      this.o.services.callCommand(this.id, callId, 'hangup', [null]);
    }
    this.calls.clear();
    for (const requestId of this.requests) this.o.services.acdCommand(this.id, requestId, 'cancel');
    this.requests.clear();
    if (!error) this.sandbox.dispatchApp('Application.Terminated', { reason });
    this.sandbox.dispose();
    this.state = 'terminated';
    this.o.onEnded?.(reason, error);
    for (const resolve of this.endedWaiters.splice(0)) resolve();
  }

  whenEnded(): Promise<void> {
    if (this.state === 'terminated') return Promise.resolve();
    return new Promise((resolve) => this.endedWaiters.push(resolve));
  }

  private command(name: string, args: unknown[]): unknown {
    const s = this.o.services;
    switch (name) {
      case 'log':
        s.log(this.id, this.o.filename, String(args[0]));
        return undefined;
      case 'terminate':
        // VOXENGINE.md: terminate() does not stop the current code block: end once it has returned.
        queueMicrotask(() => this.terminate('terminated by the scenario'));
        return undefined;
      case 'call':
        s.callCommand(this.id, String(args[0]), String(args[1]), args.slice(2));
        return undefined;
      case 'callPSTN':
        return this.track(s.callPSTN(this.id, String(args[0]), typeof args[1] === 'string' ? args[1] : null));
      case 'callUser':
        return this.track(s.callUser(this.id, args[0] as Parameters<ScenarioServices['callUser']>[1]));
      case 'callSIP':
        return this.track(s.callSIP(this.id, String(args[0]), (args[1] ?? {}) as Record<string, unknown>));
      case 'sendMediaBetween':
        s.sendMediaBetween(this.id, String(args[0]), String(args[1]));
        return undefined;
      case 'stopMediaBetween':
        s.stopMediaBetween(this.id, String(args[0]), String(args[1]));
        return undefined;
      case 'enqueueACDRequest': {
        const r = s.enqueue(this.id, String(args[0]), typeof args[1] === 'string' ? args[1] : null, (args[2] ?? {}));
        this.requests.add(r.id);
        this.review();
        return r;
      }
      case 'acd': {
        const requestId = String(args[0]);
        const cancel = args[1] === 'cancel';
        s.acdCommand(this.id, requestId, cancel ? 'cancel' : 'getStatus');
        if (cancel && this.requests.delete(requestId)) {
          // A cancelled request no longer holds the session open (the idle rule applies from now).
          this.lastActivity = this.o.clock.now();
          this.review();
        }
        return undefined;
      }
      default:
        throw new Error(`unknown scenario command ${name}`);
    }
  }

  private track(info: CallInfo): CallInfo {
    this.calls.set(info.id, { info, connected: false });
    this.review();
    return info;
  }

  /** Re-arms the lifetime deadline after anything that changed the session's calls or requests. */
  private review(): void {
    if (this.state !== 'running') return;
    const at = sessionDeadline({ liveCalls: this.calls.size, pendingRequests: this.requests.size }, this.lastActivity, this.lifetime);
    if (this.deadline && this.deadline.at === at) return;
    if (this.deadline) this.o.clock.clearTimeout(this.deadline.timer);
    this.deadline = null;
    if (at === null) return;
    const timer = this.o.clock.setTimeout(() => this.terminate('lifetime'), Math.max(0, at - this.o.clock.now()));
    this.deadline = { at, timer };
  }
}
