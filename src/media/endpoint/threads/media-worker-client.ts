/**
 * The main thread's end of one media worker: starts it, numbers requests and settles their promises when the worker
 * answers, and hands each leg's events to the leg. If the worker dies, everything pending fails with
 * `MediaEndpointError('closed')` and its legs are told they closed.
 */
import type { Worker } from 'node:worker_threads';
import type { LegStats } from '../leg-stats.js';
import { MediaEndpointError } from '../media-endpoint-error.js';
import type { FromWorker, MediaWorkerInit, ToWorker } from './media-worker-protocol.js';
import { startWorkerThread } from '../../../lib/start-worker-thread.js';
import { fromWire } from './wire-error.js';

/** What a leg on the main thread receives from its worker. */
export interface WorkerLegSink {
  onWorkerEvent(m: FromWorker): void;
  onStats(stats: LegStats): void;
}

type Settle = { resolve: () => void; reject: (err: Error) => void };

export class MediaWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Settle>();
  private readonly opening = new Map<number, { resolve: (m: Extract<FromWorker, { ev: 'opened' }>) => void; reject: (err: Error) => void }>();
  private readonly sinks = new Map<number, WorkerLegSink>();
  private nextReq = 1;
  private dead: Error | null = null;
  readonly ready: Promise<void>;

  constructor(script: URL, init: MediaWorkerInit) {
    this.worker = startWorkerThread(script, init);
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (m: FromWorker) => (m.ev === 'ready' ? resolve() : reject(new Error(`media worker said ${m.ev} first`))));
      this.worker.once('error', reject);
    });
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (err) => this.die(err));
    this.worker.on('exit', (code) => this.die(new MediaEndpointError('closed', `media worker exited (${code})`)));
  }

  /** Legs living on this worker. */
  get legs(): number {
    return this.sinks.size;
  }

  post(m: ToWorker): void {
    if (!this.dead) this.worker.postMessage(m);
  }

  /** Sends a command that the worker answers with `done`. */
  request(build: (req: number) => ToWorker): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    const req = this.nextReq++;
    return new Promise((resolve, reject) => {
      this.pending.set(req, { resolve, reject });
      this.worker.postMessage(build(req));
    });
  }

  open(id: number, sink: WorkerLegSink, message: ToWorker & { op: 'open' }): Promise<Extract<FromWorker, { ev: 'opened' }>> {
    if (this.dead) return Promise.reject(this.dead);
    this.sinks.set(id, sink);
    return new Promise((resolve, reject) => {
      this.opening.set(id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  forget(id: number): void {
    this.sinks.delete(id);
  }

  async terminate(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ op: 'shutdown' } satisfies ToWorker);
    await exited;
  }

  private receive(m: FromWorker): void {
    switch (m.ev) {
      case 'ready':
        return;
      case 'done': {
        const settle = this.pending.get(m.req);
        this.pending.delete(m.req);
        if (m.error) settle?.reject(fromWire(m.error));
        else settle?.resolve();
        return;
      }
      case 'opened':
        this.opening.get(m.id)?.resolve(m);
        this.opening.delete(m.id);
        return;
      case 'openFailed':
        this.sinks.delete(m.id);
        this.opening.get(m.id)?.reject(fromWire(m.error));
        this.opening.delete(m.id);
        return;
      case 'stats':
        for (let i = 0; i < m.ids.length; i++) this.sinks.get(m.ids[i]!)?.onStats(m.stats[i]!);
        return;
      default:
        this.sinks.get(m.id)?.onWorkerEvent(m);
    }
  }

  private die(err: Error): void {
    if (this.dead) return;
    this.dead = err instanceof MediaEndpointError ? err : new MediaEndpointError('closed', `media worker failed: ${err.message}`, { cause: err });
    for (const settle of this.pending.values()) settle.reject(this.dead);
    for (const open of this.opening.values()) open.reject(this.dead);
    this.pending.clear();
    this.opening.clear();
    for (const [id, sink] of this.sinks) sink.onWorkerEvent({ ev: 'closed', id });
    this.sinks.clear();
  }
}
