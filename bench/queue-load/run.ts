/**
 * bench:queue-load: how many customers can wait in holdless's queue at once, each hearing the shipped
 * scenarios/callback-queue.js (answer, TTS announcement of place and wait, looping hold music, status again every
 * 30 s), before their audio suffers; and how fast calls can be set up while the scenarios run.
 *
 *   npm run bench:queue-load [-- --quick] [--levels 100,250,...] [--rate 300] [--settle-s 20] [--window-s 10]
 *                               [--rx-sockets 100] [--anchor-legs 50] [--budget-s 290] [--strict-stop] [--keep] [--profile]
 *                               [--variant shipped|music-only] [--retries 2] [--media-workers 0|1]
 *                               [--scenario-workers N]
 *
 * What runs, all on 127.0.0.1, each in its own process:
 *   - holdless: the real CLI with a bench config (bench/queue-load/config.ts): one queue with no size or wait limit,
 *     one operator ONLINE but never READY (so calls queue instead of being refused as Offline, and nobody is served),
 *     the media timeout off (the callers send no RTP), log level warn;
 *   - SIPp callers (bench/queue-load/caller.xml): one SIPp UAC per level adds the calls that take the queue from the
 *     previous level to this one, at `--rate` new calls per second, and keeps them (they wait for a BYE);
 *   - the callers' ears (bench/queue-load/receiver-process.ts): SIPp cannot analyse RTP, so every caller's SDP names a
 *     receiver socket (the `-inf` injection file gives each call a port, [field0]; `--rx-sockets` sockets are shared
 *     round-robin and streams are told apart by SSRC); the receiver measures loss and interarrival jitter per RFC 3550.
 *
 * `--media-workers 0` runs the callers' RTP on holdless's main thread instead of its media worker (media.workers).
 * `--scenario-workers N` runs the scenario sessions on N worker threads (scenarios.workers; 0: the main thread).
 *
 * `--variant music-only` runs bench/queue-load/music-only.js instead of the shipped scenario: answer, queue, music at
 * once, no speech; the difference between the two is what the announcements (TTS) cost.
 *
 * Each level: the new calls arrive (setup: INVITEs sent and calls answered per second, failed calls, INVITE→200 times
 * from SIPp's -trace_rtt, holdless CPU per new call, all threads and the main thread alone); then up to `--settle-s`
 * seconds until every caller hears the hold music (the first announcements are over); then a window of `--window-s`
 * seconds measures the steady state: holdless CPU and RSS per queued call, and at the receivers loss, |D| (the
 * interarrival deviation of each consecutive packet pair, p50/p99/max), RFC 3550's running J per stream, dead air
 * (a second or more without sound: the hold music has no silent frame), the silence between the answer and the first
 * sound, and how many callers heard an announcement before their music.
 *
 * The anchor (bench/queue-load/anchor-process.ts) sends `--anchor-legs` trivial paced streams to the same receiver in
 * the same windows: what any sender gets on this machine at that moment, the receiver's own delays included. When it
 * could not hold 2 ms either, the window is measured again (up to `--retries` times, the calmest kept), and a level
 * whose anchor was broken too is called inconclusive rather than blamed on holdless.
 *
 * A level meets the target when every call was set up and is still there (SIPp saw no failure and no BYE, the queue
 * holds exactly that many requests, every caller's stream delivered packets in the window), nothing was lost and |D|
 * p99 is 2 ms or less. It is broken when a call failed, went silent or is missing, more than 0.1 % of the packets
 * were lost, or |D| p99 exceeds 20 ms (a whole packet time); the ladder stops after the first broken level (or after
 * the first miss with --strict-stop), so the CPU and memory per call of the levels in between are measured too. On a
 * 2-core machine the receiver (printed: its CPU, event-loop delay and kernel drops) competes with holdless and SIPp
 * for the CPU; its delay shows up in |D| as if holdless had caused it, which the anchor makes visible.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { freePort, freePortBlock } from '../../test/support/sipp.js';
import { machineLine, quantile } from '../lib/machine.js';
import { startChild } from '../media-streams/child.js';
import { cpuProbe } from '../media-streams/cpu-probe.js';
import { cpuSeconds, installCleanup, killAll, killChild, runQueueWaitSeconds, spawnTracked } from '../sip-cps/procs.js';
import { answerRate, answers, sippCounters, type SippCounters } from './sipp-results.js';
import { queueLoadConfig, QUEUE, OPERATOR } from './config.js';
import { mainThreadCpuSeconds, rssBytes, startHoldless, threadCount, type HoldlessProcess } from './holdless-process.js';
import type { FromReceiver, ReceiverReport, ToReceiver } from './protocol.js';

const QUICK = process.argv.includes('--quick');
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    levels: { type: 'string', default: QUICK ? '100,500,1000,2000' : '100,250,500,1000,2000,3000' },
    rate: { type: 'string', default: '300' },
    'settle-s': { type: 'string', default: QUICK ? '12' : '20' },
    'window-s': { type: 'string', default: QUICK ? '6' : '10' },
    'rx-sockets': { type: 'string', default: '100' },
    'anchor-legs': { type: 'string', default: '50' },
    'budget-s': { type: 'string', default: QUICK ? '170' : '290' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'strict-stop': { type: 'boolean', default: false },
    retries: { type: 'string', default: QUICK ? '1' : '2' },
    variant: { type: 'string', default: 'shipped' },
    'media-workers': { type: 'string', default: '' },
    'scenario-workers': { type: 'string', default: '' },
  },
});
const LEVELS = opts.levels.split(',').map(Number).filter((n) => n > 0);
const RATE = Number(opts.rate);
const SETTLE_MS = Number(opts['settle-s']) * 1000;
const WINDOW_MS = Number(opts['window-s']) * 1000;
const RX_SOCKETS = Number(opts['rx-sockets']);
const ANCHOR_LEGS = Number(opts['anchor-legs']);
const RETRIES = Number(opts.retries);
const BUDGET_MS = Number(opts['budget-s']) * 1000;
const TARGET_P99_MS = 2;
/** A level is broken (the ladder stops) above this |D| p99 (a whole packet time) or this share of packets lost. */
const BROKEN_P99_MS = 20;
const BROKEN_LOSS = 0.001;
const TARGET_CALLS = 2000;
const TARGET_RATE = 300;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = dirname(fileURLToPath(import.meta.url));
const BUFF = '4194304';
if (opts.variant !== 'shipped' && opts.variant !== 'music-only') throw new Error('--variant is shipped or music-only');
const MEDIA_WORKERS = opts['media-workers'] === '' ? undefined : Number(opts['media-workers']);
if (MEDIA_WORKERS !== undefined && !(MEDIA_WORKERS === 0 || MEDIA_WORKERS === 1)) throw new Error('--media-workers is 0 or 1');
const SCENARIO_WORKERS = opts['scenario-workers'] === '' ? undefined : Number(opts['scenario-workers']);
if (SCENARIO_WORKERS !== undefined && !(Number.isInteger(SCENARIO_WORKERS) && SCENARIO_WORKERS >= 0 && SCENARIO_WORKERS <= 16)) throw new Error('--scenario-workers is 0..16');
const SCENARIO = opts.variant === 'shipped' ? join(ROOT, 'scenarios/callback-queue.js') : join(HERE, 'music-only.js');
const SERVICE = '5550100';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

