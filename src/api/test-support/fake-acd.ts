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
} from '../../acd/acd-facade.js';
import { AcdValidationError, ForbiddenError, NotFoundError, StateConflictError } from '../../acd/errors.js';
import type { AcdEvent } from '../../acd/events.js';
import type { HistoryEntry } from '../../acd/history.js';
import type { RequestFilter } from '../../acd/store-port.js';
import type {
  ChosenStatus,
  CustomerDialOutcome,
  OfferFailureCause,
  OperatorStatus,
  QueueSettings,
  Request,
} from '../../acd/types.js';
import { DEFAULT_QUEUE_SETTINGS } from '../../acd/queue-defaults.js';
import type { Clock } from '../../lib/clock.js';

/** The real ACD's defaults; the fake merges nested keys the same way. */
export const FAKE_DEFAULT_SETTINGS: QueueSettings = structuredClone(DEFAULT_QUEUE_SETTINGS);

interface FakeOperator {
  username: string;
  displayName: string;
  queues: { queue: string; skill: number }[];
  status: OperatorStatus;
  since: number;
}

/**
 * An in-memory AcdFacade for API unit tests: just enough behaviour to exercise the HTTP edge (not the ACD's rules).
 * Knobs: `reject(queue, reason)` makes the next creations in a queue come back rejected; `calls` records every
 * facade call with its arguments.
 */
export class FakeAcd implements AcdFacade {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly queues = new Map<string, QueueView>();
  private readonly operators = new Map<string, FakeOperator>();
  private readonly requests = new Map<string, Request>();
  private readonly historyLog = new Map<string, HistoryEntry[]>();
  private readonly idempotency = new Map<string, { fingerprint: string; requestId: string; duplicate: boolean }>();
  private readonly rejections = new Map<string, string>();
  private readonly listeners = new Set<(e: AcdEvent) => void>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  get listenerCount(): number {
    return this.listeners.size;
  }

  reject(queue: string, reason: string | undefined): void {
    if (reason === undefined) this.rejections.delete(queue);
    else this.rejections.set(queue, reason);
  }

  /** Puts a request in a state directly (e.g. offered to an operator), as the engine would. */
  setRequest(id: string, patch: Partial<Request>): Request {
    const r = this.mustRequest(id);
    Object.assign(r, patch, { updatedAt: this.clock.now() });
    return r;
  }

  emit(event: AcdEvent): void {
    for (const l of this.listeners) l(event);
  }

  // ---- queues ----
  listQueues(): QueueView[] {
    this.record('listQueues');
    return [...this.queues.values()].map((q) => this.queueView(q));
  }

  getQueue(name: string): QueueView {
    this.record('getQueue', name);
    return this.queueView(this.mustQueue(name));
  }

  putQueue(input: QueueInput): Promise<QueueView> {
    this.record('putQueue', input);
    const s = input.settings ?? {};
    const d = FAKE_DEFAULT_SETTINGS;
    const settings: QueueSettings = {
      ...d,
      ...(s as Partial<QueueSettings>),
      noAnswer: { ...d.noAnswer, ...s.noAnswer, delaySeconds: { ...d.noAnswer.delaySeconds, ...s.noAnswer?.delaySeconds } },
      callback: {
        ...d.callback,
        ...s.callback,
        retryDelaySeconds: { ...d.callback.retryDelaySeconds, ...s.callback?.retryDelaySeconds },
      },
    };
    this.queues.set(input.name, { name: input.name, title: input.title, settings, waiting: 0, operators: {} });
    return Promise.resolve(this.queueView(this.mustQueue(input.name)));
  }

  deleteQueue(name: string): Promise<void> {
    this.record('deleteQueue', name);
    this.mustQueue(name);
    if (this.active(name).length > 0) throw new StateConflictError(`queue '${name}' still has active requests`, 'active');
    this.queues.delete(name);
    return Promise.resolve();
  }

  queueLive(name: string): QueueLive {
    this.record('queueLive', name);
    const queue = this.queueView(this.mustQueue(name));
    const requests = this.active(name).map((r) => this.view(r));
    const operators = [...this.operators.values()]
      .filter((o) => o.queues.some((b) => b.queue === name))
      .map((o) => this.operatorView(o));
    return { queue, requests, operators };
  }

