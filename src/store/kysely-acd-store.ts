import { sql, type Kysely } from 'kysely';
import type { HistoryEntry } from '../acd/history.js';
import type {
  AcdSnapshot,
  AcdStore,
  CommitBatch,
  IdempotencyRecord,
  QueueStatisticsRow,
  RequestFilter,
} from '../acd/store-port.js';
import type { Request } from '../acd/types.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { batchToRows, isEmptyBatch, type BatchWriter } from './batch-rows.js';
import type { DialectCapabilities } from './dialect-capabilities.js';
import { KyselyBatchWriter } from './kysely-batch-writer.js';
import { MIGRATIONS, runMigrations, type Migration } from './migrations/index.js';
import { rowToHistory, rowToIdempotency, rowToOperator, rowToQueue, rowToRequest } from './row-mapping.js';
import type { Database } from './schema.js';
import { queueStatisticsQuery } from './queue-statistics-query.js';
import { StoreError, StoreWriteError } from './store-errors.js';

export interface KyselyAcdStoreOptions {
  /** How batches are written; defaults to the dialect-neutral {@link KyselyBatchWriter}. */
  writer?: BatchWriter | undefined;
  /** Stamps `schema_migrations.applied_at`. */
  clock?: Pick<Clock, 'now'> | undefined;
  /** Tests only: a different migration list (e.g. to simulate a database from a newer build). */
  migrations?: readonly Migration[] | undefined;
  /** Runs after the kysely instance is destroyed: releases what the dialect opened beside it. */
  onClose?: (() => void) | undefined;
}

/**
 * The {@link AcdStore} over any kysely dialect. Everything here is portable SQL built with kysely; what differs
 * between databases comes in through {@link DialectCapabilities} and the {@link BatchWriter}. The database handle is
 * owned by the store: close() destroys it.
 */
export class KyselyAcdStore implements AcdStore {
  private readonly writer: BatchWriter;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly migrations: readonly Migration[];
  private readonly onClose: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly capabilities: DialectCapabilities,
    options: KyselyAcdStoreOptions = {},
  ) {
    this.writer = options.writer ?? new KyselyBatchWriter(db, capabilities);
    this.clock = options.clock ?? systemClock;
    this.migrations = options.migrations ?? MIGRATIONS;
    this.onClose = options.onClose;
  }

  async migrate(): Promise<void> {
    await runMigrations(this.db, this.capabilities, this.migrations, this.clock);
  }

  async loadState(): Promise<AcdSnapshot> {
    // One transaction, so the four reads see the same committed state.
    let transaction = this.db.transaction();
    if (this.capabilities.snapshotIsolationLevel) {
      transaction = transaction.setIsolationLevel(this.capabilities.snapshotIsolationLevel);
    }
    return transaction.execute(async (trx) => {
      const queues = await trx.selectFrom('queues').selectAll().orderBy('name').execute();
      const operators = await trx.selectFrom('operators').selectAll().orderBy('username').execute();
      const requests = await trx
        .selectFrom('requests')
        .selectAll()
        // Literal states, written exactly as the partial index requests_active is defined (001-initial.ts).
        .where(sql<boolean>`state in ('waiting', 'offered', 'connected')`)
        .orderBy('seq')
        .orderBy('id')
        .execute();
      const meta = await trx.selectFrom('meta').selectAll().orderBy('name').execute();
      return {
        queues: queues.map(rowToQueue),
        operators: operators.map(rowToOperator),
        requests: requests.map(rowToRequest),
        meta: Object.fromEntries(meta.map((row) => [row.name, row.value])),
      };
    });
  }

  async commit(batch: CommitBatch): Promise<void> {
    if (this.closed) throw new StoreError('commit on a closed store');
    let rows;
    try {
      rows = batchToRows(batch);
    } catch (cause) {
      throw new StoreWriteError(`commit failed before writing: ${describe(cause)}`, { cause });
    }
    if (isEmptyBatch(rows)) return;
    try {
      await this.writer.write(rows);
    } catch (cause) {
      throw new StoreWriteError(`commit rolled back: ${describe(cause)}`, { cause });
    }
  }

  async getRequest(id: string): Promise<Request | undefined> {
    const row = await this.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row && rowToRequest(row);
  }

  async listRequests(filter: RequestFilter): Promise<Request[]> {
    // An empty state list matches nothing (SQL has no `in ()`).
    if (filter.states?.length === 0) return [];
    let query = this.db.selectFrom('requests').selectAll();
    if (filter.queue !== undefined) query = query.where('queue', '=', filter.queue);
    if (filter.states !== undefined) query = query.where('state', 'in', filter.states);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.phone !== undefined) query = query.where('phone', '=', filter.phone);
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    const direction = filter.newestFirst ? 'desc' : 'asc';
    const rows = await query
      .orderBy('created_at', direction)
      .orderBy('seq', direction)
      .orderBy('id', direction)
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute();
    return rows.map(rowToRequest);
  }

  async history(requestId: string): Promise<HistoryEntry[]> {
    const rows = await this.db
      .selectFrom('request_history')
      .selectAll()
      .where('request_id', '=', requestId)
      // The append order: ids increase with every insert and rows are never deleted.
      .orderBy('id')
      .execute();
    return rows.map(rowToHistory);
  }

  async findIdempotent(client: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('client', '=', client)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row && rowToIdempotency(row);
  }

  queueStatistics(queue: string, since: number, serviceLevelSeconds: number): Promise<QueueStatisticsRow> {
    return queueStatisticsQuery(this.db, queue, since, serviceLevelSeconds);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.db.destroy();
    } finally {
      this.onClose?.();
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