interface Setup {
  target: number;
  added: number;
  created: number;
  answered: number;
  failed: number;
  /** INVITEs per second SIPp sent (from its statistics), and 200s per second it got (from its -trace_rtt). */
  offeredRate: number;
  answerRate: number;
  rttP50: number;
  rttP99: number;
  rttMax: number;
  /** holdless CPU per new call over the setup phase (the new calls' announcements included), ms. */
  cpuMsPerCall: number;
  /** The same for the main thread alone (event loop: SIP, scenarios, media pacing). */
  mainMsPerCall: number;
  setupS: number;
  sippExited: boolean;
}

interface Level {
  calls: number;
  /** Seconds waited after the setup for the callers to reach the music (at most --settle-s). */
  settleS: number;
  /** The machine's 1-minute load average at the end of the window. */
  load1: number;
  /** RSS growth since the previous level per call added, KiB. */
  rssPerAddedKiB: number;
  setup: Setup;
  rx: ReceiverReport;
  cpuPct: number;
  /** The main thread's share of cpuPct. */
  mainPct: number;
  /** Share of the window holdless's main thread was runnable but waited for a CPU. */
  runqPct: number;
  rssMiB: number;
  rssPerCallKiB: number;
  threads: number;
  queued: number;
  endedEarly: number;
  sippFailed: number;
  /** Windows measured (more than 1 when the anchor said the machine was too busy), the best one kept. */
  windows: number;
  /** The anchor was broken too in the kept window: the jitter verdict says nothing about holdless. */
  machineBroken: boolean;
  /** The strict target: every call there, no loss, |D| p99 <= 2 ms. */
  ok: boolean;
  /** Calls failing, audio missing (loss above 0.1 %) or |D| p99 above 20 ms: the ladder stops here. */
  broken: boolean;
  why: string;
}

