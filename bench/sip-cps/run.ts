// bench:sip-cps: calls per second the holdless SIP user agent answers over UDP on loopback, against SIPp's own UAS
// in the same run. A SIPp UAC (built-in `-sn uac`: INVITE, 200, ACK, BYE, 200; no media) calls at a ladder of rates,
// each step `-m rate*STEP_S` calls at `-r rate -rp 1000`, against
//   - holdless: a minimal UAS on src/sip/ua (answers 200 at once, answers the BYE) in its own Node process
//     (bench/sip-cps/uas-process.ts), so it shares no event loop with SIPp or this driver;
//   - sipp: `sipp -sn uas`, the reference.
// A step is clean (strict) when every call succeeded, none failed or was left unfinished, SIPp retransmitted nothing
// and received no retransmission, saw no unexpected or stray (dead-call, out-of-call) message, and SIPp achieved at
// least 95% of the target rate.
// For the holdless UAS, the INVITEs and BYEs it saw must also match SIPp's calls.
// "Lenient" allows retransmissions below 0.1% of the calls. A ladder stops one step after its first dirty step.
// Every process started here is killed by its PID at the end, on errors and on Ctrl-C.
//
// Options: --rates 250,500,... --step-s 10 --pause-ms 0 --only holdless|sipp --profile (runs the holdless UAS under
// `node --cpu-prof` and keeps the profile; summarize it with `tsx bench/sip-cps/profile-top.ts FILE`) --keep (keep
// SIPp's CSV and screen files) --budget-s 280 (the whole run; each ladder skips steps that would overrun it)
// --uas-rcvbuf BYTES (an experiment, not holdless as shipped: the bench's UAS process raises SO_RCVBUF of its UDP
// socket; the kernel caps it at net.core.rmem_max).
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../test/support/sipp.js';
import { machineLine } from '../lib/machine.js';
import {
  JsonLines,
  cpuSeconds,
  installCleanup,
  killAll,
  killChild,
  reapedChildrenCpuSeconds,
  runQueueWaitSeconds,
  spawnTracked,
  udpDrops,
  udpPortTaken,
  waitExit,
} from './procs.js';
import { summarizeUac, type SippUacResult } from './sipp-stats.js';

