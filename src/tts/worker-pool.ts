/**
 * A small pool of worker threads with a bounded queue and a time limit per job.
 *
 * Why threads: speech synthesis is CPU-bound and synchronous (espeak-ng WASM holds its thread for the whole phrase).
 * The main event loop paces RTP for every call every 20 ms; a 200 ms synthesis there would be a 200 ms gap in every
 * other caller's audio. So jobs run here, one per worker at a time.
 *
 * Job life:
 *
 *   run() ──► queued ──(a worker is ready)──► running ──reply──► resolved, or rejected with the worker's TtsError
 *               │                               │ ├─time limit─► rejected 'timeout'; worker terminated, replaced on demand
 *               │                               │ └─worker died► rejected 'engine-failed'; worker replaced on demand
 *               └─abort─► rejected               └─abort─► rejected at once; the worker finishes, its reply is dropped
 *
 * Workers start on demand (up to `size`) and announce when ready; the time limit starts when a job is handed over, so
 * start-up never counts against a job. A worker that dies before it is ready fails the waiting jobs instead of being
 * restarted in a loop. The queue is bounded (`maxQueue`): beyond it run() rejects with 'queue-full' rather than let
 * latency grow without limit. Idle workers are unref'd, so an idle pool never keeps the process alive; busy ones are
 * ref'd, so awaiting a job does.
 */
import type { Worker } from 'node:worker_threads';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { startWorkerThread } from '../lib/start-worker-thread.js';
import { abortError, TtsError } from './tts-error.js';
import type { JobMessage, ReplyMessage } from './worker-protocol.js';

export interface WorkerPoolOptions {
  /** The worker's entry module; it must call serveWorker(). A `.ts` entry (vitest, tsx) is loaded through tsx. */
  readonly script: URL;
  /** Passed to every worker as `workerData` (structured clone; a compiled WebAssembly.Module is shared, not copied). */
  readonly workerData?: unknown;
  /** Worker threads at most. Default 2. */
  readonly size?: number;
  /** Jobs waiting for a worker at most (including while workers start); more get 'queue-full'. Default 100. */
  readonly maxQueue?: number;
  /** A running job taking longer is rejected with 'timeout' and its worker terminated. Default 10 s. */
  readonly timeoutMs?: number;
  /** A worker not ready this long after it was started is terminated and the waiting jobs fail. Default 30 s. */
  readonly startTimeoutMs?: number;
  readonly clock?: Clock;
  /** Names the pool in error messages. */
  readonly name?: string;
}

export interface PoolResult<Res> {
  readonly value: Res;
  /** The worker thread that produced the value (never the caller's thread). */
  readonly threadId: number;
}

export interface WorkerPoolStats {
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  readonly completed: number;
  readonly timeouts: number;
  readonly crashes: number;
  /** Workers started since the pool was created (replacements included). */
  readonly started: number;
}

