import type { AcdEvent } from './events.js';
import type { HistoryEntry } from './history.js';
import type { CommitBatch } from './store-port.js';
import type { Operator, Queue, Request } from './types.js';

/** What one or more engine commands produced: the rows to persist and the events to act on once they are durable. */
export interface EngineOutput {
  batch: CommitBatch;
  events: AcdEvent[];
  history: HistoryEntry[];
}

/**
 * Collects the engine's changes between two drains. Rows are copied at drain time, so the engine may keep mutating
 * its live objects while an earlier batch is being written.
 */
export class Outbox {
  private requests = new Map<string, Request>();
  private operators = new Map<string, Operator>();
  private queues = new Map<string, Queue>();
  private deletedQueues = new Set<string>();
  private deletedOperators = new Set<string>();
  private history: HistoryEntry[] = [];
  private events: AcdEvent[] = [];
  private meta: Record<string, string> = {};

  request(r: Request): void {
    this.requests.set(r.id, r);
  }
  operator(o: Operator): void {
    this.deletedOperators.delete(o.username);
    this.operators.set(o.username, o);
  }
  queue(q: Queue): void {
    this.deletedQueues.delete(q.name);
    this.queues.set(q.name, q);
  }
  deleteQueue(name: string): void {
    this.queues.delete(name);
    this.deletedQueues.add(name);
  }
  deleteOperator(username: string): void {
    this.operators.delete(username);
    this.deletedOperators.add(username);
  }
  log(entry: HistoryEntry): void {
    this.history.push(entry);
  }
  /**
   * Records an event with its request as it is now: one command can move a request on (queued, then offered at once),
   * and each event must show the state it announces, not the request's state when the batch is drained.
   */
  emit(event: AcdEvent): void {
    if (!('request' in event)) {
      this.events.push(event);
      return;
    }
    const r = event.request;
    const copy = { ...event, request: { ...r, offer: r.offer ? { ...r.offer } : undefined } };
    if ('offer' in copy) copy.offer = { ...copy.offer };
    this.events.push(copy);
  }
  setMeta(key: string, value: string): void {
    this.meta[key] = value;
  }

  get isEmpty(): boolean {
    return (
      this.requests.size === 0 &&
      this.operators.size === 0 &&
      this.queues.size === 0 &&
      this.deletedQueues.size === 0 &&
      this.deletedOperators.size === 0 &&
      this.history.length === 0 &&
      this.events.length === 0 &&
      Object.keys(this.meta).length === 0
    );
  }

  drain(): EngineOutput {
    const copies = new Map<Request, Request>();
    const copyRequest = (r: Request): Request => {
      let c = copies.get(r);
      if (!c) {
        c = { ...r, offer: r.offer ? { ...r.offer } : undefined };
        copies.set(r, c);
      }
      return c;
    };
    const batch: CommitBatch = {};
    if (this.requests.size) batch.requests = [...this.requests.values()].map(copyRequest);
    if (this.operators.size)
      batch.operators = [...this.operators.values()].map((o) => ({ ...o, queues: o.queues.map((b) => ({ ...b })) }));
    if (this.queues.size) batch.queues = [...this.queues.values()].map((q) => structuredClone(q));
    if (this.deletedQueues.size) batch.deletedQueues = [...this.deletedQueues];
    if (this.deletedOperators.size) batch.deletedOperators = [...this.deletedOperators];
    if (this.history.length) batch.history = this.history;
    if (Object.keys(this.meta).length) batch.meta = this.meta;
    const out: EngineOutput = { batch, events: this.events, history: this.history };
    this.requests = new Map();
    this.operators = new Map();
    this.queues = new Map();
    this.deletedQueues = new Set();
    this.deletedOperators = new Set();
    this.history = [];
    this.events = [];
    this.meta = {};
    return out;
  }
}
