import type { HistoryEntry } from '../acd/history.js';
import type { IdempotencyRecord } from '../acd/store-port.js';
import type {
  ChosenStatus,
  Offer,
  Operator,
  OperatorQueueBinding,
  Queue,
  QueueSettings,
  Request,
  RequestKind,
  RequestState,
} from '../acd/types.js';
import type { IdempotencyRow, NewHistoryRow, OperatorRow, QueueRow, RequestRow } from './schema.js';

/**
 * Domain objects <-> table rows. Pure functions, the same for every dialect.
 *
 * Conventions:
 * - an optional domain field that is `undefined` is stored as NULL, and NULL comes back as an absent key (not `null`,
 *   not a key holding `undefined`), so a loaded object deep-equals the one that was written;
 * - domain fields typed `number | null` (operator wrap-up / timeout ends) keep their `null`;
 * - JSON columns hold JSON.stringify text; `payload` NULL means "no payload", the text 'null' means a JSON null;
 * - numbers go through Number(): node-postgres returns int8 as a string.
 */

export function queueToRow(queue: Queue): QueueRow {
  return {
    name: queue.name,
    title: nullable(queue.title),
    settings: JSON.stringify(queue.settings),
    last_offered_operator: nullable(queue.lastOfferedOperator),
  };
}

export function rowToQueue(row: QueueRow): Queue {
  const queue: Queue = { name: row.name, settings: JSON.parse(row.settings) as QueueSettings };
  if (row.title !== null) queue.title = row.title;
  if (row.last_offered_operator !== null) queue.lastOfferedOperator = row.last_offered_operator;
  return queue;
}

export function operatorToRow(operator: Operator): OperatorRow {
  return {
    username: operator.username,
    display_name: operator.displayName,
    queues: JSON.stringify(operator.queues),
    presence: operator.presence,
    presence_since: operator.presenceSince,
    idle_since: operator.idleSince,
    handled: operator.handled,
    misses: operator.misses,
    skip_until: operator.skipUntil,
    wrap_up_until: operator.wrapUpUntil,
    timeout_until: operator.timeoutUntil,
  };
}

export function rowToOperator(row: OperatorRow): Operator {
  return {
    username: row.username,
    displayName: row.display_name,
    queues: JSON.parse(row.queues) as OperatorQueueBinding[],
    presence: row.presence as ChosenStatus | 'TIMEOUT',
    presenceSince: Number(row.presence_since),
    idleSince: Number(row.idle_since),
    handled: Number(row.handled),
    misses: Number(row.misses),
    skipUntil: Number(row.skip_until),
    wrapUpUntil: nullableNumber(row.wrap_up_until),
    timeoutUntil: nullableNumber(row.timeout_until),
  };
}

export function requestToRow(request: Request): RequestRow {
  return {
    id: request.id,
    queue: request.queue,
    kind: request.kind,
    priority: request.priority,
    virtual_start: request.virtualStart,
    seq: request.seq,
    created_at: request.createdAt,
    updated_at: request.updatedAt,
    state: request.state,
    reason: nullable(request.reason),
    phone: nullable(request.phone),
    name: nullable(request.name),
    channel: nullable(request.channel),
    payload: request.payload === undefined ? null : JSON.stringify(request.payload),
    custom_data: nullable(request.customData),
    ring_timeout: nullable(request.ringTimeout),
    not_before: nullable(request.notBefore),
    not_after: nullable(request.notAfter),
    attempts: request.attempts,
    offers: request.offers,
    offer: request.offer === undefined ? null : JSON.stringify(request.offer),
    answered_at: nullable(request.answeredAt),
    ended_at: nullable(request.endedAt),
    handled_by: nullable(request.handledBy),
  };
}

export function rowToRequest(row: RequestRow): Request {
  const request: Request = {
    id: row.id,
    queue: row.queue,
    kind: row.kind as RequestKind,
    priority: Number(row.priority),
    virtualStart: Number(row.virtual_start),
    seq: Number(row.seq),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    state: row.state as RequestState,
    attempts: Number(row.attempts),
    offers: Number(row.offers),
  };
  // Optional fields are set only when present, in the interface's order (keeps printed objects readable).
  if (row.reason !== null) request.reason = row.reason;
  if (row.phone !== null) request.phone = row.phone;
  if (row.name !== null) request.name = row.name;
  if (row.channel !== null) request.channel = row.channel;
  if (row.payload !== null) request.payload = JSON.parse(row.payload) as unknown;
  if (row.custom_data !== null) request.customData = row.custom_data;
  if (row.ring_timeout !== null) request.ringTimeout = Number(row.ring_timeout);
  if (row.not_before !== null) request.notBefore = Number(row.not_before);
  if (row.not_after !== null) request.notAfter = Number(row.not_after);
  if (row.offer !== null) request.offer = JSON.parse(row.offer) as Offer;
  if (row.answered_at !== null) request.answeredAt = Number(row.answered_at);
  if (row.ended_at !== null) request.endedAt = Number(row.ended_at);
  if (row.handled_by !== null) request.handledBy = row.handled_by;
  return request;
}

export function historyToRow(entry: HistoryEntry): NewHistoryRow {
  return {
    request_id: entry.requestId,
    queue: entry.queue,
    at: entry.at,
    event: entry.event,
    state: entry.state,
    operator: nullable(entry.operator),
    detail: nullable(entry.detail),
  };
}

/** Accepts a row read back with its `id` too (the extra column is ignored). */
export function rowToHistory(row: NewHistoryRow): HistoryEntry {
  const entry: HistoryEntry = {
    requestId: row.request_id,
    queue: row.queue,
    at: Number(row.at),
    event: row.event,
    state: row.state as RequestState,
  };
  if (row.operator !== null) entry.operator = row.operator;
  if (row.detail !== null) entry.detail = row.detail;
  return entry;
}

export function idempotencyToRow(record: IdempotencyRecord): IdempotencyRow {
  return {
    client: record.client,
    idempotency_key: record.key,
    fingerprint: record.fingerprint,
    request_id: record.requestId,
    created_at: record.createdAt,
  };
}

export function rowToIdempotency(row: IdempotencyRow): IdempotencyRecord {
  return {
    client: row.client,
    key: row.idempotency_key,
    fingerprint: row.fingerprint,
    requestId: row.request_id,
    createdAt: Number(row.created_at),
  };
}

/**
 * `undefined` -> NULL. Drivers reject `undefined` parameters (better-sqlite3 reads it as a missing value), and a
 * NULL is what the reverse mapping turns back into an absent key. A `null` that slipped in (e.g. from JSON input)
 * is kept as NULL too.
 */
function nullable<T>(value: T | undefined | null): T | null {
  return value ?? null;
}

function nullableNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}
