/**
 * bench:callback-latency: in an operator-first callback, the time from the operator answering to the customer's
 * INVITE leaving holdless toward the trunk, without the whisper.
 *
 *   npm run bench:callback-latency [-- --quick] [--operators 1,10,50] [--callbacks 200] [--hold-ms 100] [--keep]
 *                                     [--burst] [--profile] (holdless under `node --cpu-prof`; summarize with
 *                                     bench/sip-cps/profile-top.ts) [--scenario-workers N] (scenarios.workers;
 *                                     unset: the server's default)
 *
 * What runs, all on 127.0.0.1:
 *   - holdless: the real CLI with a bench config: one queue (wrap-up 0, one attempt per callback), the operators with
 *     SIP passwords (registration required, MD5 digest), the trunk pointing at the peers process, and the rule
 *     `bench-callback` running bench/callback-latency/dial-at-once.js: a copy of the callback part of
 *     scenarios/web-callback.js that dials the customer as soon as ACD.OperatorReached arrives instead of first saying
 *     the whisper (which takes seconds and is not holdless's latency);
 *   - the peers (bench/callback-latency/peers-process.ts): the operators' phones (REGISTER with digest auth, answer
 *     every INVITE with 200 OK at once) and the trunk (timestamps every INVITE on arrival, answers, hangs up after
 *     --hold-ms), in one process so both ends of the interval are read from one clock.
 *
 * Each phase (one per --operators entry, K operators): K operators go ONLINE; --callbacks sessions are started with
 * POST /api/v1/scenarios/start (customData "+1555…:Bench"), each queuing a callback to its own number; once all wait,
 * the K operators go READY (20 ms apart; all at once with --burst) and drain the queue, K callbacks at a time; the
 * trunk hangs up each customer call 50-150 % of --hold-ms after answering (exactly --hold-ms with --burst, so the K
 * answers keep arriving together: the worst case). For each callback the peers record when the
 * operator's 200 OK left (t0), when holdless's ACK came back, and when the customer's INVITE reached the trunk (t1);
 * the latency is t1 − t0. It includes holdless receiving the 200, the ACD accepting the offer (a store commit),
 * ACD.OperatorReached reaching the scenario's sandbox, callPSTN opening the RTP leg and building the offer, and the
 * INVITE's transaction sending it; plus the loopback hop and the peers' own event-loop delay (printed).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../test/support/sipp.js';
import { machineLine, quantile } from '../lib/machine.js';
import { startChild } from '../media-streams/child.js';
import { cpuProbe } from '../media-streams/cpu-probe.js';
import { cpuSeconds, installCleanup, killAll } from '../sip-cps/procs.js';
import { mainThreadCpuSeconds, startHoldless, type HoldlessProcess } from '../queue-load/holdless-process.js';
import type { CallbackRecord, FromPeers, ToPeers } from './protocol.js';

const QUICK = process.argv.includes('--quick');
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    operators: { type: 'string', default: '1,10,50' },
    callbacks: { type: 'string', default: QUICK ? '50' : '200' },
    'hold-ms': { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    burst: { type: 'boolean', default: false },
    'scenario-workers': { type: 'string', default: '' },
  },
});
const SCENARIO_WORKERS = opts['scenario-workers'] === '' ? undefined : Number(opts['scenario-workers']);
if (SCENARIO_WORKERS !== undefined && !(Number.isInteger(SCENARIO_WORKERS) && SCENARIO_WORKERS >= 0 && SCENARIO_WORKERS <= 16)) {
  throw new Error('--scenario-workers is 0..16');
}
const PHASES = opts.operators.split(',').map(Number).filter((n) => n > 0);
const CALLBACKS = Number(opts.callbacks);
const HOLD_MS = Number(opts['hold-ms']);
const TARGET_P99_MS = 50;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = dirname(fileURLToPath(import.meta.url));
const QUEUE = 'MainQueue';
const RULE = 'bench-callback';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

function config(o: { sipPort: number; trunkPort: number; operators: Array<{ username: string; password: string }> }): string {
  return `
server: { logLevel: warn }
api:
  rateLimits: { callbacksPerClientPerMinute: 100000, callbacksPerNumberPerHour: 100000 }
sip:
  listen: [{ transport: udp, host: 127.0.0.1, port: ${o.sipPort} }]
  keepAliveSeconds: 0
  digestAlgorithms: [MD5]
trunks:
  - { name: carrier, address: '127.0.0.1:${o.trunkPort}', allowedSources: [127.0.0.1], callerId: '+15550100' }
queues:
  - name: ${QUEUE}
    averageServiceTime: 60
    ringTimeout: 10
    wrapUpTime: 0
    callback: { maxAttempts: 1 }
operators:
${o.operators.map((op) => `  - { username: ${op.username}, password: ${op.password}, queues: [${QUEUE}] }`).join('\n')}
rules:
  - { name: ${RULE}, scenario: '${join(HERE, 'dial-at-once.js')}' }
media:
  rtpHost: 127.0.0.1
  mediaTimeoutSeconds: 0
${SCENARIO_WORKERS === undefined ? '' : `scenarios:
  workers: ${SCENARIO_WORKERS}
`}`;
}

interface Phase {
  operators: number;
  callbacks: number;
  done: number;
  latencies: number[];
  /** operator 200 → holdless's ACK at the phone. */
  acks: number[];
  /** holdless's ACK → the customer's INVITE at the trunk (both as seen by the peers). */
  afterAck: number[];
  perSecond: number;
  cpuMsPerCallback: number;
  mainMsPerCallback: number;
  peersLoopP99: number;
  peersLoopMax: number;
  problems: string[];
}

