import type { HistoryEntry } from './history.js';
import type {
  AcdSnapshot,
  AcdStore,
  CommitBatch,
  IdempotencyRecord,
  QueueStatisticsRow,
  RequestFilter,
} from './store-port.js';
import { isTerminal, type Operator, type Queue, type Request } from './types.js';

/**
 * An AcdStore that keeps everything in memory. For unit tests of the service and of the edges above it; it honours
 * the same contract (atomic commits, copies in and out) but nothing survives the process.
 */
export class InMemoryStore implements AcdStore {
  private queues = new Map<string, Queue>();
  private operators = new Map<string, Operator>();
  private requests = new Map<string, Request>();
  private historyLines: HistoryEntry[] = [];
  private idempotency = new Map<string, IdempotencyRecord>();
  private meta: Record<string, string> = {};
  commits = 0;
  /** Set to make the next commit fail (tests of the failure path). */
  failNextCommit: Error | null = null;

  migrate(): Promise<void> {
    return Promise.resolve();
  }

  loadState(): Promise<AcdSnapshot> {
    return Promise.resolve(
      structuredClone({
        queues: [...this.queues.values()],
        operators: [...this.operators.values()],
        requests: [...this.requests.values()].filter((r) => !isTerminal(r.state)),
        meta: { ...this.meta },
      }),
    );
  }

  commit(batch: CommitBatch): Promise<void> {
    if (this.failNextCommit) {
      const err = this.failNextCommit;
      this.failNextCommit = null;
      return Promise.reject(err);
    }
    const b = structuredClone(batch);
    for (const q of b.queues ?? []) this.queues.set(q.name, q);
    for (const n of b.deletedQueues ?? []) this.queues.delete(n);
    for (const o of b.operators ?? []) this.operators.set(o.username, o);
    for (const n of b.deletedOperators ?? []) this.operators.delete(n);
    for (const r of b.requests ?? []) this.requests.set(r.id, r);
    this.historyLines.push(...(b.history ?? []));
    for (const i of b.idempotency ?? []) this.idempotency.set(`${i.client}\u0000${i.key}`, i);
    Object.assign(this.meta, b.meta ?? {});
    this.commits++;
    return Promise.resolve();
  }

  getRequest(id: string): Promise<Request | undefined> {
    const r = this.requests.get(id);
    return Promise.resolve(r ? structuredClone(r) : undefined);
  }

  listRequests(f: RequestFilter): Promise<Request[]> {
    let rows = [...this.requests.values()].filter(
      (r) =>
        (f.queue === undefined || r.queue === f.queue) &&
        (f.states === undefined || f.states.includes(r.state)) &&
        (f.kind === undefined || r.kind === f.kind) &&
        (f.phone === undefined || r.phone === f.phone) &&
        (f.since === undefined || r.createdAt >= f.since),
    );
    rows.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    if (f.newestFirst) rows.reverse();
    rows = rows.slice(f.offset ?? 0, (f.offset ?? 0) + f.limit);
    return Promise.resolve(structuredClone(rows));
  }

  history(requestId: string): Promise<HistoryEntry[]> {
    return Promise.resolve(structuredClone(this.historyLines.filter((h) => h.requestId === requestId)));
  }

  findIdempotent(client: string, key: string): Promise<IdempotencyRecord | undefined> {
    return Promise.resolve(this.idempotency.get(`${client}\u0000${key}`));
  }

  queueStatistics(queue: string, since: number, sl: number): Promise<QueueStatisticsRow> {
    const rows = [...this.requests.values()].filter((r) => r.queue === queue && r.createdAt >= since);
    const answered = rows.filter((r) => r.answeredAt !== undefined);
    const completed = rows.filter((r) => r.state === 'completed' && r.answeredAt !== undefined && r.endedAt !== undefined);
    const callbacks = rows.filter((r) => r.kind === 'callback');
    return Promise.resolve({
      entered: rows.filter((r) => r.state !== 'rejected').length,
      answered: answered.length,
      answeredWithinSl: answered.filter((r) => r.answeredAt! - r.createdAt <= sl * 1000).length,
      sumWaitSeconds: answered.reduce((s, r) => s + (r.answeredAt! - r.createdAt) / 1000, 0),
      completed: completed.length,
      sumHandleSeconds: completed.reduce((s, r) => s + (r.endedAt! - r.answeredAt!) / 1000, 0),
      abandoned: rows.filter((r) => r.state === 'abandoned').length,
      rejected: rows.filter((r) => r.state === 'rejected').length,
      callbacksCompleted: callbacks.filter((r) => r.state === 'completed').length,
      callbacksFailed: callbacks.filter((r) => r.state === 'failed').length,
      callbacksExpired: callbacks.filter((r) => r.state === 'expired').length,
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
