import type { AcdStore } from '../acd/store-port.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite.js';
import { StoreError } from './store-errors.js';

/**
 * Which database the store lives in. Only SQLite today; `{ kind: 'postgres'; url: string }` (HOLDLESS_DATABASE_URL)
 * joins this union when the PostgreSQL dialect lands, behind the same AcdStore.
 */
export type StoreOptions = { kind: 'sqlite' } & Pick<SqliteStoreOptions, 'file' | 'synchronous' | 'busyTimeoutMs'>;

/** The embedded default location, relative to the working directory (config/ decides; this is what docs promise). */
export const DEFAULT_SQLITE_FILE = './data/holdless.sqlite';

/**
 * Opens the durable store. The schema is not touched: the caller runs `migrate()` once at start, before `loadState()`.
 * Rejects with StoreError if the database cannot be opened.
 */
export function openStore(options: StoreOptions): Promise<AcdStore> {
  switch (options.kind) {
    case 'sqlite':
      // The executor turns a synchronous throw (cannot open the file) into a rejection.
      return new Promise((resolve) => {
        const { file, synchronous, busyTimeoutMs } = options;
        resolve(openSqliteStore({ file, synchronous, busyTimeoutMs }));
      });
    default: {
      // Unreachable for typed callers; guards options built from untyped input.
      const kind: string = (options as { kind: string }).kind;
      return Promise.reject(new StoreError(`unknown store kind '${kind}'`));
    }
  }
}

export { openSqliteDatabase, openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite.js';
export { KyselyAcdStore, type KyselyAcdStoreOptions } from './kysely-acd-store.js';
export { MigrationMismatchError, SchemaTooNewError, StoreError, StoreWriteError } from './store-errors.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
