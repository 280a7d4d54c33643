import { sql } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities.js';

/** SQLite 3.35+ (better-sqlite3 12 bundles 3.5x). */
export const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  // SQLITE_MAX_VARIABLE_NUMBER defaults to 32766 since 3.32.
  maxBindParameters: 32_766,
  serialPrimaryKey: {
    // An INTEGER PRIMARY KEY is the rowid: assigned max(rowid)+1, so increasing while rows are never deleted (the
    // history log is append-only), and without AUTOINCREMENT's extra sqlite_sequence write on every insert.
    dataType: 'integer',
    define: (column) => column.primaryKey(),
  },
  // kysely's SQLite driver has no isolation levels; a transaction's reads share one snapshot (WAL) anyway.
  snapshotIsolationLevel: undefined,
  async lockForMigration(trx) {
    // A write as the transaction's first statement takes the write lock at once (waiting up to busy_timeout for
    // another writer), before any read fixes a snapshot that could no longer be upgraded to a write.
    await sql`delete from schema_migrations where version < 0`.execute(trx);
  },
};