  queueStatistics(name: string, sinceMs: number): Promise<QueueStatistics> {
    this.record('queueStatistics', name, sinceMs);
    const q = this.mustQueue(name);
    return Promise.resolve({
      queue: name,
      since: sinceMs,
      entered: 3,
      answered: 2,
      abandoned: 1,
      rejected: 0,
      serviceLevelPercent: 66.7,
      serviceLevelSeconds: q.settings.serviceLevelSeconds,
      averageSpeedOfAnswer: 12.5,
      averageHandleTime: null,
      abandonRatePercent: 33.3,
      callbacks: { pending: 1, completed: 0, failed: 0, expired: 0 },
      waiting: this.active(name).filter((r) => r.state === 'waiting').length,
      measuredHandleTime: 180,
    });
  }

  // ---- operators ----
  listOperators(): OperatorView[] {
    this.record('listOperators');
    return [...this.operators.values()].map((o) => this.operatorView(o));
  }

  getOperator(username: string): OperatorView {
    this.record('getOperator', username);
    return this.operatorView(this.mustOperator(username));
  }

  putOperator(input: OperatorInput): Promise<OperatorView> {
    this.record('putOperator', input);
    for (const b of input.queues) {
      if (!this.queues.has(b.queue)) throw new AcdValidationError('queues', `queue '${b.queue}' does not exist`);
    }
    const previous = this.operators.get(input.username);
    this.operators.set(input.username, {
      username: input.username,
      displayName: input.displayName ?? input.username,
      queues: input.queues.map((b) => ({ ...b })),
      status: previous?.status ?? 'OFFLINE',
      since: previous?.since ?? this.clock.now(),
    });
    return Promise.resolve(this.operatorView(this.mustOperator(input.username)));
  }

  deleteOperator(username: string): Promise<void> {
    this.record('deleteOperator', username);
    this.mustOperator(username);
    this.operators.delete(username);
    return Promise.resolve();
  }

  setOperatorStatus(username: string, status: ChosenStatus): Promise<OperatorView> {
    this.record('setOperatorStatus', username, status);
    const o = this.mustOperator(username);
    const previous = o.status;
    o.status = status;
    o.since = this.clock.now();
    this.emit({ type: 'OperatorStatusChanged', operator: username, status, previous });
    return Promise.resolve(this.operatorView(o));
  }

  // ---- requests ----
  createRequest(input: CreateRequestInput, idempotency?: IdempotencyInput): Promise<CreateRequestResult> {
    this.record('createRequest', input, idempotency);
    if (idempotency) {
      const slot = `${idempotency.client}\u0000${idempotency.key}`;
      const previous = this.idempotency.get(slot);
      if (previous) {
        if (previous.fingerprint !== idempotency.fingerprint) {
          return Promise.reject(new StateConflictError('Idempotency-Key reused with a different body', 'idempotency'));
        }
        const request = this.view(this.mustRequest(previous.requestId));
        return Promise.resolve({ request, duplicate: previous.duplicate, replayed: true });
      }
    }
    const result = this.enqueue(input);
    if (idempotency) {
      this.idempotency.set(`${idempotency.client}\u0000${idempotency.key}`, {
        fingerprint: idempotency.fingerprint,
        requestId: result.request.id,
        duplicate: result.duplicate,
      });
    }
    return Promise.resolve(result);
  }

