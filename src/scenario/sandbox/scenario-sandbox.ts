import ivm from 'isolated-vm';
import type { Clock, TimerHandle } from '../../lib/clock.js';
import { Language } from '../../tts/language.js';
import { VoiceList } from '../../tts/voice-list.js';
import { sharedCodeCache } from './code-cache.js';
import { PRELUDE_CALLS_SOURCE } from './prelude-calls-source.js';
import { PRELUDE_SOURCE } from './prelude-source.js';
import { SandboxError, scenarioLocation } from './sandbox-error.js';

export interface SandboxLimits {
  /** V8 heap of the isolate, MiB (isolated-vm's memoryLimit; minimum 8). */
  memoryMb: number;
  /** Longest a single handler (or the script's top level) may run, ms; an endless loop is stopped there. */
  handlerTimeoutMs: number;
  /** Timers a session may have pending at once. */
  maxTimers: number;
}

/** The calls prelude with the host's constants (Language, VoiceList) written in: the same text for every session. */
const PRELUDE_CALLS_WITH_CONSTANTS = PRELUDE_CALLS_SOURCE.replace('__CONSTANTS__', JSON.stringify({ Language, VoiceList }));

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({ memoryMb: 32, handlerTimeoutMs: 1000, maxTimers: 100 });

/** Commands a scenario sends to the host (terminate, log, and later call and ACD operations). */
export type CommandHandler = (name: string, args: unknown[]) => unknown;

export interface SandboxOptions {
  /** The scenario's file name, shown in stack traces and log lines (`callback-queue.js:42`). */
  filename: string;
  source: string;
  clock: Clock;
  limits?: Partial<SandboxLimits>;
  onCommand: CommandHandler;
  /** The session must end: a handler threw, ran too long, used too much memory or too many timers. */
  onFailure: (error: SandboxError) => void;
}

/**
 * One scenario session's isolate (isolated-vm): a separate V8 heap with only the VoxEngine globals, no `require`, no
 * file system, no process. Everything crosses the boundary as JSON strings, so nothing of the host leaks in.
 *
 * Handlers run synchronously with a time limit; a failure (exception, endless loop, memory) is reported once through
 * `onFailure` and the sandbox refuses further work: the session ends, and only that session.
 */
export class ScenarioSandbox {
  private readonly isolate: ivm.Isolate;
  private readonly context: ivm.Context;
  private readonly dispatchRef: ivm.Reference<(json: string) => void>;
  private readonly limits: SandboxLimits;
  private readonly timers = new Map<number, TimerHandle>();
  private failed: SandboxError | null = null;
  private disposed = false;

  constructor(private readonly options: SandboxOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.isolate = new ivm.Isolate({ memoryLimit: Math.max(8, this.limits.memoryMb) });
    this.context = this.isolate.createContextSync();
    const global = this.context.global;
    global.setSync('globalThis', global.derefInto());
    const host = new ivm.ExternalCopy({}).copyInto();
    global.setSync('__host', host);
    const hostRef = global.getSync('__host', { reference: true }) as ivm.Reference<Record<string, unknown>>;
    hostRef.setSync('command', new ivm.Callback((name: string, json: string) => this.command(name, json)));
    hostRef.setSync('timer', new ivm.Callback((id: number, ms: number) => this.setTimer(id, ms)));
    hostRef.setSync('clearTimer', new ivm.Callback((id: number) => this.clearTimer(id)));
    hostRef.setSync('fail', new ivm.Callback((message: string, stack: string) => this.fail('uncaught-error', message, stack)));
    sharedCodeCache.compile(this.isolate, PRELUDE_SOURCE, 'holdless:prelude').runSync(this.context);
    sharedCodeCache.compile(this.isolate, PRELUDE_CALLS_WITH_CONSTANTS, 'holdless:prelude-calls').runSync(this.context);
    this.dispatchRef = global.getSync('__dispatch', { reference: true }) as ivm.Reference<(json: string) => void>;
  }

  get failure(): SandboxError | null {
    return this.failed;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Compiles and runs the scenario's top level (it registers its handlers). */
  run(customData = ''): void {
    this.guard(() => {
      this.context.global.getSync('__setCustomData', { reference: true }).applySync(undefined, [customData]);
      const script = sharedCodeCache.compile(this.isolate, this.options.source, this.filenameUrl());
      script.runSync(this.context, { timeout: this.limits.handlerTimeoutMs });
    }, 'compile-error');
  }

  /** Delivers an application event (`Application.Started`, ...) with its data to the scenario's listeners. */
  dispatchApp(event: string, data: Record<string, unknown> = {}): void {
    this.dispatch({ kind: 'app', event, data });
  }

  /** Delivers a call event (`Call.Connected`, ...) to the listeners of that call object. */
  dispatchCall(callId: string, event: string, data: Record<string, unknown> = {}): void {
    this.dispatch({ kind: 'call', id: callId, event, data });
  }

  /** Delivers an ACD event (`ACD.Waiting`, ...) to the listeners of that request object. */
  dispatchAcd(requestId: string, event: string, data: Record<string, unknown> = {}): void {
    this.dispatch({ kind: 'acd', id: requestId, event, data });
  }

  /** Ends the isolate. Timers are cleared; later calls do nothing. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.timers.values()) this.options.clock.clearTimeout(t);
    this.timers.clear();
    this.dispatchRef.release();
    this.context.release();
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private dispatch(event: object): void {
    if (this.disposed || this.failed) return;
    this.guard(() => this.dispatchRef.applySync(undefined, [JSON.stringify(event)], { timeout: this.limits.handlerTimeoutMs }));
  }

  private guard(work: () => void, reason: 'compile-error' | 'uncaught-error' = 'uncaught-error'): void {
    try {
      work();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const stack = err instanceof Error ? (err.stack ?? '') : '';
      if (this.isolate.isDisposed || /memory limit/i.test(message)) this.fail('memory-limit', message, stack);
      else if (/timed out/i.test(message)) this.fail('timeout', `a handler ran longer than ${this.limits.handlerTimeoutMs} ms: ${message}`, stack);
      else this.fail(reason, message, stack);
    }
  }

  private command(name: string, json: string): string | null {
    const args = JSON.parse(json) as unknown[];
    const result = this.options.onCommand(name, args);
    return result === undefined ? null : JSON.stringify(result);
  }

  private setTimer(id: number, ms: number): void {
    if (this.disposed) return;
    if (this.timers.size >= this.limits.maxTimers) {
      this.fail('timer-limit', `more than ${this.limits.maxTimers} timers pending`, '');
      return;
    }
    const handle = this.options.clock.setTimeout(() => {
      this.timers.delete(id);
      this.dispatch({ kind: 'timer', id });
    }, ms);
    this.timers.set(id, handle);
  }

  private clearTimer(id: number): void {
    const t = this.timers.get(id);
    if (t) this.options.clock.clearTimeout(t);
    this.timers.delete(id);
  }

  private fail(reason: SandboxError['reason'], message: string, stack: string): void {
    if (this.failed) return;
    const location = scenarioLocation(`${stack}\n${message}`, this.options.filename);
    this.failed = new SandboxError(reason, message, location);
    for (const t of this.timers.values()) this.options.clock.clearTimeout(t);
    this.timers.clear();
    this.options.onFailure(this.failed);
  }

  private filenameUrl(): string {
    return `file:///scenarios/${this.options.filename.split('/').pop() ?? 'scenario.js'}`;
  }
}
