import { sql, type Kysely, type Transaction } from 'kysely';
import type { BatchRows, BatchWriter } from './batch-rows.js';
import type { DialectCapabilities } from './dialect-capabilities.js';
import {
  HISTORY_COLUMNS,
  IDEMPOTENCY_COLUMNS,
  OPERATOR_COLUMNS,
  QUEUE_COLUMNS,
  REQUEST_COLUMNS,
  type Database,
} from './schema.js';

/**
 * The dialect-neutral batch writer: one kysely transaction, multi-row `insert ... on conflict do update` upserts split
 * to the dialect's parameter limit. PostgreSQL will use it as is; SQLite has a faster prepared-statement writer
 * (sqlite/sqlite-batch-writer.ts) and runs this one in the contract suite so it stays tested.
 */
export class KyselyBatchWriter implements BatchWriter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly capabilities: DialectCapabilities,
  ) {}

  async write(rows: BatchRows): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const chunk of this.chunks(rows.queues, QUEUE_COLUMNS.length)) {
        await trx
          .insertInto('queues')
          .values(chunk)
          .onConflict((oc) => oc.column('name').doUpdateSet(excludedSet(QUEUE_COLUMNS, 'name')))
          .execute();
      }
      for (const chunk of this.chunks(rows.deletedQueues, 1)) {
        await trx.deleteFrom('queues').where('name', 'in', chunk).execute();
      }
      for (const chunk of this.chunks(rows.operators, OPERATOR_COLUMNS.length)) {
        await trx
          .insertInto('operators')
          .values(chunk)
          .onConflict((oc) => oc.column('username').doUpdateSet(excludedSet(OPERATOR_COLUMNS, 'username')))
          .execute();
      }
      for (const chunk of this.chunks(rows.deletedOperators, 1)) {
        await trx.deleteFrom('operators').where('username', 'in', chunk).execute();
      }
      await this.writeRequests(trx, rows);
      for (const chunk of this.chunks(rows.idempotency, IDEMPOTENCY_COLUMNS.length)) {
        // The first record for a (client, key) wins: it names the request the key produced.
        await trx
          .insertInto('idempotency_keys')
          .values(chunk)
          .onConflict((oc) => oc.columns(['client', 'idempotency_key']).doNothing())
          .execute();
      }
      for (const chunk of this.chunks(rows.meta, 2)) {
        await trx
          .insertInto('meta')
          .values(chunk)
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql.ref('excluded.value') }))
          .execute();
      }
    });
  }

  private async writeRequests(trx: Transaction<Database>, rows: BatchRows): Promise<void> {
    for (const chunk of this.chunks(rows.requests, REQUEST_COLUMNS.length)) {
      await trx
        .insertInto('requests')
        .values(chunk)
        .onConflict((oc) => oc.column('id').doUpdateSet(excludedSet(REQUEST_COLUMNS, 'id')))
        .execute();
    }
    for (const chunk of this.chunks(rows.history, HISTORY_COLUMNS.length)) {
      await trx.insertInto('request_history').values(chunk).execute();
    }
  }

  /** Splits rows so that one statement binds at most the dialect's parameter limit. */
  private *chunks<T>(items: readonly T[], paramsPerItem: number): Generator<T[]> {
    const size = Math.max(1, Math.floor(this.capabilities.maxBindParameters / paramsPerItem));
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  }
}

/** `set col = excluded.col` for every column but the key (portable: SQLite 3.24+ and PostgreSQL 9.5+). */
function excludedSet<C extends string>(columns: readonly C[], key: C): Record<Exclude<C, typeof key>, ReturnType<typeof sql.ref>> {
  const set: Partial<Record<C, ReturnType<typeof sql.ref>>> = {};
  for (const column of columns) if (column !== key) set[column] = sql.ref(`excluded.${column}`);
  return set as Record<Exclude<C, typeof key>, ReturnType<typeof sql.ref>>;
}
