/**
 * The far ends of the benchmark's legs, in their own process so they do not share the legs' event loop: UDP sockets
 * (one per leg, or `farSockets` shared round-robin) that count what arrives per RTP stream, told apart by SSRC (loss
 * from sequence numbers, RFC 3550 A.1/A.3 style: expected − received over the measuring window) and measure
 * interarrival deviation (|D| of A.8, in ms). In duplex mode each far end also sends a caller's 50 packets/s back to
 * its leg, to the address the leg's packets came from (symmetric RTP).
 *
 *   config: argv[2] = JSON TrialConfig; talks to run.ts over the fork IPC channel.
 */
import { createSocket, type Socket } from 'node:dgram';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { LatenessHistogram } from '../../src/media/endpoint/lateness-histogram.js';
import type { FarEndReport, FromChild, ToChild, TrialConfig } from './protocol.js';

const config = JSON.parse(process.argv[2]!) as TrialConfig;
const n = config.legs;
const send = (m: FromChild): void => void process.send!(m);

const count = new Uint32Array(n);
const firstExt = new Float64Array(n).fill(-1);
const maxExt = new Float64Array(n);
const lastSeq = new Int32Array(n).fill(-1);
const cycles = new Float64Array(n);
const prevTransit = new Float64Array(n).fill(NaN);
const remotePort = new Int32Array(n);
const remoteAddress: string[] = new Array<string>(n).fill('');
const jitter = new LatenessHistogram();
let measuring = false;

/** Streams by SSRC: the index of each leg's stream, in order of first arrival. */
const streams = new Map<number, number>();

function onPacket(bytes: Buffer, address: string, port: number): void {
  const pt = bytes[1]!;
  if (bytes.length < 12 || (pt >= 192 && pt <= 223)) return; // RTCP from the leg: not counted
  const ssrc = bytes.readUInt32BE(8);
  let leg = streams.get(ssrc);
  if (leg === undefined) {
    if (streams.size >= n) return;
    leg = streams.size;
    streams.set(ssrc, leg);
  }
  if (remotePort[leg] === 0) {
    remotePort[leg] = port;
    remoteAddress[leg] = address;
  }
  if (!measuring) return;
  const arrival = performance.now();
  const seq = (bytes[2]! << 8) | bytes[3]!;
  const last = lastSeq[leg]!;
  if (last >= 0 && seq < last && last - seq > 0x8000) cycles[leg]! += 0x10000;
  lastSeq[leg] = seq;
  const ext = cycles[leg]! + seq;
  if (firstExt[leg]! < 0) firstExt[leg] = ext;
  if (ext > maxExt[leg]!) maxExt[leg] = ext;
  count[leg]!++;
  const ts = bytes.readUInt32BE(4);
  const transit = arrival - ts / 8;
  const prev = prevTransit[leg]!;
  // Timestamps wrap after 2^32 / 8 ms (6 days); a wrap shows as one huge D, dropped here.
  if (!Number.isNaN(prev) && Math.abs(transit - prev) < 10_000) jitter.record(Math.abs(transit - prev));
  prevTransit[leg] = transit;
}

const sockets: Socket[] = [];
const lookup = (address: string, _o: unknown, cb: (e: null, a: string, f: number) => void): void => cb(null, address, 4);

async function bindAll(): Promise<number[]> {
  const count = config.farSockets ? Math.min(n, config.farSockets) : n;
  for (let i = 0; i < count; i++) {
    const s = createSocket({ type: 'udp4', lookup, recvBufferSize: 1 << 20 });
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
    s.on('message', (bytes, rinfo) => onPacket(bytes, rinfo.address, rinfo.port));
    sockets.push(s);
  }
  return Array.from({ length: n }, (_, i) => sockets[i % count]!.address().port);
}

/** Duplex: every far end talks back at 50 packets/s (172-byte PCMU packets), phased like the legs. */
function startTalking(): void {
  const clock = new PhasedMediaClock(systemPacer);
  for (let i = 0; i < n; i++) {
    const buf = Buffer.alloc(172, 0xff);
    buf[0] = 0x80;
    buf[1] = 0; // PCMU, no marker
    buf.writeUInt32BE(0x1000 + i, 8);
    let seq = i & 0xffff;
    clock.subscribe((tick) => {
      if (remotePort[i] === 0) return;
      seq = (seq + 1) & 0xffff;
      buf.writeUInt16BE(seq, 2);
      buf.writeUInt32BE((tick.index * 160) >>> 0, 4);
      sockets[i % sockets.length]!.send(buf, remotePort[i], remoteAddress[i]);
    });
  }
}

let cpuAtStart = process.cpuUsage();
let wallAtStart = 0;
process.on('message', (m: ToChild) => {
  if (m.type === 'start') {
    measuring = true;
    cpuAtStart = process.cpuUsage();
    wallAtStart = performance.now();
  } else if (m.type === 'stop') {
    measuring = false;
    const cpu = process.cpuUsage(cpuAtStart);
    const wall = performance.now() - wallAtStart;
    let received = 0;
    let lost = 0;
    let silentLegs = 0;
    for (let i = 0; i < n; i++) {
      received += count[i]!;
      if (count[i] === 0) silentLegs++;
      else lost += maxExt[i]! - firstExt[i]! + 1 - count[i]!;
    }
    const report: FarEndReport = {
      type: 'far-end-report',
      received,
      lost,
      silentLegs,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
      rxJitterP50: jitter.quantile(0.5),
      rxJitterP99: jitter.quantile(0.99),
    };
    send(report);
  } else if (m.type === 'exit') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

bindAll().then(
  (ports) => {
    if (config.duplex) startTalking();
    send({ type: 'ready', ports });
  },
  (err: Error) => send({ type: 'error', message: err.message }),
);
