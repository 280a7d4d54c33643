import type {
  AcdFacade,
  CreateRequestInput,
  CreateRequestResult,
  IdempotencyInput,
  OperatorInput,
  OperatorView,
  QueueInput,
  QueueLive,
  QueueStatistics,
  QueueView,
  RequestView,
} from './acd-facade.js';
import { mergeBatches } from './commit-batch.js';
import { AcdEngine } from './engine.js';
import { NotFoundError, StateConflictError } from './errors.js';
import type { AcdEvent } from './events.js';
import type { HistoryEntry } from './history.js';
import type { OperatorState } from './operator-state.js';
import type { EngineOutput } from './outbox.js';
import { silentLogger, type AcdClock, type AcdLogger, type AcdTimer } from './ports.js';
import { resolveQueueSettings } from './queue-defaults.js';
import type { AcdStore, CommitBatch, RequestFilter } from './store-port.js';
import type { ChosenStatus, CustomerDialOutcome, OfferFailureCause, OperatorStatus, Request } from './types.js';

export interface AcdServiceDeps {
  store: AcdStore;
  clock: AcdClock;
  newId: () => string;
  logger?: AcdLogger | undefined;
  /**
   * Whether operators can take voice work (calls, callbacks) before anyone says so (default true). The server passes
   * false when operators must have a registered SIP phone, then calls {@link AcdService.setOperatorReachable} as
   * phones register and unregister. Reachability is transient: it is not stored, and every start begins from this.
   */
  operatorsStartReachable?: boolean | undefined;
}

/** Queues and operators a config file declares; applied at every start, so the file stays the source of truth. */
export interface DeclaredAcd {
  queues: QueueInput[];
  operators: OperatorInput[];
}

interface PendingCommit {
  output: EngineOutput;
  extra: CommitBatch | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The ACD as the rest of holdless uses it: the engine, made durable and live.
 *
 * Every command runs synchronously against the engine, then waits until its changes are committed to the store;
 * only after the commit are its events published (phones rung, tasks shown, clients answered). Commands that arrive
 * while a commit is in flight are grouped into the next transaction (group commit), which is what lets one SQLite
 * file absorb thousands of requests per second while keeping "durable before acknowledged".
 */
export class AcdService implements AcdFacade {
  private engine: AcdEngine;
  private readonly logger: AcdLogger;
  private readonly listeners = new Set<(e: AcdEvent) => void>();
  private pending: PendingCommit[] = [];
  private flushing = false;
  private timer: { handle: AcdTimer; at: number } | null = null;
  private readonly idempotencyInFlight = new Map<string, Promise<unknown>>();
  private closed = false;

  private constructor(private readonly deps: AcdServiceDeps) {
    this.engine = this.newEngine();
    this.logger = deps.logger ?? silentLogger;
  }

  /** Migrates the store, restores the engine (applying the restart rules), applies the declared config. */
  static async open(deps: AcdServiceDeps, declared?: DeclaredAcd): Promise<AcdService> {
    const service = new AcdService(deps);
    await deps.store.migrate();
    await service.load();
    if (declared) {
      await service.run((engine, now) => {
        for (const q of declared.queues) {
          engine.putQueue({ name: q.name, title: q.title, settings: resolveQueueSettings(q.settings) }, now);
        }
        for (const o of declared.operators) {
          engine.putOperator({ username: o.username, displayName: o.displayName ?? o.username, queues: o.queues }, now);
        }
      });
    }
    return service;
  }

