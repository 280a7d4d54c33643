/**
 * bench:media-streams — N legs each playing looping hold music to a receiver, as a queue full of callers on hold.
 *
 *   npm run bench:media-streams [-- --quick] [--measure S] [--max N] [--far K] [--trial legs[,threads][,duplex|single|anchor|far=K]]...
 *
 * Every trial runs in two fresh processes: the legs (measured: CPU, RSS per leg, send lateness of every packet against
 * its ideal time on the 20 ms schedule) and the far ends (20 receiving sockets shared by the legs, or one per leg with
 * --far 0; loss from sequence numbers per SSRC, interarrival deviation), so the receivers do not share the legs' event
 * loop. On a 2-core machine they still share its CPU: the far-end CPU is printed next to the legs'.
 *
 * The sweep: first the anchor (2,000 plain dgram sockets on the same schedule: what Node and the kernel cost alone,
 * TOOLING.md's advice to rerun the anchor in the same run); then N = 500, 1,000, 2,000 legs on one event loop, and
 * up in steps of 2,000 until a trial misses the target (p99 ≤ 2 ms, no loss) or N reaches --max (default 8,000); then
 * the variants that explain the design: 1,000 and 2,000 legs on two worker threads (`MediaThreads`), 2,000 on one
 * un-phased MediaClock burst, and duplex legs (the far end talks back at 50 packets/s per leg) on one loop and on two
 * workers. A spinning thread probes, before and after, how much CPU the machine leaves us.
 */
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { machineLine } from '../lib/machine.js';
import { cpuProbe } from './cpu-probe.js';
import { startChild } from './child.js';
import { LatenessHistogram } from '../../src/media/endpoint/lateness-histogram.js';
import type { FarEndReport, FromChild, LegsReport, ToChild, TrialConfig } from './protocol.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const QUICK = process.argv.includes('--quick');
const WARMUP_MS = QUICK ? 1500 : 2000;
const MEASURE_MS = arg('measure', QUICK ? 4 : 6) * 1000;
const MAX_LEGS = arg('max', QUICK ? 4000 : 8000);
const TARGET_P99_MS = 2;
/** Receiving sockets at the far end, shared by the legs (--far 0: one per leg, which costs the far end more). */
const FAR_SOCKETS = arg('far', 20);

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

interface Result {
  config: TrialConfig;
  legs: LegsReport;
  far: FarEndReport;
  p50: number;
  p99: number;
}

async function trial(config: TrialConfig): Promise<Result> {
  const far = startChild<ToChild, FromChild>(here('./far-end-process.ts'), [JSON.stringify(config)]);
  const { ports } = await far.next('ready');
  if (!ports) throw new Error('far ends sent no ports');
  const file = config.threads > 1 ? './legs-workers-process.ts' : './legs-process.ts';
  const legs = startChild<ToChild, FromChild>(here(file), [JSON.stringify(config), JSON.stringify(ports)]);
  try {
    await legs.next('ready');
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    legs.tell({ type: 'start' });
    far.tell({ type: 'start' });
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    legs.tell({ type: 'stop' });
    const legsReport = await legs.next('legs-report');
    // Let packets in flight land before the far ends close their window.
    await new Promise((r) => setTimeout(r, 100));
    far.tell({ type: 'stop' });
    const farReport = await far.next('far-end-report');
    const h = new LatenessHistogram();
    h.merge({ bins: legsReport.lateness.bins, maxMs: legsReport.lateness.maxMs });
    return { config, legs: legsReport, far: farReport, p50: h.quantile(0.5), p99: h.quantile(0.99) };
  } finally {
    await Promise.all([legs.stop({ type: 'exit' }), far.stop({ type: 'exit' })]);
  }
}

const ok = (r: Result): boolean => r.p99 <= TARGET_P99_MS && r.far.lost === 0 && r.far.silentLegs === 0;
const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

