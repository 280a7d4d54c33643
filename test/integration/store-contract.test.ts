import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/store/index.js';
import { storeContract, type StoreUnderTest } from './store-contract-suite.js';

/** A fresh SQLite file in its own temp directory (in a subdirectory, so the store must create it). */
function sqliteTarget(extra: Partial<SqliteStoreOptions> = {}): () => Promise<StoreUnderTest> {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdless-store-'));
    const file = join(dir, 'data', 'holdless.sqlite');
    return Promise.resolve({
      open: (overrides) => Promise.resolve(openSqliteStore({ file, ...extra, migrations: overrides?.migrations })),
      openOptions: { kind: 'sqlite', file },
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  };
}

// Every dialect runs the same contract. PostgreSQL joins this list when its dialect lands (src/store/postgres/),
// with a target that creates a throwaway schema on HOLDLESS_TEST_DATABASE_URL.
const dialects: { name: string; make: () => Promise<StoreUnderTest> }[] = [
  { name: 'sqlite', make: sqliteTarget() },
  { name: 'sqlite, synchronous=normal', make: sqliteTarget({ synchronous: 'normal' }) },
  // The dialect-neutral kysely batch writer PostgreSQL will use, exercised on SQLite until then.
  { name: 'sqlite, kysely batch writer', make: sqliteTarget({ writer: 'kysely' }) },
];

for (const { name, make } of dialects) storeContract(name, make);
