import { dispatch } from './dispatcher.js';
import { EngineContext, QueueState, touchOperator } from './engine-context.js';
import { AcdValidationError, ForbiddenError, NotFoundError, StateConflictError } from './errors.js';
import { EwtPredictor, type EwtState } from './ewt-predictor.js';
import {
  FAILURE_STATUS,
  acceptOffer,
  completeRequest,
  customerDialed,
  failOffer,
  makeOffer,
  withdrawOffer,
} from './offer-flow.js';
import { OperatorState } from './operator-state.js';
import type { EngineOutput } from './outbox.js';
import { recoverRequest } from './recovery.js';
import { admitRequest, type EnqueueInput, type EnqueueResult } from './request-admission.js';
import type { AcdSnapshot } from './store-port.js';
import type {
  ChosenStatus,
  CustomerDialOutcome,
  OfferFailureCause,
  Operator,
  OperatorQueueBinding,
  Queue,
  QueueSettings,
  Request,
} from './types.js';
import { estimateAhead, staffing } from './wait-estimate.js';

export type { EnqueueInput, EnqueueResult } from './request-admission.js';

export interface AcdEngineOptions {
  /**
   * Voice reachability of every operator when the engine starts and of operators added later (default true). It is
   * transient: never persisted, so a restart starts again from this value (see {@link AcdEngine.restore}).
   */
  operatorsStartReachable?: boolean | undefined;
}

/**
 * The ACD engine: pure, deterministic, no I/O. Commands take the current time and change in-memory state; what must
 * be persisted and acted upon accumulates in an outbox that the caller drains ({@link AcdEngine.drain}), commits, and
 * only then acts on. Validation happens before any change, so a refused command leaves no trace.
 */
export class AcdEngine {
  private readonly ctx: EngineContext;
  private persistedSeq = -1;
  private readonly startReachable: boolean;

  constructor(newId: () => string, options: AcdEngineOptions = {}) {
    this.ctx = new EngineContext(newId);
    this.startReachable = options.operatorsStartReachable ?? true;
  }

  /**
   * Loads a snapshot and applies the restart rules (recovery.ts); the recovery changes wait in the outbox. Voice
   * reachability is not in the snapshot: operators named in `reachable` get that value (a reload after a failed
   * commit keeps what the telephony layer said), the others `operatorsStartReachable`.
   */
  restore(snapshot: AcdSnapshot, now: number, reachable?: ReadonlyMap<string, boolean>): void {
    const ctx = this.ctx;
    ctx.seq = Number(snapshot.meta['seq'] ?? 0);
    for (const q of snapshot.queues) {
      const qs = new QueueState(q);
      const saved = snapshot.meta[`ewt:${q.name}`];
      if (saved) qs.predictor = new EwtPredictor(q.settings.averageServiceTime, JSON.parse(saved) as EwtState);
      ctx.queues.set(q.name, qs);
    }
    for (const op of snapshot.operators) {
      this.attachOperator(new OperatorState(op, reachable?.get(op.username) ?? this.startReachable));
    }
    const sorted = [...snapshot.requests].sort((a, b) => a.seq - b.seq);
    for (const r of sorted) {
      ctx.seq = Math.max(ctx.seq, r.seq);
      if (!ctx.queues.has(r.queue)) continue;
      recoverRequest(ctx, r, now);
    }
    for (const os of ctx.operators.values()) {
      const op = os.op;
      if (op.wrapUpUntil !== null) ctx.deadlines.push({ at: op.wrapUpUntil, kind: 'operator', key: op.username });
      if (op.timeoutUntil !== null) ctx.deadlines.push({ at: op.timeoutUntil, kind: 'operator', key: op.username });
      if (op.skipUntil > now) ctx.deadlines.push({ at: op.skipUntil, kind: 'operator', key: op.username });
    }
    this.tick(now);
    // Requests back in line may meet operators who are READY right now.
    this.dispatch(now, ctx.queues.values());
  }

