import type { CommitBatch } from '../acd/store-port.js';
import {
  historyToRow,
  idempotencyToRow,
  operatorToRow,
  queueToRow,
  requestToRow,
} from './row-mapping.js';
import type { IdempotencyRow, MetaRow, NewHistoryRow, OperatorRow, QueueRow, RequestRow } from './schema.js';

/**
 * A {@link CommitBatch} turned into rows, before any write starts: a value that cannot be mapped (a payload
 * JSON.stringify rejects) fails the commit before the transaction opens.
 *
 * Order of application inside the transaction (both writers): queues, deleted queues, operators, deleted operators,
 * requests, history, idempotency keys, meta. Deletes come after upserts, so a name both put and deleted in one batch
 * ends up deleted.
 */
export interface BatchRows {
  queues: QueueRow[];
  deletedQueues: string[];
  operators: OperatorRow[];
  deletedOperators: string[];
  requests: RequestRow[];
  history: NewHistoryRow[];
  idempotency: IdempotencyRow[];
  meta: MetaRow[];
}

export function batchToRows(batch: CommitBatch): BatchRows {
  return {
    queues: (batch.queues ?? []).map(queueToRow),
    deletedQueues: batch.deletedQueues ?? [],
    operators: (batch.operators ?? []).map(operatorToRow),
    deletedOperators: batch.deletedOperators ?? [],
    requests: (batch.requests ?? []).map(requestToRow),
    history: (batch.history ?? []).map(historyToRow),
    idempotency: (batch.idempotency ?? []).map(idempotencyToRow),
    meta: Object.entries(batch.meta ?? {}).map(([name, value]) => ({ name, value })),
  };
}

export function isEmptyBatch(rows: BatchRows): boolean {
  return (
    rows.queues.length === 0 &&
    rows.deletedQueues.length === 0 &&
    rows.operators.length === 0 &&
    rows.deletedOperators.length === 0 &&
    rows.requests.length === 0 &&
    rows.history.length === 0 &&
    rows.idempotency.length === 0 &&
    rows.meta.length === 0
  );
}

/** Writes one batch as one transaction. The store picks the writer its dialect does fastest. */
export interface BatchWriter {
  write(rows: BatchRows): Promise<void>;
}