interface Sipp {
  child: ChildProcess;
  stat: string;
  dir: string;
  added: number;
}

async function queued(h: HoldlessProcess): Promise<number> {
  const r = await h.api<{ waiting: number }>('GET', `/queues/${QUEUE}`);
  return r.status === 200 ? r.body.waiting : NaN;
}

async function main(): Promise<void> {
  installCleanup();
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'queue-load-'));
  const profileDir = opts.profile ? mkdtempSync(join(tmpdir(), 'queue-load-prof-')) : undefined;
  console.log(machineLine());
  const probe = cpuProbe();
  console.log(
    `load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; a spinning thread got ${(probe.share * 100).toFixed(0)} % of a core ` +
      `(longest off-CPU gap ${probe.longestGapMs.toFixed(1)} ms): other work on the machine lowers these numbers`,
  );
  console.log(
    `bench:queue-load: scenario ${SCENARIO.slice(ROOT.length + 1)}, levels ${LEVELS.join(', ')} concurrent calls, new calls at ${RATE}/s, settle ${SETTLE_MS / 1000} s, ` +
      `window ${WINDOW_MS / 1000} s, ${RX_SOCKETS} receiver sockets, media workers ${MEDIA_WORKERS ?? 'default'}, scenario workers ${SCENARIO_WORKERS ?? 'default'}; targets: ${TARGET_CALLS} queued calls with |D| p99 <= ${TARGET_P99_MS} ms ` +
      `and no loss, call setup >= ${TARGET_RATE}/s`,
  );

  const receiver = startChild<ToReceiver, FromReceiver>(join(HERE, 'receiver-process.ts'), [
    JSON.stringify({ sockets: RX_SOCKETS, holdMusic: join(ROOT, 'media/hold-music.wav'), anchorLegs: ANCHOR_LEGS }),
  ]);
  let anchor: ReturnType<typeof startChild<{ type: 'exit' }, { type: 'ready' } | { type: 'error'; message: string }>> | undefined;
  const sipps: Sipp[] = [];
  let holdless: HoldlessProcess | undefined;
  const levels: Level[] = [];
  const notes: string[] = [];
  try {
    const { ports } = await receiver.next('ready', 60_000);
    if (ANCHOR_LEGS > 0) {
      anchor = startChild(join(HERE, 'anchor-process.ts'), [JSON.stringify({ legs: ANCHOR_LEGS, ports })]);
      await anchor.next('ready', 60_000);
    }
    const sipPort = await freePort();
    const rtpBase = 16000;
    holdless = await startHoldless({ root: ROOT, dir, sipPort, profileDir, yaml: queueLoadConfig({ root: ROOT, sipPort, rtpPorts: { min: rtpBase, max: 31999 }, scenario: SCENARIO, mediaWorkers: MEDIA_WORKERS, scenarioWorkers: SCENARIO_WORKERS }) });
    const h = holdless;
    const online = await h.api('PUT', `/operators/${OPERATOR.username}/status`, { status: 'ONLINE' });
    if (online.status !== 200) throw new Error(`cannot set ${OPERATOR.username} ONLINE: ${online.status} ${JSON.stringify(online.body)}`);
    await sleep(2000);
    const rss0 = rssBytes(h.pid);
    const idleCpu0 = cpuSeconds(h.pid);
    await sleep(2000);
    const idleCpuPct = ((cpuSeconds(h.pid) - idleCpu0) / 2) * 100;
    console.log(`holdless idle: RSS ${(rss0 / 2 ** 20).toFixed(0)} MiB, CPU ${idleCpuPct.toFixed(1)} % of a core, ${threadCount(h.pid)} threads`);
    console.log('');
    for (const line of STEADY_HEADER) console.log(line);

    let current = 0;
    let rssPrev = rss0;
    for (const [i, level] of LEVELS.entries()) {
      const delta = level - current;
      if (delta <= 0) continue;
      const need = (delta / RATE) * 1000 + SETTLE_MS + WINDOW_MS + 15_000;
      if (Date.now() - started + need > BUDGET_MS) {
        notes.push(`stopped before ${level} calls to stay inside the ${BUDGET_MS / 1000} s budget (--budget-s)`);
        break;
      }
      // ---- setup ----
      const sdir = mkdtempSync(join(dir, `sipp-${level}-`));
      const csv = join(sdir, 'rx.csv');
      writeFileSync(csv, `SEQUENTIAL\n${ports.map((p) => `${p};${i + 1}`).join('\n')}\n`);
      const [p, cp, mp] = [await freePort(), await freePort(), await freePortBlock(4)];
      const stat = join(sdir, 'stat.csv');
      const args = [
        '-sf', join(HERE, 'caller.xml'), '-inf', csv, '-s', SERVICE, `127.0.0.1:${sipPort}`,
        '-i', '127.0.0.1', '-p', String(p), '-cp', String(cp), '-mp', String(mp), '-nostdin',
        '-r', String(RATE), '-rp', '1000', '-m', String(delta), '-l', String(delta),
        '-buff_size', BUFF, '-trace_stat', '-stf', stat, '-fd', '1', '-trace_rtt', '-rtt_freq', '1',
      ];
      const cpuA = cpuSeconds(h.pid);
      const mainA = mainThreadCpuSeconds(h.pid);
      const t0 = Date.now();
      const child = spawnTracked('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: sdir });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      const sipp: Sipp = { child, stat, dir: sdir, added: delta };
      sipps.push(sipp);
      const setupDeadline = t0 + (delta / RATE) * 1000 + 20_000;
      let answered = 0;
      let counters: SippCounters | undefined;
      for (;;) {
        await sleep(250);
        answered = answers(sdir, child.pid).length;
        counters = sippCounters(stat);
        const done = answered + (counters?.failed ?? 0) >= delta;
        if (done || Date.now() > setupDeadline || child.exitCode !== null) break;
      }
      const setupS = (Date.now() - t0) / 1000;
      const cpuB = cpuSeconds(h.pid);
      const mainB = mainThreadCpuSeconds(h.pid);
      counters = sippCounters(stat);
      const answered1 = answers(sdir, child.pid);
      const times = answered1.map((a) => a.rtt);
      const setup: Setup = {
        target: RATE,
        added: delta,
        created: counters?.created ?? 0,
        answered: times.length,
        failed: counters?.failed ?? 0,
        offeredRate: counters?.rate ?? NaN,
        answerRate: answerRate(answered1),
        rttP50: quantile(times, 0.5),
        rttP99: quantile(times, 0.99),
        rttMax: times.length ? Math.max(...times) : NaN,
        cpuMsPerCall: ((cpuB - cpuA) * 1000) / delta,
        mainMsPerCall: ((mainB - mainA) * 1000) / delta,
        setupS,
        sippExited: child.exitCode !== null,
      };
      if (child.exitCode !== null) notes.push(`level ${level}: SIPp exited early (code ${child.exitCode}): ${stderr.trim().slice(-500)}`);
      current = level;

      // ---- settle (until every caller hears the music, at most --settle-s), then the window ----
      const settleStart = Date.now();
      let status = { streams: 0, onMusic: 0 };
      while (Date.now() - settleStart < SETTLE_MS) {
        await sleep(500);
        receiver.tell({ type: 'status' });
        status = await receiver.next('receiver-status');
        if (Date.now() - settleStart >= 3000 && status.onMusic >= level) break;
      }
      const settleS = (Date.now() - settleStart) / 1000;
      // The window; on a shared machine it is measured again (up to --retries times) while the anchor shows the
      // machine itself was too busy to hold 2 ms, and the window with the calmest anchor is kept.
      let best: { rx: ReceiverReport; cpuPct: number; mainPct: number; runqPct: number } | undefined;
      let windows = 0;
      for (;;) {
        windows++;
        const cpu0 = cpuSeconds(h.pid);
        const main0 = mainThreadCpuSeconds(h.pid);
        const runq0 = runQueueWaitSeconds(h.pid);
        const w0 = performance.now();
        receiver.tell({ type: 'start', expected: level });
        await sleep(WINDOW_MS);
        receiver.tell({ type: 'stop' });
        const rx = await receiver.next('receiver-report');
        const wallS = (performance.now() - w0) / 1000;
        const m = {
          rx,
          cpuPct: ((cpuSeconds(h.pid) - cpu0) / wallS) * 100,
          mainPct: ((mainThreadCpuSeconds(h.pid) - main0) / wallS) * 100,
          runqPct: ((runQueueWaitSeconds(h.pid) - runq0) / wallS) * 100,
        };
        if (!best || anchorScore(m.rx) < anchorScore(best.rx)) best = m;
        const calm = best.rx.anchor.streams === 0 || (best.rx.anchor.dP99 <= TARGET_P99_MS && best.rx.anchor.lost === 0);
        if (calm || windows > RETRIES || Date.now() - started + WINDOW_MS + 10_000 > BUDGET_MS) break;
      }
      const { rx, cpuPct, mainPct, runqPct } = best;
      const rss = rssBytes(h.pid);
      let endedEarly = 0;
      let sippFailed = 0;
      for (const s of sipps) {
        const c = sippCounters(s.stat);
        endedEarly += c?.successful ?? 0;
        sippFailed += c?.failed ?? 0;
      }
      const inQueue = await queued(h);
      // Broken: calls are failing or audio is going missing (the ladder stops). Short of that, the strict target
      // (no loss at all, |D| p99 <= 2 ms) may still be missed; the ladder goes on so the capacity numbers of the
      // higher levels are measured too (--strict-stop stops at the first miss instead).
      const why: string[] = [];
      const broken: string[] = [];
      if (setup.answered < delta) broken.push(`${delta - setup.answered} of ${delta} new calls not answered`);
      if (sippFailed) broken.push(`${sippFailed} calls failed`);
      if (endedEarly) broken.push(`${endedEarly} calls hung up by holdless`);
      if (inQueue !== level) broken.push(`${inQueue} requests in the queue`);
      if (rx.silentCalls) broken.push(`${rx.silentCalls} silent calls`);
      if (rx.lost > BROKEN_LOSS * rx.packets) broken.push(`${rx.lost} packets lost`);
      else if (rx.lost) why.push(`${rx.lost} packets lost`);
      // When the anchor (a trivial sender on the same machine, same window) was as bad, the machine is to blame:
      // the level is inconclusive on jitter and loss, and the ladder goes on.
      const a = rx.anchor;
      const machineBroken = a.streams > 0 && (a.lost > BROKEN_LOSS * a.streams * (rx.windowMs / 20) || !(a.dP99 <= BROKEN_P99_MS));
      const audioBroken: string[] = [];
      if (rx.lost > BROKEN_LOSS * rx.packets) audioBroken.push(`${rx.lost} packets lost`);
      else if (rx.lost) why.push(`${rx.lost} packets lost`);
      if (!(rx.dP99 <= BROKEN_P99_MS)) audioBroken.push(`|D| p99 ${f(rx.dP99, 2)} ms`);
      else if (!(rx.dP99 <= TARGET_P99_MS)) why.push(`|D| p99 ${f(rx.dP99, 2)} ms`);
      if (machineBroken) why.unshift(...audioBroken.map((w) => `${w} (anchor as bad: the machine, inconclusive)`));
      else broken.push(...audioBroken);
      why.unshift(...broken);
      const row: Level = {
        calls: level,
        settleS,
        load1: loadavg()[0]!,
        rssPerAddedKiB: (rss - rssPrev) / 1024 / delta,
        setup,
        rx,
        cpuPct,
        mainPct,
        runqPct,
        rssMiB: rss / 2 ** 20,
        rssPerCallKiB: (rss - rss0) / 1024 / level,
        threads: threadCount(h.pid),
        queued: inQueue,
        endedEarly,
        sippFailed,
        ok: why.length === 0,
        windows,
        machineBroken,
        broken: broken.length > 0,
        why: why.join(', ') || 'ok',
      };
      levels.push(row);
      rssPrev = rss;
      console.log(steadyRow(row));
      if (row.broken || (!row.ok && opts['strict-stop'])) break;
    }
  } finally {
    for (const s of sipps) killChild(s.child);
    if (holdless) {
      const end = holdless.ended();
      if (end) notes.push(`holdless ended by itself during the run (${end}); its last output:\n${holdless.output().slice(-3000)}`);
      const tail = holdless.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
      if (tail.length) notes.push(`holdless logged ${tail.length} warnings or errors; the last: ${tail[tail.length - 1]!.slice(0, 400)}`);
      // SIPp is gone, so the calls end on their own; a graceful stop lets --cpu-prof write its profile.
      if (profileDir) await holdless.terminate(60_000);
      else await holdless.kill();
    }
    await receiver.stop({ type: 'exit' });
    if (anchor) await anchor.stop({ type: 'exit' });
  }

  console.log('');
  console.log('Call setup (each level adds its calls at the target rate while the queued ones keep playing):');
  console.log('');
  for (const line of SETUP_HEADER) console.log(line);
  for (const l of levels) console.log(setupRow(l));
  console.log('');
  console.log('Steady state (the window after the settle time):');
  console.log('');
  for (const line of STEADY_HEADER) console.log(line);
  for (const l of levels) console.log(steadyRow(l));
  console.log('');
  for (const n of notes) console.log(`note: ${n}`);
  const best = bestLevel(levels, (l) => l.ok);
  const held = bestLevel(levels, (l) => !l.broken);
  console.log(`highest level meeting the quality target: ${best} queued calls (|D| p99 <= ${TARGET_P99_MS} ms, no loss, no failed, silent or dropped call)`);
  console.log(`highest level not broken: ${held} queued calls (every call held and heard, loss <= ${BROKEN_LOSS * 100} %, |D| p99 <= ${BROKEN_P99_MS} ms)`);
  console.log(`target ${TARGET_CALLS} queued calls with p99 <= ${TARGET_P99_MS} ms and no loss: ${best >= TARGET_CALLS ? 'MET' : 'NOT MET'}`);
  // Only levels that add at least half a second's worth of calls say anything about a rate.
  const rated = levels.filter((l) => l.setup.added >= RATE / 2);
  const rateOk = rated.length > 0 && rated.every((l) => l.setup.answered === l.setup.added && l.setup.failed === 0 && l.setup.answerRate >= 0.95 * TARGET_RATE);
  console.log(
    `target call setup >= ${TARGET_RATE}/s with scenarios running: ${RATE < TARGET_RATE || rated.length === 0 ? `not tested (--rate ${RATE}, no level added ${RATE / 2} calls or more)` : rateOk ? `MET at every level adding >= ${RATE / 2} calls (${rated.map((l) => l.calls).join(', ')})` : `NOT MET (levels adding >= ${RATE / 2} calls: ${rated.map((l) => `${l.calls}: ${f(l.setup.answerRate, 0)}/s answered, ${l.setup.added - l.setup.answered} unanswered`).join('; ')})`}`,
  );
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (profileDir) {
    const files = readdirSync(profileDir).filter((x) => x.endsWith('.cpuprofile'));
    console.log(`CPU profiles of holdless (one per thread; the main thread's is the .0.001 file): ${files.map((x) => join(profileDir, x)).join(', ') || '(none written)'}`);
    console.log(`  summarize: npx tsx bench/sip-cps/profile-top.ts ${files[0] ? join(profileDir, files[0]) : '<file>'}`);
  }
  if (opts.keep) console.log(`SIPp files and the holdless data kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** The highest level below the first one that fails `pass` (a lucky level above a failure does not count). */
/** How bad the machine was in a window, by the anchor (lower is calmer); loss weighs like a 20 ms p99. */
function anchorScore(rx: ReceiverReport): number {
  return rx.anchor.streams === 0 ? 0 : (Number.isFinite(rx.anchor.dP99) ? rx.anchor.dP99 : 1e9) + (rx.anchor.lost > 0 ? 20 : 0);
}

function bestLevel(levels: Level[], pass: (l: Level) => boolean): number {
  let best = 0;
  for (const l of levels) {
    if (!pass(l)) break;
    best = l.calls;
  }
  return best;
}

const SETUP_HEADER = [
  '| level | new calls | target /s | INVITEs sent /s | answered /s | answered | failed | INVITE→200 p50 / p99 / max ms | holdless CPU ms per new call (main thread) | settle s (to music) | load average (1 min) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];

function setupRow(l: Level): string {
  const s = l.setup;
  return (
    `| ${l.calls} | ${s.added} | ${s.target} | ${f(s.offeredRate, 0)} | ${f(s.answerRate, 0)} | ${s.answered} | ${s.failed} | ` +
    `${f(s.rttP50, 0)} / ${f(s.rttP99, 0)} / ${f(s.rttMax, 0)} | ${f(s.cpuMsPerCall, 1)} (${f(s.mainMsPerCall, 1)}) | ${f(l.settleS, 1)} | ${f(l.load1, 2)} |`
  );
}

const STEADY_HEADER = [
  '| queued calls | holdless CPU % of a core: all threads / main (main runq %) | CPU per call, % of a core | RSS MiB | RSS per call KiB (total / added) | streams active / silent | lost | reordered | \\|D\\| p50 / p99 / p99.9 / max ms | J p50 / p99 ms | streams with gaps >= 100 ms, longest ms | dead air: streams >= 1 s without sound, longest s | silence before the first sound p50 / max ms | announced first / on music | anchor \\|D\\| p99 / max ms, lost | receiver CPU % / loop p99 ms / drops | verdict |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];

function steadyRow(l: Level): string {
  const r = l.rx;
  const a = r.anchor;
  return (
    `| ${l.calls} | ${f(l.cpuPct, 0)} / ${f(l.mainPct, 0)} (${f(l.runqPct, 0)}) | ${f(l.cpuPct / l.calls, 3)} | ${f(l.rssMiB, 0)} | ${f(l.rssPerCallKiB, 0)} / ${f(l.rssPerAddedKiB, 0)} | ` +
    `${r.activeStreams} / ${r.silentCalls} | ${r.lost} | ${r.reordered} | ${f(r.dP50, 2)} / ${f(r.dP99, 2)} / ${f(r.dP999, 2)} / ${f(r.dMax, 1)} | ` +
    `${f(r.jP50, 2)} / ${f(r.jP99, 2)} | ${r.streamsWithGap}, ${f(r.maxGapMs, 0)} | ${r.deadAirStreams}, ${f(r.deadAirMaxMs / 1000, 1)} | ${f(r.leadSilenceP50Ms, 0)} / ${f(r.leadSilenceMaxMs, 0)} | ${r.announcedFirst} / ${r.onMusic} | ` +
    `${a.streams ? `${f(a.dP99, 2)} / ${f(a.dMax, 1)}, ${a.lost}` : '-'} | ${f(r.cpuPercent, 0)} / ${f(r.loopP99Ms, 1)} / ${r.kernelDrops} | ${l.ok ? 'pass' : `${l.broken ? 'BROKEN' : 'miss'}: ${l.why.replaceAll('|', '\\|')}`}${l.windows > 1 ? ` (best of ${l.windows} windows)` : ''} |`
  );
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => killAll());