interface Job<Req, Res> {
  readonly id: number;
  readonly request: Req;
  readonly resolve: (r: PoolResult<Res>) => void;
  readonly reject: (e: TtsError) => void;
  settled: boolean;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Slot<Req, Res> {
  readonly worker: Worker;
  readonly threadId: number;
  ready: boolean;
  job: Job<Req, Res> | undefined;
  timer: TimerHandle | undefined;
  retired: boolean;
  lastError: unknown;
}

export class WorkerPool<Req, Res> {
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly clock: Clock;
  private readonly name: string;
  private readonly slots: Slot<Req, Res>[] = [];
  private readonly queue: Job<Req, Res>[] = [];
  private nextId = 1;
  private closed = false;
  private completed = 0;
  private timeouts = 0;
  private crashes = 0;
  private started = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? 2));
    this.maxQueue = Math.max(1, Math.floor(options.maxQueue ?? 100));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.clock = options.clock ?? systemClock;
    this.name = options.name ?? 'worker pool';
  }

  /** Runs `request` on a worker. Rejects only with {@link TtsError}. */
  run(request: Req, signal?: AbortSignal): Promise<PoolResult<Res>> {
    if (this.closed) return Promise.reject(new TtsError('engine-failed', `${this.name} is closed`));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<PoolResult<Res>>((resolve, reject) => {
      const job: Job<Req, Res> = { id: this.nextId++, request, resolve, reject, settled: false, signal, onAbort: undefined };
      const idle = this.idleSlot();
      if (!idle && this.queue.length >= this.maxQueue) {
        return reject(new TtsError('queue-full', `${this.name}: ${this.queue.length} syntheses already waiting`));
      }
      if (signal) {
        job.onAbort = () => {
          const i = this.queue.indexOf(job);
          if (i >= 0) this.queue.splice(i, 1);
          this.settle(job, abortError(signal));
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (idle) return this.dispatch(idle, job);
      this.queue.push(job);
      this.pump();
    });
  }

  stats(): WorkerPoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      completed: this.completed,
      timeouts: this.timeouts,
      crashes: this.crashes,
      started: this.started,
    };
  }

  /** Rejects waiting and running jobs with 'engine-failed' and terminates every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = (): TtsError => new TtsError('engine-failed', `${this.name} closed`);
    for (const job of this.queue.splice(0)) this.settle(job, closedError());
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (slot) => {
        slot.retired = true;
        this.clearTimer(slot);
        if (slot.job) this.settle(slot.job, closedError());
        await slot.worker.terminate();
      }),
    );
  }

  private idleSlot(): Slot<Req, Res> | undefined {
    return this.slots.find((s) => s.ready && !s.job);
  }

  /** Hands waiting jobs to ready workers, and starts workers for the rest (up to `size`). */
  private pump(): void {
    if (this.closed) return;
    for (let slot = this.idleSlot(); slot && this.queue.length > 0; slot = this.idleSlot()) this.dispatch(slot, this.queue.shift()!);
    let starting = this.slots.filter((s) => !s.ready).length;
    while (this.queue.length > starting && this.slots.length < this.size) {
      this.spawn();
      starting++;
    }
  }

  private spawn(): void {
    const worker = startWorkerThread(this.options.script, this.options.workerData);
    const slot: Slot<Req, Res> = { worker, threadId: worker.threadId, ready: false, job: undefined, timer: undefined, retired: false, lastError: undefined };
    worker.on('message', (msg: ReplyMessage<Res>) => this.onMessage(slot, msg));
    worker.on('error', (e: unknown) => {
      slot.lastError = e;
    });
    worker.on('exit', (code: number) => this.onExit(slot, code));
    slot.timer = this.clock.setTimeout(() => {
      slot.lastError ??= new Error(`not ready after ${this.startTimeoutMs} ms`);
      this.onExit(slot, -1);
    }, this.startTimeoutMs);
    this.slots.push(slot);
    this.started++;
  }

  private dispatch(slot: Slot<Req, Res>, job: Job<Req, Res>): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = this.clock.setTimeout(() => this.onTimeout(slot), this.timeoutMs);
    slot.worker.postMessage({ id: job.id, request: job.request } satisfies JobMessage<Req>);
  }

  private onMessage(slot: Slot<Req, Res>, msg: ReplyMessage<Res>): void {
    if (slot.retired) return;
    if (msg.type === 'ready') {
      this.clearTimer(slot);
      slot.ready = true;
      slot.worker.unref();
      return this.pump();
    }
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    this.clearTimer(slot);
    slot.job = undefined;
    slot.worker.unref();
    this.completed++;
    if (msg.ok) this.settle(job, undefined, { value: msg.value, threadId: slot.threadId });
    else this.settle(job, new TtsError(msg.reason, msg.message));
    this.pump();
  }

  private onTimeout(slot: Slot<Req, Res>): void {
    const job = slot.job;
    slot.timer = undefined;
    if (!job) return;
    this.timeouts++;
    this.retire(slot);
    this.settle(job, new TtsError('timeout', `${this.name}: synthesis took over ${this.timeoutMs} ms; worker replaced`));
    this.pump();
  }

  private onExit(slot: Slot<Req, Res>, code: number): void {
    if (slot.retired) return;
    this.crashes++;
    const { job, ready } = slot;
    this.retire(slot);
    const why = slot.lastError instanceof Error ? `: ${slot.lastError.message}` : '';
    if (job) this.settle(job, new TtsError('engine-failed', `${this.name}: worker exited with code ${code}${why}`, { cause: slot.lastError }));
    if (!ready) {
      // It never started: starting another would most likely fail the same way, so fail the waiting jobs instead.
      for (const waiting of this.queue.splice(0)) {
        this.settle(waiting, new TtsError('engine-failed', `${this.name}: worker failed to start${why}`, { cause: slot.lastError }));
      }
    }
    this.pump();
  }

  /** Takes a worker out of the pool for good (terminating it if it still runs). */
  private retire(slot: Slot<Req, Res>): void {
    slot.retired = true;
    this.clearTimer(slot);
    slot.job = undefined;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private clearTimer(slot: Slot<Req, Res>): void {
    if (slot.timer) this.clock.clearTimeout(slot.timer);
    slot.timer = undefined;
  }

  private settle(job: Job<Req, Res>, error: TtsError | undefined, result?: PoolResult<Res>): void {
    if (job.settled) return;
    job.settled = true;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (error) job.reject(error);
    else job.resolve(result!);
  }
}
