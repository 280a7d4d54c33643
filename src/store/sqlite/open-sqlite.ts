import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Clock } from '../../lib/clock.js';
import { KyselyAcdStore } from '../kysely-acd-store.js';
import type { Migration } from '../migrations/index.js';
import type { Database } from '../schema.js';
import { StoreError } from '../store-errors.js';
import { SqliteBatchWriter } from './sqlite-batch-writer.js';
import { sqliteCapabilities } from './sqlite-capabilities.js';

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. ':memory:' gives a throwaway database (tests). */
  file: string;
  /**
   * PRAGMA synchronous, in WAL mode:
   * - 'full' (default): every commit is fsynced to the WAL before commit() resolves; survives power loss.
   * - 'normal': the WAL is fsynced only at checkpoints; a commit survives the process being killed (kill -9, crash)
   *   but the last commits may be lost if the machine loses power or the OS crashes.
   */
  synchronous?: 'normal' | 'full' | undefined;
  /** How long a write waits for another process's write lock before failing with SQLITE_BUSY. Default 5000 ms. */
  busyTimeoutMs?: number | undefined;
  clock?: Pick<Clock, 'now'> | undefined;
  /**
   * 'prepared' (default): the fast prepared-statement batch writer. 'kysely': the dialect-neutral writer PostgreSQL
   * uses; the contract suite runs it on SQLite too so it stays tested before PostgreSQL lands.
   */
  writer?: 'prepared' | 'kysely' | undefined;
  /** Tests only: another migration list (to play a database written by a newer build). */
  migrations?: readonly Migration[] | undefined;
}

/**
 * Opens (creating if needed) a SQLite database with better-sqlite3 and returns the store over it. The schema is not
 * touched: call `migrate()` before anything else.
 */
export function openSqliteStore(options: SqliteStoreOptions): KyselyAcdStore {
  const { raw, db } = openSqliteDatabase(options);
  const writer = options.writer === 'kysely' ? undefined : new SqliteBatchWriter(raw, db);
  return new KyselyAcdStore(db, sqliteCapabilities, {
    writer,
    clock: options.clock,
    migrations: options.migrations,
    onClose: () => closeRaw(raw),
  });
}

/**
 * The configured connection, as the raw better-sqlite3 handle and the kysely instance over it. Destroying the kysely
 * instance closes the handle only if kysely ever ran a query (its driver initialises lazily), so owners close the
 * handle themselves too (`raw.open` tells whether it still is). Exported for the store and its tests.
 */
export function openSqliteDatabase(options: Pick<SqliteStoreOptions, 'file' | 'synchronous' | 'busyTimeoutMs'>): {
  raw: BetterSqlite3.Database;
  db: Kysely<Database>;
} {
  const inMemory = options.file === ':memory:';
  let raw: BetterSqlite3.Database;
  try {
    if (!inMemory) mkdirSync(dirname(options.file), { recursive: true });
    raw = new BetterSqlite3(options.file);
  } catch (cause) {
    throw new StoreError(`cannot open SQLite database '${options.file}'`, { cause });
  }
  try {
    configure(raw, options, inMemory);
  } catch (cause) {
    raw.close();
    throw cause instanceof StoreError ? cause : new StoreError(`cannot configure SQLite database '${options.file}'`, { cause });
  }
  return { raw, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) }) };
}

/** Closing flushes the WAL into the database file (a checkpoint) and removes the -wal and -shm files. */
function closeRaw(raw: BetterSqlite3.Database): void {
  if (raw.open) raw.close();
}

function configure(
  raw: BetterSqlite3.Database,
  options: Pick<SqliteStoreOptions, 'file' | 'synchronous' | 'busyTimeoutMs'>,
  inMemory: boolean,
): void {
  // Set first: everything after it (including switching to WAL) may need the lock.
  raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  // WAL: readers never block the writer, and a commit is one append (plus fsync) to the log.
  const mode = raw.pragma('journal_mode = WAL', { simple: true }) as string;
  if (!inMemory && mode.toLowerCase() !== 'wal') {
    throw new StoreError(`SQLite refused WAL mode for '${options.file}' (journal_mode is '${mode}')`);
  }
  raw.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  raw.pragma('foreign_keys = ON');
}