async function setStatus(h: HoldlessProcess, users: string[], status: string): Promise<void> {
  await Promise.all(
    users.map(async (u) => {
      const r = await h.api('PUT', `/operators/${u}/status`, { status });
      if (r.status !== 200) throw new Error(`PUT /operators/${u}/status ${status}: ${r.status} ${JSON.stringify(r.body)}`);
    }),
  );
}

async function waiting(h: HoldlessProcess): Promise<number> {
  const r = await h.api<{ waiting: number }>('GET', `/queues/${QUEUE}`);
  return r.body.waiting;
}

async function main(): Promise<void> {
  installCleanup();
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'callback-latency-'));
  const profileDir = opts.profile ? mkdtempSync(join(tmpdir(), 'callback-latency-prof-')) : undefined;
  const maxOps = Math.max(...PHASES);
  const operators = Array.from({ length: maxOps }, (_, i) => ({ username: `op${i + 1}`, password: `bench-op${i + 1}-pass` }));
  console.log(machineLine());
  const probe = cpuProbe();
  console.log(
    `load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; a spinning thread got ${(probe.share * 100).toFixed(0)} % of a core ` +
      `(longest off-CPU gap ${probe.longestGapMs.toFixed(1)} ms)`,
  );
  console.log(
    `bench:callback-latency: ${CALLBACKS} callbacks per phase, phases with ${PHASES.join(', ')} operators, ` +
      (opts.burst ? `all READY at once, the trunk hangs up ${HOLD_MS} ms after the ACK (burst); ` : `READY 20 ms apart, the trunk hangs up ${HOLD_MS / 2}-${HOLD_MS * 1.5} ms after the ACK; `) +
      `scenario workers ${SCENARIO_WORKERS ?? 'default'}; target p99 <= ${TARGET_P99_MS} ms from the operator's 200 OK to the customer's INVITE`,
  );
  const peers = startChild<ToPeers, FromPeers>(join(HERE, 'peers-process.ts'), [JSON.stringify({ operators, holdMs: HOLD_MS, holdSpread: opts.burst ? 0 : 0.5 })]);
  let holdless: HoldlessProcess | undefined;
  const phases: Phase[] = [];
  try {
    const { trunkPort } = await peers.next('ready', 60_000);
    const sipPort = await freePort();
    holdless = await startHoldless({ root: ROOT, dir, sipPort, profileDir, yaml: config({ sipPort, trunkPort, operators }) });
    const h = holdless;
    peers.tell({ type: 'register', sipPort });
    await peers.next('registered', 30_000);
    await sleep(300); // the ACD learns the registrations (voice reachability) asynchronously
    for (const [p, k] of PHASES.entries()) {
      const users = operators.slice(0, k).map((o) => o.username);
      await setStatus(h, users, 'ONLINE');
      // Queue every callback first, so the phase measures K operators draining a full queue.
      const numbers = Array.from({ length: CALLBACKS }, (_, i) => `+1555${p + 1}${String(i).padStart(6, '0')}`);
      for (let i = 0; i < numbers.length; i += 10) {
        await Promise.all(
          numbers.slice(i, i + 10).map(async (n) => {
            const r = await h.api<{ result?: number }>('POST', '/scenarios/start', { rule: RULE, customData: `${n}:Bench` });
            if (r.status !== 200 || r.body.result !== 1) throw new Error(`scenarios/start: ${r.status} ${JSON.stringify(r.body)}`);
          }),
        );
      }
      const queuedBy = Date.now() + 20_000;
      while ((await waiting(h)) < CALLBACKS && Date.now() < queuedBy) await sleep(100);
      const inQueue = await waiting(h);
      const cpu0 = cpuSeconds(h.pid);
      const main0 = mainThreadCpuSeconds(h.pid);
      // Default: the operators become READY 20 ms apart and the customers' calls last 50-150 % of --hold-ms, so the
      // callbacks in flight are spread out as in a working contact center. --burst: all READY at once and fixed
      // call lengths, so the K operators answer in the same instant, wave after wave (the worst case).
      if (opts.burst) await setStatus(h, users, 'READY');
      else
        for (const u of users) {
          await setStatus(h, [u], 'READY');
          await sleep(20);
        }
      const deadline = Date.now() + 30_000 + (CALLBACKS / k) * 2000;
      let progress = { completed: 0, trunkInvites: 0 };
      while (Date.now() < deadline) {
        await sleep(200);
        peers.tell({ type: 'progress' });
        progress = await peers.next('progress');
        if (progress.completed >= CALLBACKS) break;
      }
      const cpu = cpuSeconds(h.pid) - cpu0;
      const mainCpu = mainThreadCpuSeconds(h.pid) - main0;
      peers.tell({ type: 'collect' });
      const got = await peers.next('records');
      await setStatus(h, users, 'OFFLINE').catch(() => undefined);
      const full = got.records.filter((r) => Number.isFinite(r.op200At) && Number.isFinite(r.trunkInviteAt));
      const problems = [...got.problems];
      if (inQueue !== CALLBACKS) problems.push(`${inQueue} of ${CALLBACKS} callbacks were waiting when the operators went READY`);
      if (full.length < CALLBACKS) problems.push(`${CALLBACKS - full.length} callbacks never reached the trunk (operator answered: ${got.records.filter((r) => Number.isFinite(r.op200At)).length})`);
      const span = spanSeconds(full);
      const phase: Phase = {
        operators: k,
        callbacks: CALLBACKS,
        done: full.length,
        latencies: full.map((r) => r.trunkInviteAt - r.op200At),
        acks: full.filter((r) => Number.isFinite(r.opAckAt)).map((r) => r.opAckAt - r.op200At),
        afterAck: full.filter((r) => Number.isFinite(r.opAckAt)).map((r) => r.trunkInviteAt - r.opAckAt),
        perSecond: span > 0 ? full.length / span : NaN,
        cpuMsPerCallback: (cpu * 1000) / Math.max(1, full.length),
        mainMsPerCallback: (mainCpu * 1000) / Math.max(1, full.length),
        peersLoopP99: got.loopP99Ms,
        peersLoopMax: got.loopMaxMs,
        problems,
      };
      phases.push(phase);
      console.log(`phase ${p + 1}: ${k} operator(s), ${phase.done}/${CALLBACKS} callbacks, p99 ${f(quantile(phase.latencies, 0.99), 2)} ms`);
    }
  } finally {
    if (holdless) {
      const end = holdless.ended();
      if (end) console.log(`holdless ended by itself during the run (${end}); its last output:\n${holdless.output().slice(-3000)}`);
      // A graceful stop lets --cpu-prof write its profile.
      if (profileDir) await holdless.terminate(30_000);
      else await holdless.kill();
    }
    await peers.stop({ type: 'exit' });
  }

  console.log('');
  console.log('| operators (callbacks at once) | callbacks done | operator 200 OK → customer INVITE p50 / p90 / p99 / max ms | of which 200 → ACK p50 / p99 ms | ACK → INVITE p50 / p99 ms | callbacks/s | holdless CPU ms per callback (main thread) | peers loop p99 / max ms | target p99 <= 50 ms |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const p of phases) {
    const l = p.latencies;
    const ok = p.done === p.callbacks && quantile(l, 0.99) <= TARGET_P99_MS;
    console.log(
      `| ${p.operators} | ${p.done} / ${p.callbacks} | ${f(quantile(l, 0.5), 2)} / ${f(quantile(l, 0.9), 2)} / ${f(quantile(l, 0.99), 2)} / ${f(l.length ? Math.max(...l) : NaN, 2)} | ` +
        `${f(quantile(p.acks, 0.5), 2)} / ${f(quantile(p.acks, 0.99), 2)} | ${f(quantile(p.afterAck, 0.5), 2)} / ${f(quantile(p.afterAck, 0.99), 2)} | ${f(p.perSecond, 1)} | ` +
        `${f(p.cpuMsPerCallback, 1)} (${f(p.mainMsPerCallback, 1)}) | ${f(p.peersLoopP99, 1)} / ${f(p.peersLoopMax, 1)} | ${ok ? 'MET' : 'NOT MET'} |`,
    );
  }
  console.log('');
  for (const p of phases) for (const pr of p.problems) console.log(`note (${p.operators} operators): ${pr}`);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (profileDir) {
    const files = readdirSync(profileDir).filter((x) => x.endsWith('.cpuprofile'));
    console.log(`CPU profiles of holdless (one per thread; the main thread's is the .0.001 file): ${files.map((x) => join(profileDir, x)).join(', ') || '(none written)'}`);
    console.log(`  summarize: npx tsx bench/sip-cps/profile-top.ts ${files[0] ? join(profileDir, files[0]) : '<file>'}`);
  }
  if (opts.keep) console.log(`holdless data kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** Seconds from the first operator INVITE to the last customer call's end. */
function spanSeconds(records: CallbackRecord[]): number {
  if (records.length === 0) return NaN;
  const first = Math.min(...records.map((r) => r.opInviteAt));
  const last = Math.max(...records.map((r) => (Number.isFinite(r.trunkByeOkAt) ? r.trunkByeOkAt : r.trunkInviteAt)));
  return (last - first) / 1000;
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => killAll());
