// bench:sip-parse: messages parsed (and serialized) per second by the SIP message layer, for the two messages a
// trunk call starts with: an INVITE with an SDP offer (~700 bytes, ~250 of them SDP) and the 200 OK that answers
// it. "parse" is parseMessage alone (start line, Request-URI and header split are eager; header values are lazy);
// "parse + read" also reads what the transaction and dialog layers read on every message (top Via branch, From and
// To tags, Call-ID, CSeq). Not a test: it prints numbers. Figures are medians of several timed rounds, as operations
// per wall-clock second and per CPU second of this process, plus the best round (the least disturbed by other work).
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseMessage } from '../../src/sip/message/parse-message.js';
import { INVITE_200_OK, TRUNK_INVITE } from '../../src/sip/message/sample-messages.test-support.js';
import { serializeMessage } from '../../src/sip/message/serialize-message.js';
import type { SipMessage } from '../../src/sip/message/sip-message.js';
import { SipStreamFramer } from '../../src/sip/message/stream-framer.js';
import { machineLine, quantile } from '../lib/machine.js';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

let sink = 0;

/**
 * Runs `fn` in batches for ROUND_MS, ROUNDS times; returns the median rates per wall-clock second and per second
 * of CPU time this process got. On a busy machine the second is the steadier figure: it is what one core does.
 */
function measure(fn: () => void): { wall: number; cpu: number; best: number } {
  const batch = 1000;
  for (let i = 0; i < 20 * batch; i++) fn(); // warm-up: let the JIT settle
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let ops = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    let now = start;
    while (now - start < ROUND_MS) {
      for (let i = 0; i < batch; i++) fn();
      ops += batch;
      now = performance.now();
    }
    const used = process.cpuUsage(cpu0);
    wall.push((ops * 1000) / (now - start));
    cpu.push((ops * 1e6) / (used.user + used.system));
  }
  return { wall: quantile(wall, 0.5), cpu: quantile(cpu, 0.5), best: Math.max(...cpu) };
}

function readHotFields(m: SipMessage): void {
  sink += m.via.branch?.length ?? 0;
  sink += m.from.tag?.length ?? 0;
  sink += m.to.tag?.length ?? 0;
  sink += m.callId.length + m.cseq.seq;
}

const invite = Buffer.from(TRUNK_INVITE, 'utf8');
const ok = Buffer.from(INVITE_200_OK, 'utf8');
const parsedInvite = parseMessage(invite);
const parsedOk = parseMessage(ok);
const stream = Buffer.concat(Array.from({ length: 50 }, (_, i) => (i % 2 ? ok : invite)));

const cases: Array<[label: string, bytes: number, fn: () => void]> = [
  ['parse INVITE+SDP', invite.length, () => void (sink += parseMessage(invite).body.length)],
  ['parse 200 OK+SDP', ok.length, () => void (sink += parseMessage(ok).body.length)],
  ['parse + read INVITE', invite.length, () => readHotFields(parseMessage(invite))],
  ['parse + read 200 OK', ok.length, () => readHotFields(parseMessage(ok))],
  ['serialize INVITE', invite.length, () => void (sink += serializeMessage(parsedInvite).length)],
  ['serialize 200 OK', ok.length, () => void (sink += serializeMessage(parsedOk).length)],
  [
    'TCP framer (per msg)',
    stream.length / 50,
    () => {
      // One iteration frames 50 messages pushed in 1,400-byte segments; reported per message below.
      const f = new SipStreamFramer();
      for (let i = 0; i < stream.length; i += 1400) sink += f.push(stream.subarray(i, i + 1400)).length;
    },
  ],
];

console.log(machineLine());
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine lowers these numbers)`);
console.log(`median of ${ROUNDS} rounds x ${ROUND_MS} ms\n`);
console.log('case                     bytes   ops/s (wall)  ops/CPU-s  best round   µs/op (CPU)');
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
for (const [label, bytes, fn] of cases) {
  const rate = measure(fn);
  const per = label.startsWith('TCP framer') ? 50 : 1;
  console.log(
    `${label.padEnd(22)} ${String(Math.round(bytes)).padStart(7)} ${fmt(rate.wall * per).padStart(13)} ${fmt(rate.cpu * per).padStart(10)} ${fmt(rate.best * per).padStart(11)} ${(1e6 / (rate.cpu * per)).toFixed(2).padStart(13)}`,
  );
}
console.log(`\ntarget: >= 200,000 parses/s of the INVITE; load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (sink === 42) console.log(''); // keep the work observable to the optimizer