  private enqueue(input: CreateRequestInput): CreateRequestResult {
    const queue = this.mustQueue(input.queue);
    if (input.kind === 'callback' && queue.settings.callback.dedupe) {
      const existing = this.active(input.queue).find((r) => r.kind === 'callback' && r.phone === input.phone);
      if (existing) {
        this.emit({ type: 'Queued', request: { ...existing }, duplicate: true });
        return { request: this.view(existing), duplicate: true, replayed: false };
      }
    }
    const now = this.clock.now();
    const id = `req-${++this.seq}`;
    const request: Request = {
      id,
      queue: input.queue,
      kind: input.kind,
      priority: input.priority ?? 50,
      virtualStart: input.virtualStart ?? now,
      seq: this.seq,
      createdAt: now,
      updatedAt: now,
      state: 'waiting',
      phone: input.phone,
      name: input.name,
      channel: input.channel,
      payload: input.payload,
      customData: input.customData,
      ringTimeout: input.ringTimeout,
      notBefore: input.notBefore,
      notAfter: input.notAfter,
      attempts: 0,
      offers: 0,
    };
    const rejection = this.rejections.get(input.queue);
    if (rejection) {
      request.state = 'rejected';
      request.reason = rejection;
      request.endedAt = now;
    }
    this.requests.set(id, request);
    this.log(request, rejection ? 'QUEUEFULL' : 'ENQUEUE');
    if (rejection === 'offline') this.emit({ type: 'Offline', request: { ...request } });
    else if (rejection) this.emit({ type: 'QueueFull', request: { ...request }, cause: 'size', predictedWait: 600 });
    else this.emit({ type: 'Queued', request: { ...request }, duplicate: false });
    return { request: this.view(request), duplicate: false, replayed: false };
  }