  drain(): EngineOutput {
    if (this.ctx.seq !== this.persistedSeq) {
      this.ctx.outbox.setMeta('seq', String(this.ctx.seq));
      this.persistedSeq = this.ctx.seq;
    }
    return this.ctx.outbox.drain();
  }

  /** The next moment {@link AcdEngine.tick} has work to do, or null. */
  nextDeadline(): number | null {
    return this.ctx.deadlines.peek()?.at ?? null;
  }

  /** Runs everything due: ring timeouts, wrap-up and timeout ends, retry times, expiries; then dispatches. */
  tick(now: number): void {
    const ctx = this.ctx;
    const touched = new Set<QueueState>();
    for (const d of ctx.deadlines.popDue(now)) {
      if (d.kind === 'request') {
        const r = ctx.requests.get(d.key);
        if (!r || r.state !== 'waiting') continue;
        const expiry = ctx.expiryOf(r);
        if (expiry !== null && expiry <= now) ctx.end(r, 'expired', now, 'EXPIRE', 'expired');
        else touched.add(ctx.queueOf(r));
      } else if (d.kind === 'operator') {
        const os = ctx.operators.get(d.key);
        if (!os) continue;
        touchOperator(ctx, os, () => {
          const op = os.op;
          if (op.wrapUpUntil !== null && op.wrapUpUntil <= now) {
            op.wrapUpUntil = null;
            op.idleSince = now;
          }
          if (op.presence === 'TIMEOUT' && op.timeoutUntil !== null && op.timeoutUntil <= now) {
            op.presence = 'READY';
            op.presenceSince = now;
            op.timeoutUntil = null;
            op.misses = 0;
            op.idleSince = now;
          }
        });
        for (const qs of this.queuesOf(os)) touched.add(qs);
      } else {
        const r = this.findByOffer(d.key);
        if (!r?.offer || r.offer.phase !== 'ringing' || r.offer.expiresAt === null || r.offer.expiresAt > now) continue;
        failOffer(ctx, r, this.operatorOf(r), 'no-answer', FAILURE_STATUS['no-answer'], now);
        touched.add(ctx.queueOf(r));
      }
    }
    this.dispatch(now, touched);
  }

  // ---- queues and operators -------------------------------------------------------------------------------------

  putQueue(input: { name: string; title?: string | undefined; settings: QueueSettings }, now: number): Queue {
    const ctx = this.ctx;
    const existing = ctx.queues.get(input.name);
    if (existing) {
      existing.queue = { ...existing.queue, title: input.title, settings: input.settings };
      ctx.outbox.queue(existing.queue);
      this.dispatch(now, [existing]);
      return existing.queue;
    }
    const qs = new QueueState({ name: input.name, title: input.title, settings: input.settings });
    ctx.queues.set(input.name, qs);
    for (const os of ctx.operators.values()) if (os.servesQueue(input.name)) qs.operators.add(os);
    ctx.outbox.queue(qs.queue);
    ctx.saveEstimator(qs);
    this.dispatch(now, [qs]);
    return qs.queue;
  }

  deleteQueue(name: string): void {
    const qs = this.queueState(name);
    for (const r of this.ctx.requests.values()) {
      if (r.queue === name) throw new StateConflictError(`queue '${name}' still has active requests`, 'active');
    }
    this.ctx.queues.delete(name);
    this.ctx.outbox.deleteQueue(qs.name);
  }

  putOperator(input: { username: string; displayName: string; queues: OperatorQueueBinding[] }, now: number): Operator {
    const ctx = this.ctx;
    for (const b of input.queues) {
      if (!ctx.queues.has(b.queue)) throw new AcdValidationError('queues', `queue '${b.queue}' does not exist`);
    }
    let os = ctx.operators.get(input.username);
    if (os) {
      for (const qs of this.queuesOf(os)) qs.operators.delete(os);
      os.op.displayName = input.displayName;
      os.op.queues = input.queues.map((b) => ({ ...b }));
    } else {
      const op: Operator = {
        username: input.username,
        displayName: input.displayName,
        queues: input.queues.map((b) => ({ ...b })),
        presence: 'OFFLINE',
        presenceSince: now,
        idleSince: now,
        handled: 0,
        misses: 0,
        skipUntil: 0,
        wrapUpUntil: null,
        timeoutUntil: null,
      };
      os = new OperatorState(op, this.startReachable);
    }
    this.attachOperator(os);
    ctx.outbox.operator(os.op);
    this.dispatch(now, this.queuesOf(os));
    return os.op;
  }

