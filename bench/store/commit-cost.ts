/**
 * Per-commit cost of the SQLite store: batches of 1 request + 1 history line (an enqueue) and of 100 + 100, for both
 * batch writers and both synchronous settings, on a file in the OS temp directory; plus an in-memory database, which
 * shows the CPU cost alone (no page writes, no fsync). "event loop busy" is the part of a commit during which the
 * calling thread can do nothing else.
 * Run: npx tsx bench/store/commit-cost.ts [seconds-per-case]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry } from '../../src/acd/history.js';
import type { Request } from '../../src/acd/types.js';
import { openSqliteStore } from '../../src/store/index.js';

const secondsPerCase = Number(process.argv[2] ?? 2);
let nextId = 0;

function request(now: number): Request {
  const id = `r${++nextId}`;
  return {
    id,
    queue: 'sales',
    kind: 'callback',
    priority: 50,
    virtualStart: now,
    seq: nextId,
    createdAt: now,
    updatedAt: now,
    state: 'waiting',
    phone: '+4915112345678',
    name: 'Ada',
    payload: { source: 'web', page: '/pricing' },
    attempts: 0,
    offers: 0,
  };
}

function history(r: Request): HistoryEntry {
  return { requestId: r.id, queue: r.queue, at: r.createdAt, event: 'ENQUEUE', state: 'waiting' };
}

type Durability = 'normal' | 'full' | 'memory';

async function run(writer: 'prepared' | 'kysely', durability: Durability, batchSize: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'holdless-bench-'));
  const file = durability === 'memory' ? ':memory:' : join(dir, 'bench.sqlite');
  const synchronous = durability === 'memory' ? undefined : durability;
  const store = openSqliteStore({ file, writer, synchronous });
  await store.migrate();
  const deadline = performance.now() + secondsPerCase * 1000;
  let commits = 0;
  const start = performance.now();
  const elu = performance.eventLoopUtilization();
  while (performance.now() < deadline) {
    const now = Date.now();
    const requests = Array.from({ length: batchSize }, () => request(now));
    await store.commit({ requests, history: requests.map(history) });
    commits++;
  }
  const elapsed = (performance.now() - start) / 1000;
  // The event loop's busy time: what a commit costs the thread that also runs SIP and the ACD (an fsync on the
  // thread pool leaves the loop idle; one inside COMMIT blocks it).
  const busyUs = (performance.eventLoopUtilization(elu).active * 1000) / commits;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const perCommitUs = (elapsed / commits) * 1e6;
  console.log(
    `${writer.padEnd(8)} ${durability === 'memory' ? ':memory:   ' : `sync=${durability.padEnd(6)}`} batch=${String(batchSize).padStart(3)}: ` +
      `${perCommitUs.toFixed(1).padStart(8)} µs/commit (event loop busy ${busyUs.toFixed(1).padStart(7)} µs), ${Math.round(commits / elapsed)} commits/s, ` +
      `${Math.round((commits * batchSize) / elapsed)} requests/s`,
  );
}

for (const durability of ['memory', 'normal', 'full'] as const) {
  for (const writer of ['prepared', 'kysely'] as const) {
    for (const batchSize of [1, 100]) await run(writer, durability, batchSize);
  }
}
