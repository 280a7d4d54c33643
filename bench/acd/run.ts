// bench:acd: enqueue throughput and dispatch latency of the ACD with 10,000 waiting requests and 500 operators, on
// the real SQLite store (the embedded default). Dispatch latency is measured from "operator READY" to "offer decided
// and committed" (the moment the service resolves, after the commit). Not a test: it prints numbers.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AcdService } from '../../src/acd/acd-service.js';
import { systemClock } from '../../src/lib/clock.js';
import { openStore } from '../../src/store/index.js';
import { machineLine, quantile } from '../lib/machine.js';

const WAITING = Number(process.env.BENCH_WAITING ?? 10_000);
const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);

async function run(synchronous: 'full' | 'normal'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'holdless-bench-acd-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bench.sqlite'), synchronous });
  const acd = await AcdService.open(
    { store, clock: systemClock, newId: randomUUID },
    {
      queues: [{ name: 'MainQueue', settings: { maxQueueSize: 0, averageServiceTime: 180 } }],
      operators: Array.from({ length: OPERATORS }, (_, i) => ({
        username: `op${i}`,
        queues: [{ queue: 'MainQueue', skill: i % 100 }],
      })),
    },
  );
  // Operators are logged in but not READY, so the requests wait (and calls are not refused as Offline).
  await Promise.all(Array.from({ length: OPERATORS }, (_, i) => acd.setOperatorStatus(`op${i}`, 'ONLINE')));

  // 1. Enqueue throughput: WAITING requests, CONCURRENCY in flight (as concurrent HTTP clients would be).
  let next = 0;
  const t0 = performance.now();
  const oneLatencies: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < WAITING) {
        const n = next++;
        const s = performance.now();
        await acd.createRequest({
          queue: 'MainQueue',
          kind: n % 2 === 0 ? 'call' : 'callback',
          phone: `+1415${String(n).padStart(7, '0')}`,
        });
        oneLatencies.push(performance.now() - s);
      }
    }),
  );
  const enqueueSeconds = (performance.now() - t0) / 1000;

  // 2. Sequential enqueues (one client): the cost of one durable commit.
  const seq: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = performance.now();
    await acd.createRequest({ queue: 'MainQueue', kind: 'task', channel: 'email' });
    seq.push(performance.now() - s);
  }

  // 3. Dispatch: each operator in turn goes READY; the call resolves once the offer is decided and committed.
  const dispatch: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < OPERATORS; i++) {
    const s = performance.now();
    const view = await acd.setOperatorStatus(`op${i}`, 'READY');
    dispatch.push(performance.now() - s);
    if (view.activeRequests.length !== 1) throw new Error(`op${i} got ${view.activeRequests.length} offers`);
  }
  const cpu = process.cpuUsage(cpu0);
  const waitingLeft = acd.getQueue('MainQueue').waiting;

  // 4. Live queue listing with estimates for every waiting request.
  const l0 = performance.now();
  const live = acd.queueLive('MainQueue');
  const listMs = performance.now() - l0;

  const rate = WAITING / enqueueSeconds;
  const p99 = quantile(dispatch, 0.99);
  console.log(`\n-- SQLite synchronous=${synchronous}: ${WAITING} enqueued, ${OPERATORS} operators, ${CONCURRENCY} clients in flight`);
  console.log(`enqueue throughput      ${rate.toFixed(0)} enqueues/s (latency p50 ${quantile(oneLatencies, 0.5).toFixed(2)} ms, p99 ${quantile(oneLatencies, 0.99).toFixed(2)} ms)`);
  console.log(`sequential enqueue      p50 ${quantile(seq, 0.5).toFixed(3)} ms, p99 ${quantile(seq, 0.99).toFixed(3)} ms (one client, one commit each)`);
  console.log(`dispatch READY→offer committed, ${waitingLeft + OPERATORS} waiting: p50 ${quantile(dispatch, 0.5).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${Math.max(...dispatch).toFixed(3)} ms; CPU ${((cpu.user + cpu.system) / 1000 / OPERATORS).toFixed(3)} ms per dispatch`);
  console.log(`live listing            ${live.requests.length} requests with position and estimate in ${listMs.toFixed(1)} ms`);
  console.log(`targets                 enqueue >=5,000/s: ${rate >= 5000 ? 'PASS' : 'FAIL'}; dispatch p99 <=5 ms: ${p99 <= 5 ? 'PASS' : 'FAIL'}`);

  await acd.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log('bench:acd');
console.log(machineLine());
for (const mode of ['full', 'normal'] as const) await run(mode);