  deleteOperator(username: string): void {
    const os = this.operatorState(username);
    if (os.assignments.size > 0) throw new StateConflictError(`operator '${username}' holds active requests`, 'busy');
    for (const qs of this.queuesOf(os)) qs.operators.delete(os);
    this.ctx.operators.delete(username);
    this.ctx.outbox.deleteOperator(username);
  }

  /**
   * An operator (or a supervisor for them) chooses a status. BANNED is left only through ONLINE (then READY), as in
   * Voximplant. Leaving READY withdraws a ringing offer without counting a miss.
   */
  setOperatorStatus(username: string, status: ChosenStatus, now: number): Operator {
    const ctx = this.ctx;
    const os = this.operatorState(username);
    const op = os.op;
    if (op.presence === 'BANNED' && status === 'READY') {
      throw new StateConflictError(`operator '${username}' is BANNED: set ONLINE first, then READY`, 'BANNED');
    }
    for (const r of [...os.assignments.values()]) {
      if (status !== 'READY' && r.offer?.phase === 'ringing') withdrawOffer(ctx, r, os, now, `operator-${status}`);
    }
    touchOperator(ctx, os, () => {
      const wasReady = op.presence === 'READY' && op.wrapUpUntil === null;
      if (status === 'READY' || status === 'ONLINE') {
        op.misses = 0;
        op.timeoutUntil = null;
      }
      if (status === 'READY') {
        op.wrapUpUntil = null;
        op.skipUntil = 0;
        if (!wasReady) op.idleSince = now;
      }
      if (op.presence !== status) op.presenceSince = now;
      op.presence = status;
    });
    this.dispatch(now, this.queuesOf(os));
    return op;
  }

  /**
   * Whether voice work can reach the operator now (their phone registered or not). Transient: nothing is persisted
   * and the visible status does not change. Becoming reachable dispatches at once, like going READY. Becoming
   * unreachable withdraws nothing: a ringing offer is left to fail through the telephony layer (failOffer).
   */
  setOperatorReachable(username: string, reachable: boolean, now: number): OperatorState {
    const os = this.operatorState(username);
    if (os.voiceReachable === reachable) return os;
    os.voiceReachable = reachable;
    this.ctx.outbox.emit({ type: 'OperatorReachabilityChanged', operator: username, voiceReachable: reachable });
    if (reachable) this.dispatch(now, this.queuesOf(os));
    return os;
  }

  // ---- requests -------------------------------------------------------------------------------------------------

  /** Admits a new request (request-admission.ts) and, once it waits in line, offers it if an operator is free. */
  enqueue(input: EnqueueInput, now: number): EnqueueResult {
    const result = admitRequest(this.ctx, input, now);
    if (result.outcome === 'queued') this.dispatch(now, [this.ctx.queueOf(result.request)]);
    return result;
  }

  cancel(id: string, reason: string, now: number): Request {
    const r = this.activeRequest(id);
    if (r.state === 'connected') throw new StateConflictError(`request '${id}' is connected: complete it instead`, r.state);
    if (r.offer) this.releaseOffer(r, now, 'cancelled');
    this.ctx.end(r, 'cancelled', now, 'CANCEL', reason);
    return r;
  }