const { values: opts } = parseArgs({
  options: {
    rates: { type: 'string', default: '250,500,750,1000,1250,1500,2000,2500,3000,4000,5000' },
    'step-s': { type: 'string', default: '10' },
    'pause-ms': { type: 'string', default: '0' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'budget-s': { type: 'string', default: '280' },
    'uas-rcvbuf': { type: 'string' },
  },
});
const RATES = opts.rates.split(',').map(Number).filter((n) => n > 0);
const STEP_S = Number(opts['step-s']);
const PAUSE_MS = Number(opts['pause-ms']);
const BUDGET_S = Number(opts['budget-s']);
/** SIPp's own give-up time after the last call is due, and our hard kill after that. */
const SIPP_GRACE_S = 8;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUFF = '4194304';
const UAS_RCVBUF = opts['uas-rcvbuf'] ? Number(opts['uas-rcvbuf']) : undefined;

type UasKind = 'holdless' | 'sipp';

interface HoldlessStats {
  invites: number;
  byes: number;
  answerErrors: number;
  elu: number;
  lagP99Ms: number;
  lagMaxMs: number;
  transactions: number;
  rssMiB: number;
}

interface Uas {
  kind: UasKind;
  port: number;
  pid: number;
  child: ChildProcess;
  /** holdless only: counters since the previous call. */
  stats?: () => Promise<HoldlessStats>;
  stop(): Promise<string>;
}

interface StepRow {
  kind: UasKind;
  target: number;
  r: SippUacResult | undefined;
  error?: string;
  wallS: number;
  uasCpuPct: number;
  uasCpuUsPerCall: number;
  uacCpuPct: number;
  /** Datagrams the kernel dropped at the UAS socket during the step (its receive buffer was full). */
  uasDrops: number;
  /** Share of the step the UAS main thread was runnable but waited for a CPU (the machine was busy), %. */
  uasRunqPct: number;
  holdless?: HoldlessStats;
  clean: boolean;
  lenient: boolean;
  why: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startHoldlessUas(profileDir: string | undefined): Promise<Uas> {
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawnTracked(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'bench/sip-cps/uas-process.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...(UAS_RCVBUF ? { SIP_CPS_UAS_RCVBUF: String(UAS_RCVBUF) } : {}) },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = new JsonLines(child);
  let ready: Record<string, unknown>;
  try {
    ready = await lines.next('ready', 30_000);
  } catch (err) {
    killChild(child);
    throw new Error(`holdless UAS did not start: ${(err as Error).message}\n${stderr}`);
  }
  if (UAS_RCVBUF) console.log(`holdless UAS: SO_RCVBUF now ${String(ready.recvBufferSize)} bytes (Linux reports twice what it grants)`);
  const ask = (cmd: string, key: string, ms = 10_000) => {
    child.stdin!.write(`${cmd}\n`);
    return lines.next(key, ms);
  };
  return {
    kind: 'holdless',
    port: Number(ready.port),
    pid: child.pid!,
    child,
    stats: async () => (await ask('stats', 'stats')).stats as HoldlessStats,
    async stop() {
      let summary = '';
      try {
        const f = (await ask('stop', 'final', 15_000)).final as Record<string, number>;
        summary = `holdless UAS process: ${f.invites} INVITEs, ${f.byes} BYEs, ${f.cpuUserS!.toFixed(1)} s user + ${f.cpuSystemS!.toFixed(1)} s system CPU over ${f.wallS!.toFixed(0)} s (${f.cpuPercent!.toFixed(0)}% of a core on average)`;
      } catch (err) {
        summary = `holdless UAS process: no final report (${(err as Error).message})`;
      }
      await waitExit(child, 10_000);
      return summary;
    },
  };
}

async function startSippUas(): Promise<Uas> {
  const [port, cp, mp] = [await freePort(), await freePort(), await freePort()];
  const child = spawnTracked('sipp', ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-cp', String(cp), '-mp', String(mp), '-nostdin', '-buff_size', BUFF], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const deadline = Date.now() + 10_000;
  while (!(await udpPortTaken(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      killChild(child);
      throw new Error(`SIPp UAS did not bind ${port}: ${stderr}`);
    }
    await sleep(20);
  }
  return {
    kind: 'sipp',
    port,
    pid: child.pid!,
    child,
    async stop() {
      const cpu = cpuSeconds(child.pid!);
      killChild(child);
      await waitExit(child, 5_000);
      return `SIPp UAS process: ${cpu.toFixed(1)} s CPU in total`;
    },
  };
}

/** Waits (0.5 to 3 s) until the UAS has gone quiet (under 15% of a core), so one step's tail does not load the next. */
async function drain(pid: number): Promise<void> {
  const until = performance.now() + 3000;
  await sleep(500);
  while (performance.now() < until) {
    const c0 = cpuSeconds(pid);
    await sleep(300);
    if ((cpuSeconds(pid) - c0) / 0.3 < 0.15) return;
  }
}

function judge(r: SippUacResult, target: number): { clean: boolean; lenient: boolean; why: string } {
  const why: string[] = [];
  const retrans = r.sentRetrans + r.recvRetrans;
  if (r.failed) why.push(`${r.failed} failed`);
  if (r.incomplete) why.push(`${r.incomplete} unfinished`);
  if (retrans) why.push(`${retrans} retrans`);
  if (r.unexpected) why.push(`${r.unexpected} unexpected`);
  if (r.stray) why.push(`${r.stray} stray msgs`);
  const short = r.achievedRate < 0.95 * target;
  if (short) why.push(`offered ${((r.achievedRate / target) * 100).toFixed(0)}% of target`);
  const complete = !r.failed && !r.incomplete && !r.unexpected && !r.stray && !short && r.successful === r.created;
  return { clean: complete && retrans === 0, lenient: complete && retrans < 0.001 * r.created, why: why.join(', ') || 'clean' };
}

async function runStep(uas: Uas, target: number, dir: string): Promise<StepRow> {
  const [p, cp, mp] = [await freePort(), await freePort(), await freePort()];
  const base = join(dir, `${uas.kind}-${target}`);
  const calls = Math.round(target * STEP_S);
  const args = [
    '-sn', 'uac', `127.0.0.1:${uas.port}`,
    '-i', '127.0.0.1', '-p', String(p), '-cp', String(cp), '-mp', String(mp), '-nostdin',
    '-r', String(target), '-rp', '1000', '-m', String(calls), '-d', String(PAUSE_MS),
    '-buff_size', BUFF, '-max_socket', '1024',
    '-trace_stat', '-stf', `${base}-stat.csv`, '-fd', '1',
    '-trace_screen', '-screen_file', `${base}-screen.log`,
    '-timeout', `${STEP_S + SIPP_GRACE_S}s`,
  ];
  if (uas.stats) await uas.stats(); // resets the UAS counters
  const drops0 = udpDrops(uas.port);
  const uasCpu0 = cpuSeconds(uas.pid);
  const runq0 = runQueueWaitSeconds(uas.pid);
  const uacCpu0 = reapedChildrenCpuSeconds();
  const t0 = performance.now();
  const child = spawnTracked('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exit = await waitExit(child, (STEP_S + SIPP_GRACE_S + 10) * 1000);
  const wallS = (performance.now() - t0) / 1000;
  const uasCpu = cpuSeconds(uas.pid) - uasCpu0;
  const uacCpu = reapedChildrenCpuSeconds() - uacCpu0;
  const uasDrops = udpDrops(uas.port) - drops0;
  const uasRunq = runQueueWaitSeconds(uas.pid) - runq0;
  const holdless = uas.stats ? await uas.stats() : undefined;
  const row: StepRow = {
    kind: uas.kind,
    target,
    r: undefined,
    wallS,
    uasCpuPct: (uasCpu / wallS) * 100,
    uasCpuUsPerCall: NaN,
    uacCpuPct: (uacCpu / wallS) * 100,
    uasDrops,
    uasRunqPct: (uasRunq / wallS) * 100,
    holdless,
    clean: false,
    lenient: false,
    why: '',
  };
  try {
    if (!existsSync(`${base}-stat.csv`)) throw new Error(`SIPp wrote no statistics (exit ${exit.code}): ${stderr.trim()}`);
    // A killed SIPp leaves its per-second rows but no final screen: the counters are those of its last second.
    row.r = summarizeUac(readFileSync(`${base}-stat.csv`, 'utf8'), existsSync(`${base}-screen.log`) ? readFileSync(`${base}-screen.log`, 'utf8') : '');
    row.uasCpuUsPerCall = row.r.created ? (uasCpu * 1e6) / row.r.created : NaN;
    Object.assign(row, judge(row.r, target));
    if (holdless && (holdless.invites !== row.r.created || holdless.byes !== row.r.successful)) {
      // SIPp's built-in uac does not check the CSeq method of the 200 it awaits after BYE: a retransmitted 200 to
      // the INVITE can complete the call in SIPp's eyes while the BYE never reached the UAS.
      const why = `UAS saw ${holdless.invites} INVITEs and ${holdless.byes} BYEs for ${row.r.created} calls, ${row.r.successful} ok`;
      Object.assign(row, { clean: false, lenient: false, why: row.why === 'clean' ? why : `${row.why}; ${why}` });
    }
    if (exit.killed) Object.assign(row, { clean: false, lenient: false, why: `SIPp overstayed its -timeout and was killed; ${row.why}` });
    else if (row.r.created < calls) {
      // SIPp gave up early (it exits on some socket errors): a fault of the load generator, said so rather than
      // left to look like the UAS's (one 2,000 calls/s step ended after 488 of its 20,000 calls).
      const tail = stderr.trim().split('\n').slice(-2).join(' / ');
      Object.assign(row, { clean: false, lenient: false, why: `SIPp stopped after ${row.r.created} of ${calls} calls (exit ${exit.code}${tail ? `: ${tail}` : ''}); ${row.why}` });
    }
  } catch (err) {
    row.error = (err as Error).message;
    row.why = `error: ${row.error}`;
  }
  return row;
}

const COLS: Array<[string, number]> = [
  ['UAS', 8], ['target/s', 8], ['offered/s', 9], ['calls', 6], ['ok', 6], ['failed', 6], ['unfin', 5], ['retr tx/rx', 10],
  ['RTD avg ms', 10], ['RTD>=200ms', 10], ['UAS CPU%', 8], ['UAS runq%', 9], ['UAS us/call', 11], ['UAC CPU%', 8], ['UAS drops', 9], ['loop p99/max ms', 15], ['verdict', 0],
];

function header(): string {
  return COLS.map(([h, w]) => h.padStart(w)).join('  ');
}

function format(row: StepRow): string {
  const r = row.r;
  const h = row.holdless;
  const cells = [
    row.kind,
    String(row.target),
    r ? r.achievedRate.toFixed(0) : '-',
    r ? String(r.created) : '-',
    r ? String(r.successful) : '-',
    r ? String(r.failed) : '-',
    r ? String(r.incomplete) : '-',
    r ? `${r.sentRetrans}/${r.recvRetrans}` : '-',
    r ? r.rtdAvgMs.toFixed(1) : '-',
    r ? String(r.rtdOver200) : '-',
    row.uasCpuPct.toFixed(0),
    Number.isFinite(row.uasRunqPct) ? row.uasRunqPct.toFixed(0) : '-',
    Number.isFinite(row.uasCpuUsPerCall) ? row.uasCpuUsPerCall.toFixed(0) : '-',
    row.uacCpuPct.toFixed(0),
    Number.isFinite(row.uasDrops) ? String(row.uasDrops) : '-',
    h ? `${h.lagP99Ms.toFixed(0)}/${h.lagMaxMs.toFixed(0)}` : '-',
    `${row.clean ? 'CLEAN' : row.lenient ? 'lenient' : 'DIRTY'} (${row.why})`,
  ];
  return cells.map((c, i) => c.padStart(COLS[i]![1])).join('  ');
}

async function ladder(kind: UasKind, dir: string, deadline: number, profileDir: string | undefined): Promise<{ rows: StepRow[]; notes: string[] }> {
  const rows: StepRow[] = [];
  const notes: string[] = [];
  const uas = kind === 'holdless' ? await startHoldlessUas(profileDir) : await startSippUas();
  try {
    let dirtySeen = false;
    for (const target of RATES) {
      if (performance.now() / 1000 + STEP_S + SIPP_GRACE_S + 10 > deadline) {
        notes.push(`${kind}: stopped before ${target}/s to stay inside the ${BUDGET_S} s budget`);
        break;
      }
      const row = await runStep(uas, target, dir);
      rows.push(row);
      console.log(format(row));
      if (dirtySeen) break; // the confirming step after the first dirty one
      if (!row.clean) dirtySeen = true;
      await drain(uas.pid);
    }
  } finally {
    notes.push(await uas.stop());
  }
  return { rows, notes };
}

function best(rows: StepRow[], pick: (r: StepRow) => boolean): number {
  // The highest rate below the first dirty step: a lucky step above a failure does not count.
  let top = 0;
  for (const r of rows) {
    if (!pick(r)) break;
    top = r.target;
  }
  return top;
}

async function main(): Promise<void> {
  installCleanup();
  const started = performance.now() / 1000;
  const deadlineAll = started + BUDGET_S;
  const dir = mkdtempSync(join(tmpdir(), 'sip-cps-'));
  const profileDir = opts.profile ? mkdtempSync(join(tmpdir(), 'sip-cps-prof-')) : undefined;
  const kinds: UasKind[] = opts.only === 'holdless' || opts.only === 'sipp' ? [opts.only] : ['holdless', 'sipp'];

  console.log(machineLine());
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine lowers these numbers)`);
  console.log(
    `SIPp UAC -sn uac over UDP on 127.0.0.1, -d ${PAUSE_MS} ms, ${STEP_S} s per step (-m rate*${STEP_S}), -rp 1000, -buff_size ${BUFF}; ` +
      `UAS CPU% and UAC CPU% are of one core over the step's wall time; "UAS runq%": share of the step the UAS main ` +
      `thread was runnable but waited for a CPU (other work on the machine); "UAS drops": datagrams the kernel dropped at the ` +
      `UAS socket (receive buffer full, /proc/net/udp); "loop": holdless event-loop delay ` +
      `beyond its 10 ms sampling interval; retr tx/rx: SIPp's ` +
      `retransmissions / retransmissions SIPp received.`,
  );
  if (UAS_RCVBUF) console.log(`EXPERIMENT: the holdless UAS process asks SO_RCVBUF = ${UAS_RCVBUF} bytes on its UDP socket (not what src/ ships)`);
  console.log(header());

  const results = new Map<UasKind, StepRow[]>();
  const notes: string[] = [];
  for (const kind of kinds) {
    // holdless may use up to half of the budget; SIPp's ladder gets whatever remains.
    const deadline = kind === 'holdless' && kinds.length > 1 ? started + BUDGET_S / 2 : deadlineAll;
    const out = await ladder(kind, dir, deadline, kind === 'holdless' ? profileDir : undefined);
    results.set(kind, out.rows);
    notes.push(...out.notes);
  }

  console.log('');
  console.log(header());
  for (const rows of results.values()) for (const row of rows) console.log(format(row));
  console.log('');
  for (const n of notes) console.log(n);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(
    'clean (strict) = every call completed, 0 failed, 0 retransmissions sent or received by SIPp, 0 unexpected or stray messages, offered >= 95% of target; ' +
      'lenient = the same but retransmissions < 0.1% of calls. Highest rate counted below the first dirty step:',
  );
  for (const [kind, rows] of results) {
    const strict = best(rows, (r) => r.clean);
    const lenient = best(rows, (r) => r.lenient);
    const top = rows[rows.length - 1];
    const ceiling = top && rows.every((r) => r.clean) ? ` (clean at the top of the ladder tried: the real ceiling is higher)` : '';
    console.log(`  ${kind.padEnd(8)} highest clean: ${strict} calls/s strict, ${lenient} calls/s lenient${ceiling}`);
  }
  const h = results.get('holdless');
  if (h) {
    const verdict = best(h, (r) => r.clean) >= 1000 ? 'MET' : h.some((r) => r.target >= 1000) || h.some((r) => !r.clean) ? 'NOT MET' : 'not tested';
    console.log(`  target >= 1000 calls/s (strict): ${verdict}`);
  }
  if (profileDir) {
    const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
    console.log(`CPU profile of the holdless UAS: ${files.map((f) => join(profileDir, f)).join(', ') || '(none written)'}`);
    console.log(`  summarize: npx tsx bench/sip-cps/profile-top.ts ${files[0] ? join(profileDir, files[0]) : '<file>'}`);
  }
  if (opts.keep) console.log(`SIPp statistics and screens kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => killAll());