  /** Stops the timer and waits for pending commits. The store is closed by its owner. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer.handle);
    this.timer = null;
    while (this.flushing || this.pending.length > 0) await new Promise((r) => setImmediate(r));
  }

  // ---- queues -----------------------------------------------------------------------------------------------------

  listQueues(): QueueView[] {
    return this.engine.queueNames().map((n) => this.getQueue(n));
  }

  getQueue(name: string): QueueView {
    const qs = this.engine.queueState(name);
    const operators: Partial<Record<OperatorStatus, number>> = {};
    for (const os of qs.operators) {
      const s = os.status();
      operators[s] = (operators[s] ?? 0) + 1;
    }
    return { name: qs.name, title: qs.queue.title, settings: qs.queue.settings, waiting: qs.waitingCount, operators };
  }

  async putQueue(input: QueueInput): Promise<QueueView> {
    await this.run((engine, now) =>
      engine.putQueue({ name: input.name, title: input.title, settings: resolveQueueSettings(input.settings) }, now),
    );
    return this.getQueue(input.name);
  }

  async deleteQueue(name: string): Promise<void> {
    for (const os of this.engine.operatorStates()) {
      if (os.servesQueue(name)) {
        throw new StateConflictError(`queue '${name}' still has operator '${os.username}' bound to it`, 'bound');
      }
    }
    await this.run((engine) => engine.deleteQueue(name));
  }

  queueLive(name: string): QueueLive {
    const qs = this.engine.queueState(name);
    const now = this.deps.clock.now();
    const requests: RequestView[] = [];
    for (const list of [qs.voice, qs.tasks]) {
      let position = 0;
      const staffing = this.engine.staffing(qs, now);
      for (const r of list) {
        position++;
        const ewt = qs.predictor.predict({ ahead: position - 1, ...staffing });
        requests.push({ ...r, position, ...estimateFields(ewt) });
      }
    }
    for (const r of this.engine.activeRequests()) {
      if (r.queue === name && r.state !== 'waiting') requests.push({ ...r });
    }
    const operators = [...qs.operators].map((os) => this.operatorView(os));
    return { queue: this.getQueue(name), requests, operators };
  }

  async queueStatistics(name: string, sinceMs: number): Promise<QueueStatistics> {
    const qs = this.engine.queueState(name);
    const sl = qs.queue.settings.serviceLevelSeconds;
    const row = await this.deps.store.queueStatistics(name, sinceMs, sl);
    let pendingCallbacks = 0;
    for (const r of this.engine.activeRequests()) if (r.queue === name && r.kind === 'callback') pendingCallbacks++;
    const settled = row.answered + row.abandoned;
    const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((1000 * n) / d) / 10 : null);
    return {
      queue: name,
      since: sinceMs,
      entered: row.entered,
      answered: row.answered,
      abandoned: row.abandoned,
      rejected: row.rejected,
      serviceLevelPercent: pct(row.answeredWithinSl, settled),
      serviceLevelSeconds: sl,
      averageSpeedOfAnswer: row.answered > 0 ? Math.round((10 * row.sumWaitSeconds) / row.answered) / 10 : null,
      averageHandleTime: row.completed > 0 ? Math.round((10 * row.sumHandleSeconds) / row.completed) / 10 : null,
      abandonRatePercent: pct(row.abandoned, settled),
      callbacks: {
        pending: pendingCallbacks,
        completed: row.callbacksCompleted,
        failed: row.callbacksFailed,
        expired: row.callbacksExpired,
      },
      waiting: qs.waitingCount,
      measuredHandleTime: Math.round(qs.predictor.meanHandleSeconds()),
    };
  }

  // ---- operators --------------------------------------------------------------------------------------------------

  listOperators(): OperatorView[] {
    return [...this.engine.operatorStates()].map((os) => this.operatorView(os));
  }

  getOperator(username: string): OperatorView {
    return this.operatorView(this.engine.operatorState(username));
  }

  async putOperator(input: OperatorInput): Promise<OperatorView> {
    await this.run((engine, now) =>
      engine.putOperator(
        { username: input.username, displayName: input.displayName ?? input.username, queues: input.queues },
        now,
      ),
    );
    return this.getOperator(input.username);
  }

  async deleteOperator(username: string): Promise<void> {
    await this.run((engine) => engine.deleteOperator(username));
  }

  async setOperatorStatus(username: string, status: ChosenStatus): Promise<OperatorView> {
    await this.run((engine, now) => engine.setOperatorStatus(username, status, now));
    return this.getOperator(username);
  }

  /**
   * For the telephony layer: voice work can (or can no longer) reach the operator, e.g. their SIP phone registered
   * or its registration ended. Nothing is stored. Becoming reachable may offer waiting calls at once; this resolves
   * once those offers are durable. Becoming unreachable leaves a ringing offer to fail by itself (failOffer).
   * Throws NotFoundError for an unknown operator.
   */
  async setOperatorReachable(username: string, reachable: boolean): Promise<void> {
    await this.run((engine, now) => engine.setOperatorReachable(username, reachable, now));
  }

  // ---- requests ---------------------------------------------------------------------------------------------------

