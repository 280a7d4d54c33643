import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { BatchRows, BatchWriter } from '../batch-rows.js';
import {
  HISTORY_COLUMNS,
  IDEMPOTENCY_COLUMNS,
  OPERATOR_COLUMNS,
  QUEUE_COLUMNS,
  REQUEST_COLUMNS,
  type Database,
} from '../schema.js';

/**
 * The SQLite hot path: the same writes as KyselyBatchWriter, but as statements prepared once on the better-sqlite3
 * handle and run in one synchronous `db.transaction()`. kysely's SQLite driver prepares every statement anew and
 * adds a few promise hops per statement; for the 1-request + 1-history-line batch of an enqueue that is most of the
 * cost (see docs/storage.md, "Write path").
 *
 * The batch still goes through kysely's connection (`db.connection().execute`) so it is serialised with anything kysely
 * runs on the same single connection, a migration transaction in particular: a raw write slipped between kysely's
 * `begin` and `commit` would otherwise join (and roll back with) that transaction.
 */
export class SqliteBatchWriter implements BatchWriter {
  private statements: Statements | undefined;
  private readonly runBatch: (rows: BatchRows) => void;

  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly db: Kysely<Database>,
  ) {
    // db.transaction(fn) wraps fn in BEGIN / COMMIT, and ROLLBACK if fn throws.
    this.runBatch = raw.transaction((rows: BatchRows) => this.apply(rows));
  }

  async write(rows: BatchRows): Promise<void> {
    await this.db.connection().execute(() => {
      this.runBatch(rows);
      return Promise.resolve();
    });
  }

  private apply(rows: BatchRows): void {
    // Prepared on first use, after migrate() created the tables.
    const s = (this.statements ??= prepareStatements(this.raw));
    for (const row of rows.queues) s.upsertQueue.run(row);
    for (const name of rows.deletedQueues) s.deleteQueue.run(name);
    for (const row of rows.operators) s.upsertOperator.run(row);
    for (const username of rows.deletedOperators) s.deleteOperator.run(username);
    for (const row of rows.requests) s.upsertRequest.run(row);
    for (const row of rows.history) s.insertHistory.run(row);
    for (const row of rows.idempotency) s.insertIdempotency.run(row);
    for (const row of rows.meta) s.upsertMeta.run(row);
  }
}

interface Statements {
  upsertQueue: BetterSqlite3.Statement;
  deleteQueue: BetterSqlite3.Statement;
  upsertOperator: BetterSqlite3.Statement;
  deleteOperator: BetterSqlite3.Statement;
  upsertRequest: BetterSqlite3.Statement;
  insertHistory: BetterSqlite3.Statement;
  insertIdempotency: BetterSqlite3.Statement;
  upsertMeta: BetterSqlite3.Statement;
}

function prepareStatements(raw: BetterSqlite3.Database): Statements {
  return {
    upsertQueue: raw.prepare(upsertSql('queues', QUEUE_COLUMNS, 'name')),
    deleteQueue: raw.prepare('delete from "queues" where "name" = ?'),
    upsertOperator: raw.prepare(upsertSql('operators', OPERATOR_COLUMNS, 'username')),
    deleteOperator: raw.prepare('delete from "operators" where "username" = ?'),
    upsertRequest: raw.prepare(upsertSql('requests', REQUEST_COLUMNS, 'id')),
    insertHistory: raw.prepare(insertSql('request_history', HISTORY_COLUMNS)),
    // The first record for a (client, key) wins: it names the request the key produced.
    insertIdempotency: raw.prepare(
      `${insertSql('idempotency_keys', IDEMPOTENCY_COLUMNS)} on conflict ("client", "idempotency_key") do nothing`,
    ),
    upsertMeta: raw.prepare(upsertSql('meta', ['name', 'value'], 'name')),
  };
}

/** `insert into "t" ("a", "b") values (@a, @b)`: named parameters bound from the row object. */
export function insertSql(table: string, columns: readonly string[]): string {
  const names = columns.map((c) => `"${c}"`).join(', ');
  const params = columns.map((c) => `@${c}`).join(', ');
  return `insert into "${table}" (${names}) values (${params})`;
}

/** insertSql + `on conflict ("key") do update set "a" = excluded."a", ...` for every other column. */
export function upsertSql(table: string, columns: readonly string[], key: string): string {
  const set = columns
    .filter((c) => c !== key)
    .map((c) => `"${c}" = excluded."${c}"`)
    .join(', ');
  return `${insertSql(table, columns)} on conflict ("${key}") do update set ${set}`;
}
