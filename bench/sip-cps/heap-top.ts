// What a V8 heap snapshot holds, by constructor (or type) name: count and shallow size, largest first. Used to see
// what the holdless UAS keeps per call (bench/sip-cps/uas-process.ts answers "heap FILE" on stdin with a snapshot).
// Usage: tsx bench/sip-cps/heap-top.ts FILE.heapsnapshot [N] [CALLS] (CALLS divides the totals into bytes per call)
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 30);
const calls = Number(process.argv[4] ?? 0);
if (!file) {
  console.error('usage: tsx bench/sip-cps/heap-top.ts FILE.heapsnapshot [N] [CALLS]');
  process.exit(2);
}
const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const stride = fields.length;
const iType = fields.indexOf('type');
const iName = fields.indexOf('name');
const iSize = fields.indexOf('self_size');
const groups = new Map<string, { count: number; bytes: number }>();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += stride) {
  const type = types[snap.nodes[i + iType]!] ?? '?';
  const name = snap.strings[snap.nodes[i + iName]!] ?? '?';
  const key = type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`;
  const size = snap.nodes[i + iSize]!;
  const g = groups.get(key) ?? { count: 0, bytes: 0 };
  g.count++;
  g.bytes += size;
  groups.set(key, g);
  total += size;
}
console.log(`${file}: ${(total / 2 ** 20).toFixed(1)} MiB in ${snap.nodes.length / stride} objects${calls ? `, ${(total / calls / 1024).toFixed(1)} KiB per call` : ''}`);
for (const [k, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
  const per = calls ? `  ${(g.count / calls).toFixed(1).padStart(6)} objs/call ${(g.bytes / calls).toFixed(0).padStart(6)} B/call` : '';
  console.log(`${(g.bytes / 2 ** 20).toFixed(2).padStart(8)} MiB ${String(g.count).padStart(9)}${per}  ${k}`);
}