  async createRequest(input: CreateRequestInput, idempotency?: IdempotencyInput): Promise<CreateRequestResult> {
    if (!idempotency) return this.enqueue(input);
    // Two concurrent uses of one key: the second waits for the first, then replays it.
    const slot = `${idempotency.client}\u0000${idempotency.key}`;
    for (let busy = this.idempotencyInFlight.get(slot); busy; busy = this.idempotencyInFlight.get(slot)) {
      await busy.catch(() => undefined);
    }
    const previous = await this.deps.store.findIdempotent(idempotency.client, idempotency.key);
    if (previous) {
      if (previous.fingerprint !== idempotency.fingerprint) {
        throw new StateConflictError(`Idempotency-Key '${idempotency.key}' was used with a different request body`, 'idempotency');
      }
      const request = await this.getRequest(previous.requestId);
      return { request, duplicate: request.createdAt < previous.createdAt, replayed: true };
    }
    const work = this.enqueue(input, idempotency);
    this.idempotencyInFlight.set(slot, work);
    try {
      return await work;
    } finally {
      this.idempotencyInFlight.delete(slot);
    }
  }

  private async enqueue(input: CreateRequestInput, idempotency?: IdempotencyInput): Promise<CreateRequestResult> {
    const now = this.deps.clock.now();
    const result = await this.run(
      (engine) => engine.enqueue(input, now),
      idempotency
        ? (r) => ({ idempotency: [{ ...idempotency, requestId: r.request.id, createdAt: now }] })
        : undefined,
    );
    return { request: this.view(result.request), duplicate: result.outcome === 'duplicate', replayed: false };
  }

  async getRequest(id: string): Promise<RequestView> {
    const active = this.engine.getActive(id);
    if (active) return this.view(active);
    const stored = await this.deps.store.getRequest(id);
    if (!stored) throw new NotFoundError('request', id);
    return stored;
  }

  async listRequests(filter: RequestFilter): Promise<RequestView[]> {
    const rows = await this.deps.store.listRequests(filter);
    return rows.map((r) => {
      const active = this.engine.getActive(r.id);
      return active ? this.view(active) : r;
    });
  }

  async cancelRequest(id: string, reason = 'cancelled-by-client'): Promise<RequestView> {
    const r = await this.run((engine, now) => engine.cancel(id, reason, now));
    return this.view(r);
  }

  async history(id: string): Promise<HistoryEntry[]> {
    await this.getRequest(id);
    return this.deps.store.history(id);
  }

  async acceptOffer(requestId: string, asOperator?: string): Promise<RequestView> {
    return this.view(await this.run((engine, now) => engine.acceptOffer(requestId, asOperator, now)));
  }

  async failOffer(requestId: string, cause: OfferFailureCause, statusCode?: number, asOperator?: string): Promise<RequestView> {
    return this.view(await this.run((engine, now) => engine.failOffer(requestId, cause, statusCode, asOperator, now)));
  }

  async completeRequest(requestId: string, asOperator?: string): Promise<RequestView> {
    return this.view(await this.run((engine, now) => engine.complete(requestId, asOperator, now)));
  }

  async reportCustomerDial(requestId: string, outcome: CustomerDialOutcome): Promise<RequestView> {
    return this.view(await this.run((engine, now) => engine.customerDialed(requestId, outcome, now)));
  }

  /** For the telephony layer: a live caller hung up while waiting or talking. */
  async callerGone(requestId: string): Promise<RequestView> {
    return this.view(await this.run((engine, now) => engine.callerGone(requestId, now)));
  }

  /** For the telephony layer: a waiting caller chose a callback to `phone`; the request keeps its place. */
  async convertToCallback(requestId: string, phone: string): Promise<RequestView> {
    return this.view(await this.run((engine, now) => engine.convertToCallback(requestId, phone, now)));
  }

