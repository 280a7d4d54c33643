// What the holdless UAS of bench:sip-cps keeps in memory per call while its finished transactions wait out their
// 32 s timers (Timer J for the BYE, Timer L for the INVITE, RFC 3261 §17.2.2 and RFC 6026). It starts the UAS process
// (bench/sip-cps/uas-process.ts), takes a heap snapshot while idle, lets SIPp's built-in UAC make RATE*SECONDS calls,
// and takes a second snapshot at once (within the wait window, so every call is still held); the difference divided
// by the calls is the heap per call. Summarize either snapshot by type with bench/sip-cps/heap-top.ts.
// Usage: tsx bench/sip-cps/heap-per-call.ts [--rate 1000] [--seconds 10] [--keep]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../test/support/sipp.js';
import { machineLine } from '../lib/machine.js';
import { JsonLines, installCleanup, killAll, spawnTracked, waitExit } from './procs.js';

const { values: opts } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const RATE = Number(opts.rate);
const SECONDS = Number(opts.seconds);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Total self size of every node in a V8 heap snapshot, in bytes. */
function heapBytes(file: string): number {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
  const fields = snap.snapshot.meta.node_fields;
  const stride = fields.length;
  const iSize = fields.indexOf('self_size');
  let total = 0;
  for (let i = iSize; i < snap.nodes.length; i += stride) total += snap.nodes[i]!;
  return total;
}

async function main(): Promise<void> {
  installCleanup();
  const dir = mkdtempSync(join(tmpdir(), 'sip-cps-heap-'));
  console.log(machineLine());
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const uas = spawnTracked(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/sip-cps/uas-process.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = new JsonLines(uas);
  const ask = async (cmd: string, key: string, ms = 60_000) => {
    uas.stdin!.write(`${cmd}\n`);
    return lines.next(key, ms);
  };
  const ready = await lines.next('ready', 30_000);
  const idleFile = String((await ask(`heap ${join(dir, 'idle.heapsnapshot')}`, 'heap')).heap);

  const calls = RATE * SECONDS;
  const [p, cp, mp] = [await freePort(), await freePort(), await freePort()];
  const sipp = spawnTracked(
    'sipp',
    ['-sn', 'uac', `127.0.0.1:${String(ready.port)}`, '-i', '127.0.0.1', '-p', String(p), '-cp', String(cp), '-mp', String(mp), '-nostdin',
      '-r', String(RATE), '-rp', '1000', '-m', String(calls), '-d', '0', '-buff_size', '4194304', '-timeout', `${SECONDS + 8}s`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitExit(sipp, (SECONDS + 20) * 1000);
  const stats = (await ask('stats', 'stats')).stats as Record<string, number>;
  const busyFile = String((await ask(`heap ${join(dir, 'busy.heapsnapshot')}`, 'heap')).heap);
  await ask('stop', 'final', 15_000);
  await waitExit(uas, 10_000);

  const idle = heapBytes(idleFile);
  const busy = heapBytes(busyFile);
  const invites = stats.invites ?? 0;
  console.log(`${invites} INVITEs and ${stats.byes ?? 0} BYEs answered at ${RATE}/s; ${stats.transactions ?? 0} transactions still waiting (Timers J and L); RSS ${(stats.rssMiB ?? 0).toFixed(0)} MiB`);
  console.log(`heap: idle ${(idle / 2 ** 20).toFixed(1)} MiB, after the calls ${(busy / 2 ** 20).toFixed(1)} MiB: ${invites ? ((busy - idle) / invites / 1024).toFixed(2) : '-'} KiB per call`);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (opts.keep) console.log(`snapshots kept: ${idleFile} ${busyFile} (tsx bench/sip-cps/heap-top.ts FILE 30 ${invites})`);
  else rmSync(dir, { recursive: true, force: true });
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => killAll());
