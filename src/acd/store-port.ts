import type { HistoryEntry } from './history.js';
import type { Operator, Queue, Request, RequestKind, RequestState } from './types.js';

/**
 * The durable store the ACD persists through (a port: acd/ declares it, store/ implements it per database).
 *
 * Rule: a change is committed before anything acts on it. The service applies a command to the engine, gathers the
 * changed rows and history lines into one {@link CommitBatch}, awaits {@link AcdStore.commit}, and only then answers
 * the client, rings a phone or publishes an event.
 */
export interface AcdStore {
  /** Applies pending migrations. Idempotent; called once at start. */
  migrate(): Promise<void>;
  /** Everything the engine needs to resume: queues, operators, and every non-terminal request. */
  loadState(): Promise<AcdSnapshot>;
  /** Writes a batch atomically (one transaction): all of it or none of it. */
  commit(batch: CommitBatch): Promise<void>;
  /** A request by id, terminal or not. */
  getRequest(id: string): Promise<Request | undefined>;
  listRequests(filter: RequestFilter): Promise<Request[]>;
  /** The request's log, oldest first. */
  history(requestId: string): Promise<HistoryEntry[]>;
  /** The request an idempotency key produced, if the key was used before by the same client. */
  findIdempotent(client: string, key: string): Promise<IdempotencyRecord | undefined>;
  queueStatistics(queue: string, since: number, serviceLevelSeconds: number): Promise<QueueStatisticsRow>;
  close(): Promise<void>;
}

export interface AcdSnapshot {
  queues: Queue[];
  operators: Operator[];
  /** Non-terminal requests (waiting, offered, connected). */
  requests: Request[];
  /** Engine bookkeeping: the last request sequence number, estimator states per queue. */
  meta: Record<string, string>;
}

export interface CommitBatch {
  queues?: Queue[];
  deletedQueues?: string[];
  operators?: Operator[];
  deletedOperators?: string[];
  /** Full rows: inserted or replaced by id. */
  requests?: Request[];
  history?: HistoryEntry[];
  idempotency?: IdempotencyRecord[];
  meta?: Record<string, string>;
}

export interface IdempotencyRecord {
  /** Who used the key (token id), so two clients' keys never collide. */
  client: string;
  key: string;
  /** Hash of the request body: the same key with a different body is a conflict (409). */
  fingerprint: string;
  requestId: string;
  createdAt: number;
}

export interface RequestFilter {
  queue?: string | undefined;
  states?: RequestState[] | undefined;
  kind?: RequestKind | undefined;
  phone?: string | undefined;
  /** Requests created at or after this time. */
  since?: number | undefined;
  /** Newest first when true (default: oldest first by creation). */
  newestFirst?: boolean | undefined;
  limit: number;
  offset?: number | undefined;
}

/** Aggregates over requests of a queue created since a time; the service turns them into SL%, ASA, AHT, abandon rate. */
export interface QueueStatisticsRow {
  /** Requests that entered the queue (not rejected). */
  entered: number;
  /** Requests an operator answered (connected at least once). */
  answered: number;
  /** Answered with a wait (answer time − creation) within the service-level threshold. */
  answeredWithinSl: number;
  /** Sum of waits of answered requests, seconds. */
  sumWaitSeconds: number;
  /** Requests completed (handled to the end), and the sum of their handle times in seconds. */
  completed: number;
  sumHandleSeconds: number;
  /** Callers who hung up while waiting. */
  abandoned: number;
  /** Requests rejected at entry (Offline, QueueFull). */
  rejected: number;
  callbacksCompleted: number;
  callbacksFailed: number;
  callbacksExpired: number;
}