  subscribe(listener: (event: AcdEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- the commit pipeline ----------------------------------------------------------------------------------------

  /**
   * Applies a command to the engine now, and resolves once its changes are committed. A command that throws has
   * changed nothing (the engine validates first) and commits nothing.
   */
  private async run<T>(command: (engine: AcdEngine, now: number) => T, extra?: (result: T) => CommitBatch): Promise<T> {
    if (this.closed) throw new StateConflictError('the ACD service is shut down', 'closed');
    let result: T;
    let output: EngineOutput;
    try {
      result = command(this.engine, this.deps.clock.now());
    } finally {
      output = this.engine.drain();
      this.scheduleTimer();
    }
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ output, extra: extra?.(result), resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        queueMicrotask(() => void this.flush());
      }
    });
    return result;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const items = this.pending;
      this.pending = [];
      const batches: CommitBatch[] = [];
      for (const item of items) {
        batches.push(item.output.batch);
        if (item.extra) batches.push(item.extra);
      }
      try {
        await this.deps.store.commit(mergeBatches(batches));
      } catch (err) {
        this.logger.error({ err, commands: items.length }, 'commit failed: reloading ACD state from the store');
        for (const item of items) item.reject(err);
        await this.reloadAfterFailure();
        this.publishError(err, items);
        continue;
      }
      for (const item of items) this.publish(item.output);
      for (const item of items) item.resolve();
    }
    this.flushing = false;
  }

  private publish(output: EngineOutput): void {
    for (const h of output.history) {
      this.logger.info(
        { requestId: h.requestId, queue: h.queue, event: h.event, state: h.state, operator: h.operator, detail: h.detail },
        `request ${h.event.toLowerCase()}`,
      );
    }
    for (const event of output.events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (err) {
          this.logger.error({ err, event: event.type }, 'ACD event listener failed');
        }
      }
    }
  }

  private publishError(err: unknown, items: readonly PendingCommit[]): void {
    const requestIds = new Set<string>();
    for (const item of items) for (const r of item.output.batch.requests ?? []) requestIds.add(r.id);
    const error = err instanceof Error ? err.message : String(err);
    this.publish({ batch: {}, history: [], events: [{ type: 'Error', error, requestIds: [...requestIds] }] });
  }

  private async load(): Promise<void> {
    const snapshot = await this.deps.store.loadState();
    const engine = this.newEngine();
    // Reachability is not in the store: a reload after a failed commit keeps what the telephony layer last said.
    const reachable = new Map<string, boolean>();
    for (const os of this.engine.operatorStates()) reachable.set(os.username, os.voiceReachable);
    engine.restore(snapshot, this.deps.clock.now(), reachable);
    this.engine = engine;
    const recovered = engine.drain();
    await this.deps.store.commit(recovered.batch);
    this.publish(recovered);
    this.logger.info(
      { queues: snapshot.queues.length, operators: snapshot.operators.length, activeRequests: snapshot.requests.length },
      'ACD state loaded',
    );
    this.scheduleTimer();
  }

  private newEngine(): AcdEngine {
    return new AcdEngine(this.deps.newId, { operatorsStartReachable: this.deps.operatorsStartReachable });
  }

  /** The engine ran ahead of a commit that failed: start again from what is durable. */
  private async reloadAfterFailure(): Promise<void> {
    try {
      await this.load();
    } catch (err) {
      this.logger.error({ err }, 'reloading ACD state failed; the service keeps its in-memory state');
    }
  }

  private scheduleTimer(): void {
    if (this.closed) return;
    const at = this.engine.nextDeadline();
    if (at === null) return;
    if (this.timer && this.timer.at <= at) return;
    if (this.timer) this.deps.clock.clearTimeout(this.timer.handle);
    const clock = this.deps.clock;
    const handle = clock.setTimeout(
      () => {
        this.timer = null;
        this.run((engine, now) => engine.tick(now)).catch((err: unknown) => {
          this.logger.error({ err }, 'ACD tick failed');
        });
      },
      Math.max(0, at - clock.now()),
    );
    this.timer = { handle, at };
  }

  // ---- views ------------------------------------------------------------------------------------------------------

  private view(r: Request): RequestView {
    const now = this.deps.clock.now();
    const position = this.engine.position(r);
    if (position === undefined) return { ...r, offer: r.offer ? { ...r.offer } : undefined };
    const ewt = this.engine.estimate(r, now) ?? 0;
    return { ...r, position, ...estimateFields(ewt) };
  }

  private operatorView(os: OperatorState): OperatorView {
    const { presence: _presence, ...rest } = os.op;
    return {
      ...rest,
      queues: os.op.queues.map((b) => ({ ...b })),
      status: os.status(),
      voiceReachable: os.voiceReachable,
      activeRequests: [...os.assignments.keys()],
    };
  }
}

/** Seconds for REST and whole minutes for VoxEngine; null while unknown (nobody staffs the queue). */
function estimateFields(ewt: number): { estimatedWaitSeconds: number | null; ewtMinutes: number | null } {
  if (!Number.isFinite(ewt)) return { estimatedWaitSeconds: null, ewtMinutes: null };
  return { estimatedWaitSeconds: Math.round(ewt), ewtMinutes: Math.ceil(ewt / 60) };
}