  /** A live caller hung up: the call ends (abandoned while waiting, completed once connected). */
  callerGone(id: string, now: number): Request {
    const r = this.activeRequest(id);
    if (r.state === 'connected') return this.complete(id, undefined, now);
    if (r.offer) this.releaseOffer(r, now, 'caller-hung-up');
    const qs = this.ctx.queueOf(r);
    if (r.kind === 'call') {
      qs.predictor.observeWaitEnd((now - r.createdAt) / 1000, true);
      this.ctx.saveEstimator(qs);
    }
    this.ctx.end(r, 'abandoned', now, 'ABANDON', 'caller-hung-up');
    return r;
  }

  /** A waiting caller chose to be called back: the request becomes a callback and keeps its place. */
  convertToCallback(id: string, phone: string, now: number): Request {
    const ctx = this.ctx;
    const r = this.activeRequest(id);
    if (r.kind !== 'call' || r.state === 'connected') {
      throw new StateConflictError(`request '${id}' is not a waiting call`, r.state);
    }
    const existing = ctx.callbackIndex.get(ctx.callbackKey(r.queue, phone));
    r.kind = 'callback';
    r.phone = phone;
    ctx.transition(r, r.state, now, 'CONVERT', { detail: 'callback' });
    if (existing && existing !== r) {
      // One pending callback per number: the one further ahead in line stays.
      if (existing.state === 'waiting' && (existing.priority < r.priority || (existing.priority === r.priority && existing.virtualStart <= r.virtualStart))) {
        if (r.offer) this.releaseOffer(r, now, 'duplicate');
        ctx.end(r, 'cancelled', now, 'CANCEL', `duplicate-of:${existing.id}`);
        return existing;
      }
      if (existing.state === 'waiting') ctx.end(existing, 'cancelled', now, 'CANCEL', `duplicate-of:${r.id}`);
    }
    ctx.indexCallback(r);
    const expiry = ctx.expiryOf(r);
    if (expiry !== null) ctx.deadlines.push({ at: expiry, kind: 'request', key: r.id });
    ctx.outbox.emit({ type: 'ConvertedToCallback', request: r });
    return r;
  }

  acceptOffer(id: string, asOperator: string | undefined, now: number): Request {
    const r = this.activeRequest(id);
    const os = this.offeredOperator(r, asOperator);
    if (r.offer!.phase !== 'ringing') throw new StateConflictError(`request '${id}' is not ringing an operator`, r.state);
    acceptOffer(this.ctx, r, os, now);
    // The offer no longer blocks the operator: with task capacity left (chat: 3), they may take more work now.
    this.dispatch(now, this.queuesOf(os));
    return r;
  }

  failOffer(id: string, cause: OfferFailureCause, statusCode: number | undefined, asOperator: string | undefined, now: number): Request {
    const r = this.activeRequest(id);
    const os = this.offeredOperator(r, asOperator);
    if (r.offer!.phase !== 'ringing') throw new StateConflictError(`request '${id}' is not ringing an operator`, r.state);
    failOffer(this.ctx, r, os, cause, statusCode ?? FAILURE_STATUS[cause], now);
    this.dispatch(now, [this.ctx.queueOf(r), ...this.queuesOf(os)]);
    return r;
  }

  customerDialed(id: string, outcome: CustomerDialOutcome, now: number): Request {
    const r = this.activeRequest(id);
    if (r.offer?.phase !== 'dialing-customer') {
      throw new StateConflictError(`request '${id}' is not dialing its customer`, r.state);
    }
    const os = this.operatorOf(r);
    customerDialed(this.ctx, r, os, outcome, now);
    if (outcome !== 'answered') this.dispatch(now, [this.ctx.queueOf(r), ...this.queuesOf(os)]);
    return r;
  }

  complete(id: string, asOperator: string | undefined, now: number): Request {
    const r = this.activeRequest(id);
    if (r.state !== 'connected') throw new StateConflictError(`request '${id}' is not connected`, r.state);
    const os = this.offeredOperator(r, asOperator);
    completeRequest(this.ctx, r, os, now);
    this.dispatch(now, this.queuesOf(os));
    return r;
  }

