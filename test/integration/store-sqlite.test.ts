/** What only the SQLite dialect promises (the shared contract is in store-contract-suite.ts). */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MigrationMismatchError,
  openSqliteDatabase,
  openSqliteStore,
  openStore,
  StoreError,
} from '../../src/store/index.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const storeModule = new URL('../../src/store/index.ts', import.meta.url).href;

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'holdless-sqlite-'));
  file = join(dir, 'nested', 'deeper', 'holdless.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('opening', () => {
  it('creates the parent directories and sets WAL, synchronous=FULL, busy_timeout and foreign keys', async () => {
    const { raw, db } = openSqliteDatabase({ file });
    expect(existsSync(file)).toBe(true);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    await db.destroy();
    if (raw.open) raw.close();
  });

  // Counts this process's descriptors open on the file (Linux /proc; the CI and dev containers are Linux).
  const openFileDescriptors = (path: string) =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false; // closed between readdir and readlink
      }
    }).length;

  it.skipIf(!existsSync('/proc/self/fd'))('close() closes the file even when the store never ran a query', async () => {
    const store = openSqliteStore({ file });
    expect(openFileDescriptors(file)).toBeGreaterThan(0);
    await store.close();
    expect(openFileDescriptors(file)).toBe(0);
  });

  it('honours synchronous=normal and a busy timeout', async () => {
    const { raw, db } = openSqliteDatabase({ file, synchronous: 'normal', busyTimeoutMs: 250 });
    expect(raw.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(raw.pragma('busy_timeout', { simple: true })).toBe(250);
    await db.destroy();
    if (raw.open) raw.close();
  });

  it('fails with a StoreError when the file cannot be opened', async () => {
    // A directory where the file should be.
    const blocked = join(dir, 'is-a-dir');
    openSqliteDatabase({ file: join(blocked, 'x.sqlite') }).raw.close();
    await expect(openStore({ kind: 'sqlite', file: blocked })).rejects.toBeInstanceOf(StoreError);
  });

  it('works in memory (for tests of other layers)', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    await store.migrate();
    await store.commit({ meta: { a: '1' } });
    expect((await store.loadState()).meta).toEqual({ a: '1' });
    await store.close();
  });
});

describe('migrations on SQLite', () => {
  it('records each applied migration once', async () => {
    const store = openSqliteStore({ file });
    await store.migrate();
    await store.migrate();
    await store.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    const rows = raw.prepare('select version, name from schema_migrations').all();
    raw.close();
    expect(rows).toEqual([{ version: 1, name: 'initial' }]);
  });

  it('refuses a database whose recorded migration has another name', async () => {
    const store = openSqliteStore({ file });
    await store.migrate();
    await store.close();
    const raw = new BetterSqlite3(file);
    raw.prepare("update schema_migrations set name = 'something-else' where version = 1").run();
    raw.close();
    const again = openSqliteStore({ file });
    await expect(again.migrate()).rejects.toBeInstanceOf(MigrationMismatchError);
    await again.close();
  });

  it('two processes starting at once on a fresh file both succeed and migrate it once', async () => {
    const results = await Promise.all([migrateInChild(file), migrateInChild(file), migrateInChild(file)]);
    expect(results).toEqual([0, 0, 0]);
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.prepare('select count(*) as n from schema_migrations').get()).toEqual({ n: 1 });
    raw.close();
  });
});

/** Spawns a process that opens the store and migrates; resolves with its exit code. */
function migrateInChild(dbFile: string): Promise<number | null> {
  const script = `
    const { openStore } = await import(${JSON.stringify(storeModule)});
    const store = await openStore({ kind: 'sqlite', file: ${JSON.stringify(dbFile)} });
    await store.migrate();
    await store.close();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) console.error(stderr);
      resolve(code);
    });
  });
}
