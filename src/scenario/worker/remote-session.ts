import { SandboxError } from '../sandbox/sandbox-error.js';
import type { CallInfo } from '../session/scenario-services.js';
import type { SessionHandle, SessionState } from '../session/session-handle.js';
import type { RemoteCommand, ToScenarioWorker, WireSandboxError } from './scenario-worker-protocol.js';

/** What the main thread does with a remote session's commands and end. */
export interface RemoteSessionSink {
  /** A command of the script, in the order it gave them. */
  onCommand(session: RemoteSession, command: RemoteCommand): void;
  /** The session ended (its script, its lifetime, a failure, or the host's terminate). */
  onEnded(reason: string, error?: SandboxError): void;
  /**
   * The worker thread died with the session still running: nobody hung up its calls or settled its requests.
   * `callIds` are the calls it owned.
   */
  onLost?(session: RemoteSession, callIds: string[]): void;
}

/** The side of a scenario worker a session needs. */
export interface WorkerLink {
  post(m: ToScenarioWorker): void;
  flush(): Promise<void>;
}

/**
 * The main thread's handle of a session that runs on a scenario worker. It keeps what the host asks synchronously
 * (state, the calls the session owns) from what crossed the boundary: calls are added when the session receives,
 * adopts or places them, and removed when their last event is sent.
 */
export class RemoteSession implements SessionHandle {
  private current: SessionState = 'running';
  private readonly calls = new Set<string>();
  /** Settles when the worker has run the script's top level and `Application.Started`. */
  readonly ready: Promise<void>;
  private settleReady: { resolve: () => void; reject: (err: SandboxError) => void } | undefined;
  private endedWaiters: Array<() => void> = [];

  constructor(
    readonly id: string,
    private readonly link: WorkerLink,
    private readonly sink: RemoteSessionSink,
  ) {
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    // A failed start is reported through the host's own handling; nobody has to await `ready`.
    this.ready.catch(() => undefined);
  }

  get state(): SessionState {
    return this.current;
  }

  get callIds(): string[] {
    return [...this.calls];
  }

  ownsCall(callId: string): boolean {
    return this.calls.has(callId);
  }

  inboundCall(info: CallInfo): void {
    if (this.current !== 'running') return;
    this.calls.add(info.id);
    this.link.post({ op: 'inbound', sessionId: this.id, info });
  }

  adoptCall(info: CallInfo): void {
    if (this.current !== 'running' || this.calls.has(info.id)) return;
    this.calls.add(info.id);
    this.link.post({ op: 'adopt', sessionId: this.id, info });
  }

  callEvent(callId: string, event: string, data: Record<string, unknown> = {}): void {
    if (!this.calls.has(callId)) return;
    if (event === 'Call.Disconnected' || event === 'Call.Failed') this.calls.delete(callId);
    this.link.post({ op: 'callEvent', sessionId: this.id, callId, event, data });
  }

  acdEvent(requestId: string, event: string, data: Record<string, unknown> = {}): void {
    this.link.post({ op: 'acdEvent', sessionId: this.id, requestId, event, data });
  }

  terminate(reason = 'terminated'): void {
    if (this.current !== 'running') return;
    this.current = 'terminating';
    this.link.post({ op: 'terminate', sessionId: this.id, reason });
  }

  settled(): Promise<void> {
    return this.link.flush();
  }

  /** Resolves once the session has ended (at once if it has). */
  whenEnded(): Promise<void> {
    if (this.current === 'terminated') return Promise.resolve();
    return new Promise((resolve) => this.endedWaiters.push(resolve));
  }

  // From the worker ---------------------------------------------------------------------------------------------------

  started(): void {
    this.settleReady?.resolve();
  }

  startFailed(error: WireSandboxError): void {
    this.settleReady?.reject(new SandboxError(error.reason, error.message, error.location));
  }

  command(command: RemoteCommand): void {
    if (command.name === 'callPSTN' || command.name === 'callUser' || command.name === 'callSIP') this.calls.add(command.callId);
    this.sink.onCommand(this, command);
  }

  ended(reason: string, error?: WireSandboxError): void {
    if (this.current === 'terminated') return;
    this.current = 'terminated';
    this.calls.clear();
    const sandboxError = error ? new SandboxError(error.reason, error.message, error.location) : undefined;
    this.settleReady?.reject(sandboxError ?? new SandboxError('disposed', `the session ended before it started (${reason})`));
    this.sink.onEnded(reason, sandboxError);
    for (const resolve of this.endedWaiters.splice(0)) resolve();
  }

  /** The worker died: the session is gone without having cleaned up. */
  lost(why: string): void {
    if (this.current === 'terminated') return;
    const callIds = [...this.calls];
    this.sink.onLost?.(this, callIds);
    this.ended(why, { reason: 'disposed', message: why });
  }
}