function row(r: Result): string {
  const c = r.config;
  const mode = `${c.anchor ? 'anchor: raw dgram, ' : ''}${c.clock}${c.threads > 1 ? `, ${c.threads} workers` : ', 1 loop'}${c.duplex ? ', duplex' : ''}${c.farSockets ? `, ${c.farSockets} far sockets` : ''}`;
  const packets = r.legs.packetsSent + r.legs.packetsReceived;
  const usPerPacket = (r.legs.cpuPercent / 100) * MEASURE_MS * 1000 / packets;
  return `| ${c.legs} | ${mode} | ${f(r.legs.cpuPercent, 0)} % | ${f(usPerPacket, 1)} | ${f(r.far.cpuPercent, 0)} % | ${f(r.legs.rssPerLegKiB, 1)} | ${r.legs.packetsSent} | ${r.far.lost}${r.far.silentLegs ? ` (${r.far.silentLegs} silent legs)` : ''} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.legs.lateness.maxMs, 1)} | ${f(r.far.rxJitterP99)} | ${c.duplex ? `${r.legs.packetsReceived} / ${r.legs.lostAtLegs}` : '-'} | ${r.legs.stalls} | ${ok(r) ? 'yes' : 'NO'} |`;
}

async function main(): Promise<void> {
  console.log(machineLine());
  console.log(`bench:media-streams: warm-up ${WARMUP_MS / 1000} s, measured ${MEASURE_MS / 1000} s per trial; target p99 ≤ ${TARGET_P99_MS} ms and no loss`);
  console.log('');
  console.log('| legs | clock, threads | CPU legs | CPU µs per packet sent or received | CPU far ends | RSS/leg KiB | packets sent | lost at receivers | send late p50 ms | p99 ms | max ms | rx |D| p99 ms | duplex rx / lost | stalls | target |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const started = Date.now();
  const run = async (config: TrialConfig): Promise<Result> => {
    const r = await trial(config);
    console.log(row(r));
    return r;
  };
  const base = { clock: 'phased', threads: 1, duplex: false, farSockets: FAR_SOCKETS } as const;
  const probe = cpuProbe();
  // --trial legs[,threads][,duplex|single|anchor] (repeatable): run just those.
  const only = process.argv.flatMap((a, i) => (a === '--trial' ? [process.argv[i + 1]!] : []));
  if (only.length > 0) {
    for (const spec of only) {
      const [legs, threads, ...flags] = spec.split(',');
      const shared = flags.find((f) => f.startsWith('far='));
      await run({
        ...base,
        legs: Number(legs),
        threads: Number(threads ?? 1),
        duplex: flags.includes('duplex'),
        clock: flags.includes('single') ? 'single' : 'phased',
        anchor: flags.includes('anchor'),
        farSockets: shared ? Number(shared.slice(4)) : FAR_SOCKETS,
      });
    }
    return;
  }
  console.log(`(before: one spinning thread got ${(probe.share * 100).toFixed(0)} % of a core, longest off-CPU gap ${probe.longestGapMs.toFixed(1)} ms; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  await run({ ...base, legs: 2000, anchor: true });
  for (const legs of [500, 1000, 2000]) await run({ ...base, legs });
  for (let legs = 4000; legs <= MAX_LEGS; legs += 2000) {
    const r = await run({ ...base, legs });
    if (!ok(r)) break;
  }
  for (const legs of [1000, 2000]) await run({ ...base, legs, threads: 2 });
  await run({ ...base, legs: 2000, clock: 'single' });
  for (const legs of [1000, 2000]) await run({ ...base, legs, duplex: true });
  for (const legs of [1000, 2000]) await run({ ...base, legs, duplex: true, threads: 2 });
  const after = cpuProbe();
  console.log(`(after: one spinning thread got ${(after.share * 100).toFixed(0)} % of a core, longest off-CPU gap ${after.longestGapMs.toFixed(1)} ms; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  console.log('');
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await main();