  // ---- queries --------------------------------------------------------------------------------------------------

  getActive(id: string): Request | undefined {
    return this.ctx.requests.get(id);
  }

  activeRequests(): IterableIterator<Request> {
    return this.ctx.requests.values();
  }

  queueNames(): string[] {
    return [...this.ctx.queues.keys()];
  }

  queueState(name: string): QueueState {
    const qs = this.ctx.queues.get(name);
    if (!qs) throw new NotFoundError('queue', name);
    return qs;
  }

  operatorState(username: string): OperatorState {
    const os = this.ctx.operators.get(username);
    if (!os) throw new NotFoundError('operator', username);
    return os;
  }

  operatorStates(): IterableIterator<OperatorState> {
    return this.ctx.operators.values();
  }

  /** 1-based place among the waiting requests of its channel class (voice or tasks), or undefined if not waiting. */
  position(request: Request): number | undefined {
    if (request.state !== 'waiting') return undefined;
    const i = this.ctx.queueOf(request).listFor(request).indexOf(request);
    return i < 0 ? undefined : i + 1;
  }

  /** Predicted seconds until a waiting request reaches an operator. */
  estimate(request: Request, now: number): number | undefined {
    const position = this.position(request);
    if (position === undefined) return undefined;
    return this.estimateAhead(this.ctx.queueOf(request), position - 1, now);
  }

  estimateAhead(qs: QueueState, ahead: number, now: number): number {
    return estimateAhead(qs, ahead, now);
  }

  /** Operators staffing the queue and those free for voice work right now (wait-estimate.ts). */
  staffing(qs: QueueState, now: number): { staffed: number; free: number } {
    return staffing(qs, now);
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  private dispatch(now: number, queues: Iterable<QueueState>): void {
    dispatch(this.ctx, now, new Set(queues), (m) => makeOffer(this.ctx, m, now));
  }

  private releaseOffer(r: Request, now: number, why: string): void {
    const os = this.operatorOf(r);
    const offer = r.offer!;
    touchOperator(this.ctx, os, () => {
      os.assignments.delete(r.id);
      r.offer = undefined;
      if (offer.phase !== 'ringing') os.op.idleSince = now;
    });
    this.ctx.outbox.emit({ type: 'OfferWithdrawn', request: r, offer, cause: 'cancelled' });
    this.ctx.outbox.log({ requestId: r.id, queue: r.queue, at: now, event: 'WITHDRAW', state: r.state, operator: os.username, detail: why });
    this.dispatch(now, this.queuesOf(os));
  }

  private activeRequest(id: string): Request {
    const r = this.ctx.requests.get(id);
    if (!r) throw new NotFoundError('request', id);
    return r;
  }

  private operatorOf(r: Request): OperatorState {
    const os = r.offer ? this.ctx.operators.get(r.offer.operator) : undefined;
    if (!os) throw new Error(`engine invariant: request '${r.id}' has no operator`);
    return os;
  }

  private offeredOperator(r: Request, asOperator: string | undefined): OperatorState {
    if (!r.offer) throw new StateConflictError(`request '${r.id}' is not offered to anyone`, r.state);
    if (asOperator !== undefined && r.offer.operator !== asOperator) {
      throw new ForbiddenError(`request '${r.id}' is offered to another operator`);
    }
    return this.operatorOf(r);
  }

  private findByOffer(offerId: string): Request | undefined {
    for (const os of this.ctx.operators.values()) {
      for (const r of os.assignments.values()) if (r.offer?.id === offerId) return r;
    }
    return undefined;
  }

  private queuesOf(os: OperatorState): QueueState[] {
    const out: QueueState[] = [];
    for (const b of os.op.queues) {
      const qs = this.ctx.queues.get(b.queue);
      if (qs) out.push(qs);
    }
    return out;
  }

  private attachOperator(os: OperatorState): void {
    this.ctx.operators.set(os.username, os);
    for (const qs of this.queuesOf(os)) qs.operators.add(os);
  }
}