  getRequest(id: string): Promise<RequestView> {
    this.record('getRequest', id);
    try {
      return Promise.resolve(this.view(this.mustRequest(id)));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  listRequests(filter: RequestFilter): Promise<RequestView[]> {
    this.record('listRequests', filter);
    let rows = [...this.requests.values()].filter(
      (r) =>
        (filter.queue === undefined || r.queue === filter.queue) &&
        (filter.states === undefined || filter.states.includes(r.state)) &&
        (filter.kind === undefined || r.kind === filter.kind) &&
        (filter.phone === undefined || r.phone === filter.phone) &&
        (filter.since === undefined || r.createdAt >= filter.since),
    );
    rows.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    if (filter.newestFirst) rows.reverse();
    rows = rows.slice(filter.offset ?? 0, (filter.offset ?? 0) + filter.limit);
    return Promise.resolve(rows.map((r) => this.view(r)));
  }

  cancelRequest(id: string, reason = 'cancelled-by-client'): Promise<RequestView> {
    this.record('cancelRequest', id, reason);
    const r = this.mustRequest(id);
    if (!['waiting', 'offered', 'connected'].includes(r.state)) {
      return Promise.reject(new StateConflictError(`request '${id}' is ${r.state}`, r.state));
    }
    this.end(r, 'cancelled', reason, 'CANCEL');
    return Promise.resolve(this.view(r));
  }

  history(id: string): Promise<HistoryEntry[]> {
    this.record('history', id);
    return Promise.resolve([...(this.historyLog.get(id) ?? [])]);
  }

  // ---- offers ----
  acceptOffer(requestId: string, asOperator?: string): Promise<RequestView> {
    this.record('acceptOffer', requestId, asOperator);
    const r = this.offered(requestId, asOperator);
    const offer = r.offer!;
    offer.phase = 'connected';
    offer.expiresAt = null;
    r.state = 'connected';
    r.answeredAt = this.clock.now();
    r.handledBy = offer.operator;
    this.log(r, 'CONNECT', offer.operator);
    this.emit({ type: 'OperatorReached', request: { ...r }, offer: { ...offer } });
    return Promise.resolve(this.view(r));
  }

  failOffer(requestId: string, cause: OfferFailureCause, statusCode?: number, asOperator?: string): Promise<RequestView> {
    this.record('failOffer', requestId, cause, statusCode, asOperator);
    const r = this.offered(requestId, asOperator);
    const operator = r.offer!.operator;
    r.offer = undefined;
    r.state = 'waiting';
    this.log(r, cause === 'declined' ? 'DECLINE' : 'OPERATOR_FAILED', operator);
    this.emit({ type: 'OperatorFailed', request: { ...r }, operator, cause, statusCode: statusCode ?? 480 });
    return Promise.resolve(this.view(r));
  }

  completeRequest(requestId: string, asOperator?: string): Promise<RequestView> {
    this.record('completeRequest', requestId, asOperator);
    const r = this.mustRequest(requestId);
    if (r.state !== 'connected') return Promise.reject(new StateConflictError(`request is ${r.state}`, r.state));
    if (asOperator !== undefined && r.offer?.operator !== asOperator) {
      return Promise.reject(new ForbiddenError(`request '${r.id}' is handled by another operator`));
    }
    this.end(r, 'completed', 'completed', 'COMPLETE');
    return Promise.resolve(this.view(r));
  }

  reportCustomerDial(requestId: string, outcome: CustomerDialOutcome): Promise<RequestView> {
    this.record('reportCustomerDial', requestId, outcome);
    const r = this.mustRequest(requestId);
    r.attempts++;
    if (outcome === 'answered') r.state = 'connected';
    return Promise.resolve(this.view(r));
  }

  subscribe(listener: (event: AcdEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- helpers ----
  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  private offered(requestId: string, asOperator: string | undefined): Request {
    const r = this.mustRequest(requestId);
    if (r.state !== 'offered' || !r.offer) {
      throw new StateConflictError(`request '${requestId}' has no offer`, r.state);
    }
    if (asOperator !== undefined && r.offer.operator !== asOperator) {
      throw new ForbiddenError(`request '${r.id}' is offered to another operator`);
    }
    return r;
  }

  private end(r: Request, state: Request['state'], reason: string, event: string): void {
    r.state = state;
    r.reason = reason;
    r.endedAt = this.clock.now();
    r.updatedAt = r.endedAt;
    this.log(r, event, r.handledBy);
    this.emit({ type: 'Ended', request: { ...r } });
  }

  private log(r: Request, event: string, operator?: string): void {
    const list = this.historyLog.get(r.id) ?? [];
    list.push({ requestId: r.id, queue: r.queue, at: this.clock.now(), event, state: r.state, operator });
    this.historyLog.set(r.id, list);
  }

  private active(queue: string): Request[] {
    return [...this.requests.values()]
      .filter((r) => r.queue === queue && ['waiting', 'offered', 'connected'].includes(r.state))
      .sort((a, b) => a.priority - b.priority || a.virtualStart - b.virtualStart || a.seq - b.seq);
  }

  private view(r: Request): RequestView {
    if (r.state !== 'waiting') return { ...r };
    const waiting = this.active(r.queue).filter((x) => x.state === 'waiting');
    const position = waiting.findIndex((x) => x.id === r.id) + 1;
    const estimatedWaitSeconds = (position - 1) * 90;
    return { ...r, position, estimatedWaitSeconds, ewtMinutes: Math.ceil(estimatedWaitSeconds / 60) };
  }

  private queueView(q: QueueView): QueueView {
    const operators: Partial<Record<OperatorStatus, number>> = {};
    for (const o of this.operators.values()) {
      if (o.queues.some((b) => b.queue === q.name)) operators[o.status] = (operators[o.status] ?? 0) + 1;
    }
    const waiting = this.active(q.name).filter((r) => r.state === 'waiting').length;
    return { ...q, waiting, operators };
  }

  private operatorView(o: FakeOperator): OperatorView {
    const activeRequests = [...this.requests.values()]
      .filter((r) => r.offer?.operator === o.username && ['offered', 'connected'].includes(r.state))
      .map((r) => r.id);
    return {
      username: o.username,
      displayName: o.displayName,
      queues: o.queues.map((b) => ({ ...b })),
      status: o.status,
      presenceSince: o.since,
      idleSince: o.since,
      handled: 0,
      misses: 0,
      skipUntil: 0,
      wrapUpUntil: null,
      timeoutUntil: null,
      activeRequests,
    };
  }

  private mustQueue(name: string): QueueView {
    const q = this.queues.get(name);
    if (!q) throw new NotFoundError('queue', name);
    return q;
  }

  private mustOperator(username: string): FakeOperator {
    const o = this.operators.get(username);
    if (!o) throw new NotFoundError('operator', username);
    return o;
  }

  private mustRequest(id: string): Request {
    const r = this.requests.get(id);
    if (!r) throw new NotFoundError('request', id);
    return r;
  }
}
