import type { Generated } from 'kysely';

/**
 * The tables of the durable store, as kysely sees them. One interface per table; column names are snake_case and
 * identical in every dialect. Times are integer milliseconds since the Unix epoch (`bigint` columns). JSON values are
 * stored as text in every dialect, so they round-trip byte for byte (PostgreSQL's jsonb would reorder keys).
 *
 * Numbers are typed `number`, but a driver may hand back int8 / SUM results as strings (node-postgres does):
 * row-mapping.ts converts with Number() so both dialects give the engine the same values.
 */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  queues: QueuesTable;
  operators: OperatorsTable;
  requests: RequestsTable;
  request_history: RequestHistoryTable;
  idempotency_keys: IdempotencyKeysTable;
  meta: MetaTable;
}

/** One row per applied migration (see migrations/index.ts). */
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface QueuesTable {
  name: string;
  title: string | null;
  /** JSON of QueueSettings. */
  settings: string;
  last_offered_operator: string | null;
}

export interface OperatorsTable {
  username: string;
  display_name: string;
  /** JSON array of OperatorQueueBinding. */
  queues: string;
  presence: string;
  presence_since: number;
  idle_since: number;
  handled: number;
  misses: number;
  skip_until: number;
  wrap_up_until: number | null;
  timeout_until: number | null;
}

/** Hot fields (filters, ordering, statistics) are real columns; `payload` and `offer` are JSON text. */
export interface RequestsTable {
  id: string;
  queue: string;
  kind: string;
  priority: number;
  virtual_start: number;
  seq: number;
  created_at: number;
  updated_at: number;
  state: string;
  reason: string | null;
  phone: string | null;
  name: string | null;
  channel: string | null;
  /** JSON text; NULL when the request has no payload (a JSON `null` payload is the text 'null'). */
  payload: string | null;
  custom_data: string | null;
  ring_timeout: number | null;
  not_before: number | null;
  not_after: number | null;
  attempts: number;
  offers: number;
  /** JSON of Offer. */
  offer: string | null;
  answered_at: number | null;
  ended_at: number | null;
  handled_by: string | null;
}

/** Append-only: rows are inserted, never updated or deleted. `id` gives the append order. */
export interface RequestHistoryTable {
  id: Generated<number>;
  request_id: string;
  queue: string;
  at: number;
  event: string;
  state: string;
  operator: string | null;
  detail: string | null;
}

export interface IdempotencyKeysTable {
  client: string;
  idempotency_key: string;
  fingerprint: string;
  request_id: string;
  created_at: number;
}

export interface MetaTable {
  name: string;
  value: string;
}

export type QueueRow = QueuesTable;
export type OperatorRow = OperatorsTable;
export type RequestRow = RequestsTable;
/** A history row as written (the id is assigned by the database). */
export type NewHistoryRow = Omit<RequestHistoryTable, 'id'>;
export type IdempotencyRow = IdempotencyKeysTable;
export type MetaRow = MetaTable;

/**
 * Column lists in one place: the upserts of both batch writers are generated from them, so a column added in a
 * migration is written everywhere once it is listed here (the `satisfies` checks keep them in step with the types).
 */
export const QUEUE_COLUMNS = ['name', 'title', 'settings', 'last_offered_operator'] as const satisfies readonly (keyof QueueRow)[];

export const OPERATOR_COLUMNS = [
  'username',
  'display_name',
  'queues',
  'presence',
  'presence_since',
  'idle_since',
  'handled',
  'misses',
  'skip_until',
  'wrap_up_until',
  'timeout_until',
] as const satisfies readonly (keyof OperatorRow)[];

export const REQUEST_COLUMNS = [
  'id',
  'queue',
  'kind',
  'priority',
  'virtual_start',
  'seq',
  'created_at',
  'updated_at',
  'state',
  'reason',
  'phone',
  'name',
  'channel',
  'payload',
  'custom_data',
  'ring_timeout',
  'not_before',
  'not_after',
  'attempts',
  'offers',
  'offer',
  'answered_at',
  'ended_at',
  'handled_by',
] as const satisfies readonly (keyof RequestRow)[];

export const HISTORY_COLUMNS = [
  'request_id',
  'queue',
  'at',
  'event',
  'state',
  'operator',
  'detail',
] as const satisfies readonly (keyof NewHistoryRow)[];

export const IDEMPOTENCY_COLUMNS = [
  'client',
  'idempotency_key',
  'fingerprint',
  'request_id',
  'created_at',
] as const satisfies readonly (keyof IdempotencyRow)[];

/** Compile-time check that each column list names every column of its row: a missing one makes `true` not fit. */
type Exhaustive<Row, Listed> = [Exclude<keyof Row, Listed>] extends [never] ? true : Exclude<keyof Row, Listed>;
const _queueColumns: Exhaustive<QueueRow, (typeof QUEUE_COLUMNS)[number]> = true;
const _operatorColumns: Exhaustive<OperatorRow, (typeof OPERATOR_COLUMNS)[number]> = true;
const _requestColumns: Exhaustive<RequestRow, (typeof REQUEST_COLUMNS)[number]> = true;
const _historyColumns: Exhaustive<NewHistoryRow, (typeof HISTORY_COLUMNS)[number]> = true;
const _idempotencyColumns: Exhaustive<IdempotencyRow, (typeof IDEMPOTENCY_COLUMNS)[number]> = true;
