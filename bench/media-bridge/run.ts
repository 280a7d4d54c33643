/**
 * bench:media-bridge — N bridged pairs relaying a generator's traffic (both directions, 50 packets/s per phone), and
 * the same traffic through rtpengine in user space, in the same run.
 *
 *   npm run bench:media-bridge [-- --quick] [--pairs 200,500] [--measure S]
 *
 * For each N: (1) the generator's phones send straight to each other: the baseline one-way delay of loopback plus the
 * generator's own event loop; (2) through holdless: 2N `RtpEndpoint`s and N `Bridge`s in a fresh process, on its main
 * thread, then (3) on two `MediaThreads` workers; (4) through rtpengine (`--table=-1`, user space), calls set up over
 * its ng protocol. Reported: the relay's CPU (its process,
 * all threads) per 1,000 relayed packets, the one-way delay through it and the delay it adds over the baseline, and
 * the ratio of CPU per packet, holdless / rtpengine.
 */
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { hasPeerCommand } from './has-command.js';
import { machineLine } from '../lib/machine.js';
import { startChild } from '../media-streams/child.js';
import { cpuProbe } from '../media-streams/cpu-probe.js';
import type { FromChild, GeneratorReport, Targets, ToChild } from './protocol.js';
import { Rtpengine } from './rtpengine.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const QUICK = process.argv.includes('--quick');
const PAIRS = arg('pairs', QUICK ? '200' : '200,500,1000').split(',').map(Number);
const WARMUP_MS = QUICK ? 1500 : 2500;
const MEASURE_MS = Number(arg('measure', QUICK ? '4' : '8')) * 1000;
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Row {
  pairs: number;
  relay: string;
  gen: GeneratorReport;
  cpuMs: number | null;
  relayed: number;
  rssMiB: number | null;
}

type Relay = { targets: Targets; cpuMs(): Promise<number> | number; relayed?: () => Promise<number>; rss(): Promise<number> | number; stop(): Promise<void> };

async function measure(pairs: number, name: string, setup: (phones: { caller: number[]; operator: number[] }) => Promise<Relay>): Promise<Row> {
  const gen = startChild<ToChild, FromChild>(here('./generator-process.ts'), [String(pairs)]);
  let relay: Relay | null = null;
  try {
    const { ports } = await gen.next('ready');
    relay = await setup(ports);
    gen.tell({ type: 'targets', targets: relay.targets });
    await sleep(WARMUP_MS);
    const cpu0 = await relay.cpuMs();
    gen.tell({ type: 'start' });
    await sleep(MEASURE_MS);
    gen.tell({ type: 'stop' });
    const cpu1 = await relay.cpuMs();
    const report = await gen.next('generator-report');
    const rss = await relay.rss();
    return { pairs, relay: name, gen: report, cpuMs: name === 'direct' ? null : cpu1 - cpu0, relayed: report.received, rssMiB: name === 'direct' ? null : rss };
  } finally {
    await relay?.stop();
    await gen.stop({ type: 'exit' });
  }
}

const direct = (phones: { caller: number[]; operator: number[] }): Promise<Relay> =>
  Promise.resolve({ targets: { caller: phones.operator, operator: phones.caller }, cpuMs: () => 0, rss: () => 0, stop: () => Promise.resolve() });

const holdless = (threads: number) => async (phones: { caller: number[]; operator: number[] }): Promise<Relay> => {
  const child = startChild<ToChild, FromChild>(here('./holdless-relay-process.ts'), [JSON.stringify(phones), String(threads)]);
  const { legs } = await child.next('relay-ready');
  // The relay process measures its own CPU: ask it at the start and the end of the window.
  let last: { cpuMs: number; rssMiB: number } = { cpuMs: 0, rssMiB: 0 };
  let started = false;
  return {
    targets: { caller: legs.a, operator: legs.b },
    async cpuMs() {
      if (!started) {
        started = true;
        child.tell({ type: 'start' });
        return 0;
      }
      child.tell({ type: 'stop' });
      const r = await child.next('relay-report');
      last = r;
      return r.cpuMs;
    },
    rss: () => last.rssMiB,
    stop: () => child.stop({ type: 'exit' }),
  };
};

