import type { ColumnDataType, ColumnDefinitionBuilder, IsolationLevel, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * What differs between the databases the store runs on. The store, the migrations and the generic batch writer are
 * written once against kysely; each dialect supplies one of these objects (sqlite/sqlite-capabilities.ts, and
 * postgres/ when it lands). Add a capability here rather than branching on the dialect's name anywhere else.
 */
export interface DialectCapabilities {
  /** For messages and logs only; never branch on it. */
  readonly name: string;
  /**
   * Most bind parameters one statement may carry (SQLite: 32766, PostgreSQL: 65535). Multi-row inserts are split to
   * stay under it.
   */
  readonly maxBindParameters: number;
  /**
   * The history log's surrogate key: assigned by the database, increasing in insertion order.
   * SQLite: an `integer primary key` (the rowid). PostgreSQL: `bigint generated always as identity`.
   */
  readonly serialPrimaryKey: {
    readonly dataType: ColumnDataType;
    readonly define: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  };
  /**
   * Runs first inside the migration transaction and holds the database's write lock until it commits, so two
   * processes starting at once never both apply a migration. SQLite: any write statement (a deferred transaction
   * that reads first could not upgrade to a writer later). PostgreSQL: `lock table schema_migrations`.
   */
  lockForMigration(trx: Kysely<Database>): Promise<void>;
  /**
   * Isolation level that makes several reads in one transaction see one snapshot (loadState), or undefined when every
   * transaction already does. SQLite: undefined (a read transaction is a snapshot). PostgreSQL: 'repeatable read'
   * (its default, read committed, takes a new snapshot per statement).
   */
  readonly snapshotIsolationLevel: IsolationLevel | undefined;
}
