import { DeadlineHeap } from './deadline-heap.js';
import { EwtPredictor } from './ewt-predictor.js';
import { isVoice, type OperatorState } from './operator-state.js';
import { Outbox } from './outbox.js';
import type { Queue, Request, RequestState } from './types.js';
import { WaitingList } from './waiting-list.js';

/** A queue with its live structures: waiting lists (voice and tasks apart), its operators, its wait estimator. */
export class QueueState {
  readonly voice = new WaitingList();
  readonly tasks = new WaitingList();
  readonly operators = new Set<OperatorState>();
  predictor: EwtPredictor;

  constructor(public queue: Queue) {
    this.predictor = new EwtPredictor(queue.settings.averageServiceTime);
  }

  get name(): string {
    return this.queue.name;
  }

  listFor(request: Pick<Request, 'kind'>): WaitingList {
    return isVoice(request) ? this.voice : this.tasks;
  }

  get waitingCount(): number {
    return this.voice.size + this.tasks.size;
  }
}

/**
 * The engine's state and the small steps every command is made of: changing a request's state with its history line,
 * keeping waiting lists and indexes in step, and recording what must be persisted. Commands (engine.ts, offer-flow.ts)
 * compose these steps; nothing here performs I/O.
 */
export class EngineContext {
  readonly queues = new Map<string, QueueState>();
  readonly operators = new Map<string, OperatorState>();
  /** Active (non-terminal) requests only; terminal ones leave memory once recorded. */
  readonly requests = new Map<string, Request>();
  /** Pending callbacks by queue and normalized number, for dedupe and cancel-on-reach. */
  readonly callbackIndex = new Map<string, Request>();
  readonly deadlines = new DeadlineHeap();
  readonly outbox = new Outbox();
  seq = 0;

  constructor(readonly newId: () => string) {}

  queueOf(request: Pick<Request, 'queue'>): QueueState {
    const qs = this.queues.get(request.queue);
    if (!qs) throw new Error(`engine invariant: request references unknown queue '${request.queue}'`);
    return qs;
  }

  /** Changes a request's state, stamps it, writes the history line and marks the row for persistence. */
  transition(
    request: Request,
    state: RequestState,
    now: number,
    event: string,
    extra?: { operator?: string | undefined; detail?: string | undefined },
  ): void {
    request.state = state;
    request.updatedAt = now;
    this.outbox.request(request);
    this.outbox.log({
      requestId: request.id,
      queue: request.queue,
      at: now,
      event,
      state,
      operator: extra?.operator,
      detail: extra?.detail,
    });
  }

  addWaiting(request: Request): void {
    this.queueOf(request).listFor(request).insert(request);
    this.indexCallback(request);
    if (request.notBefore !== undefined) this.deadlines.push({ at: request.notBefore, kind: 'request', key: request.id });
    const expiry = this.expiryOf(request);
    if (expiry !== null) this.deadlines.push({ at: expiry, kind: 'request', key: request.id });
  }

  removeWaiting(request: Request): void {
    this.queueOf(request).listFor(request).remove(request);
  }

  /** Ends a request: out of every structure, final state recorded, an Ended event. */
  end(request: Request, state: RequestState, now: number, event: string, reason: string, operator?: string): void {
    this.removeWaiting(request);
    this.unindexCallback(request);
    if (request.offer) {
      this.operators.get(request.offer.operator)?.assignments.delete(request.id);
      request.offer = undefined;
    }
    request.reason = reason;
    request.endedAt = now;
    this.transition(request, state, now, event, { operator, detail: reason });
    this.requests.delete(request.id);
    this.outbox.emit({ type: 'Ended', request });
  }

  /** The moment a waiting callback expires: its window's end or the queue's expiry, whichever is first. */
  expiryOf(request: Request): number | null {
    if (request.kind !== 'callback') return null;
    const { expirySeconds } = this.queueOf(request).queue.settings.callback;
    const byAge = expirySeconds > 0 ? request.createdAt + expirySeconds * 1000 : Infinity;
    const at = Math.min(byAge, request.notAfter ?? Infinity);
    return Number.isFinite(at) ? at : null;
  }

  callbackKey(queue: string, phone: string): string {
    return `${queue}\u0000${phone}`;
  }

  indexCallback(request: Request): void {
    if (request.kind === 'callback' && request.phone) {
      this.callbackIndex.set(this.callbackKey(request.queue, request.phone), request);
    }
  }

  unindexCallback(request: Request): void {
    if (request.kind !== 'callback' || !request.phone) return;
    const key = this.callbackKey(request.queue, request.phone);
    if (this.callbackIndex.get(key) === request) this.callbackIndex.delete(key);
  }

  /** Persists a queue's estimator after it learned something. */
  saveEstimator(qs: QueueState): void {
    this.outbox.setMeta(`ewt:${qs.name}`, JSON.stringify(qs.predictor.toJSON()));
  }
}

/** Runs a change to an operator and reports the visible status change it caused, if any. */
export function touchOperator(ctx: EngineContext, os: OperatorState, mutate: () => void): void {
  const before = os.status();
  mutate();
  const after = os.status();
  ctx.outbox.operator(os.op);
  if (before !== after) {
    ctx.outbox.emit({ type: 'OperatorStatusChanged', operator: os.username, status: after, previous: before });
  }
}