let ngPort = 22300;
async function rtpengine(phones: { caller: number[]; operator: number[] }): Promise<Relay> {
  const engine = await Rtpengine.start(ngPort++, 35000, 44999);
  const caller: number[] = [];
  const operator: number[] = [];
  for (let i = 0; i < phones.caller.length; i++) {
    const c = await engine.call(`bench-${i}`, phones.caller[i]!, phones.operator[i]!);
    caller.push(c.callerSendsTo);
    operator.push(c.operatorSendsTo);
  }
  return { targets: { caller, operator }, cpuMs: () => engine.cpuMs(), rss: () => engine.rssMiB(), stop: () => engine.stop() };
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

async function main(): Promise<void> {
  console.log(machineLine());
  const probe = cpuProbe();
  console.log(
    `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; one spinning thread got ${(probe.share * 100).toFixed(0)} % of a core (longest off-CPU gap ${probe.longestGapMs.toFixed(1)} ms); warm-up ${WARMUP_MS / 1000} s, measured ${MEASURE_MS / 1000} s per trial`,
  );
  const haveEngine = hasPeerCommand('rtpengine');
  if (!haveEngine) console.log('rtpengine not installed (apt-get install -y rtpengine): its rows are skipped');
  console.log('');
  console.log('| pairs | path | relayed packets/s | relay CPU | relay CPU per 1,000 packets, ms (= µs per packet) | relay RSS MiB | one-way delay p50 / p99 / max ms | added p50 / p99 ms | lost | generator CPU |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const started = Date.now();
  for (const pairs of PAIRS) {
    const rows: Row[] = [await measure(pairs, 'direct', direct), await measure(pairs, 'holdless', holdless(1)), await measure(pairs, 'holdless, 2 workers', holdless(2))];
    if (haveEngine) rows.push(await measure(pairs, 'rtpengine', rtpengine));
    const base = rows[0]!.gen;
    for (const r of rows) {
      const perPacketUs = r.cpuMs === null ? NaN : (r.cpuMs * 1000) / r.relayed;
      const lost = r.gen.sent - r.gen.received;
      console.log(
        `| ${r.pairs} | ${r.relay} | ${f(r.relayed / (MEASURE_MS / 1000), 0)} | ${r.cpuMs === null ? '-' : `${f((r.cpuMs / MEASURE_MS) * 100, 0)} %`} | ${f(perPacketUs, 2)} | ${r.rssMiB === null ? '-' : f(r.rssMiB, 0)} | ` +
          `${f(r.gen.delayP50)} / ${f(r.gen.delayP99)} / ${f(r.gen.delayMax, 1)} | ${r.relay === 'direct' ? '-' : `${f(r.gen.delayP50 - base.delayP50)} / ${f(r.gen.delayP99 - base.delayP99)}`} | ${lost > 0 ? `${lost} (${f((lost / r.gen.sent) * 100, 2)} %)` : '0'} | ${f(r.gen.cpuPercent, 0)} % |`,
      );
    }
    const theirs = rows.find((r) => r.relay === 'rtpengine');
    for (const ours of rows.filter((r) => r.relay.startsWith('holdless'))) {
      if (!theirs || ours.cpuMs === null || theirs.cpuMs === null || theirs.cpuMs <= 0) continue;
      const ratio = ours.cpuMs / ours.relayed / (theirs.cpuMs / theirs.relayed);
      console.log(`|  | **CPU per packet, ${ours.relay} / rtpengine: ${f(ratio)}×** | | | | | | | | |`);
    }
  }
  const after = cpuProbe();
  console.log('');
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s; after: load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, a spinning thread got ${(after.share * 100).toFixed(0)} % of a core`);
}

await main();
