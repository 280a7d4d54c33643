/**
 * The customers' ears in bench:queue-load, in their own process so they do not share holdless's event loop (as
 * bench/media-streams/far-end-process.ts): `sockets` UDP sockets on 127.0.0.1 that the SIPp callers' SDP points at
 * (each with its RTCP neighbour bound too, so holdless's RTCP lands somewhere), shared by the calls and told apart by
 * SSRC. Per stream it keeps RFC 3550 receiver statistics: loss from extended sequence numbers (A.1, A.3), the
 * interarrival deviation |D| of every consecutive pair and the running jitter estimate J (§6.4.1, A.8), both from
 * arrival times (performance.now()) against RTP timestamps at 8 kHz. It also tells when each caller's hold music
 * starts (a packet whose payload is one of the shipped file's frames) and whether something else (the announcement)
 * came first.
 *
 *   argv[2] = JSON ReceiverConfig; talks to run.ts over the fork IPC channel (bench/media-streams/child.ts).
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FRAME_SAMPLES } from '../../src/media/audio-frame.js';
import { encodeUlaw } from '../../src/media/codecs/g711.js';
import { LatenessHistogram } from '../../src/media/endpoint/lateness-histogram.js';
import { loadAudio } from '../../src/media/sources/audio-loader.js';
import { quantile } from '../lib/machine.js';
import type { FromReceiver, ReceiverConfig, ReceiverReport, ToReceiver } from './protocol.js';

const config = JSON.parse(process.argv[2]!) as ReceiverConfig;
const send = (m: FromReceiver): void => void process.send!(m);

const CAP = 1 << 15; // streams at most (32,768 calls)
const GAP_MS = 100;
const DEAD_AIR_MS = 1000;
const streams = new Map<number, number>(); // SSRC → stream index
const lastSeq = new Int32Array(CAP).fill(-1);
const cycles = new Float64Array(CAP);
const prevTransit = new Float64Array(CAP).fill(NaN);
const prevArrival = new Float64Array(CAP);
const jitterJ = new Float64Array(CAP);
// Window counters.
const winFirstExt = new Float64Array(CAP).fill(-1);
const winMaxExt = new Float64Array(CAP);
const winCount = new Uint32Array(CAP);
const winMaxGap = new Float64Array(CAP);
/** Arrival of the stream's last sounding packet in the window (or the window's start), and its longest time without
 * sound: silence packets (a phrase still being synthesized) and missing packets alike. */
const winLastSound = new Float64Array(CAP);
const winMaxDead = new Float64Array(CAP);
// Since the start.
/** Sounding (not silent) packets before the music: the announcement. */
const packetsBeforeMusic = new Uint32Array(CAP);
/** Silent packets before the first sounding one: dead air at the start of the call. */
const leadSilence = new Uint32Array(CAP);
const heardSound = new Int8Array(CAP);
const musicAt = new Int8Array(CAP); // 1 once the music's first frame arrived
let totalPackets = 0;

const dHist = new LatenessHistogram({ binMs: 0.01, maxMs: 2000 });
/** The anchor's streams (bench/queue-load/anchor-process.ts), measured apart. */
const anchor = new Uint8Array(CAP);
const aHist = new LatenessHistogram({ binMs: 0.01, maxMs: 2000 });
let anchorStreams = 0;
const isAnchorSsrc = (ssrc: number): boolean => ssrc >= 0x30000 && ssrc < 0x30000 + config.anchorLegs;
let measuring = false;
let reordered = 0;
/** Every frame of the hold music (µ-law), keyed by its first 8 bytes: a packet carrying one is music. */
let musicKeys = new Set<number>();
const keyOf = (b: Uint8Array, at: number): number =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) * 4294967296 + ((b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!);

/** A G.711 frame of (near) silence: every sample within the two smallest segments of µ-law or A-law around zero. */
function isSilent(bytes: Buffer): boolean {
  const alaw = (bytes[1]! & 0x7f) === 8;
  for (let i = 12; i < bytes.length; i++) {
    const b = alaw ? bytes[i]! ^ 0x55 : bytes[i]!;
    if (alaw ? (b & 0x70) > 0x10 : (b & 0x70) < 0x60) return false;
  }
  return true;
}

function isMusic(bytes: Buffer): boolean {
  return bytes.length === 12 + FRAME_SAMPLES && musicKeys.has(keyOf(bytes, 12));
}

function onPacket(bytes: Buffer): void {
  if (bytes.length < 12) return;
  const pt = bytes[1]! & 0x7f;
  if (pt >= 72 && pt <= 76) return; // RTCP (PT 200-204 with the marker bit folded in): not counted
  if (pt !== 0 && pt !== 8) return; // telephone-event or comfort noise: not audio frames
  const ssrc = bytes.readUInt32BE(8);
  let s = streams.get(ssrc);
  if (s === undefined) {
    if (streams.size >= CAP) return;
    s = streams.size;
    streams.set(ssrc, s);
    anchor[s] = isAnchorSsrc(ssrc) ? 1 : 0;
    anchorStreams += anchor[s]!;
  }
  const arrival = performance.now();
  totalPackets++;
  const silent = isSilent(bytes);
  if (measuring && !anchor[s]) {
    if (winLastSound[s] === 0) winLastSound[s] = windowStart;
    if (!silent) {
      const dead = arrival - winLastSound[s]! - 20;
      if (dead > winMaxDead[s]!) winMaxDead[s] = dead;
      winLastSound[s] = arrival;
    }
  }
  if (musicAt[s] === 0) {
    if (heardSound[s] === 0) {
      if (silent) leadSilence[s]!++;
      else heardSound[s] = 1;
    }
    if (isMusic(bytes)) musicAt[s] = 1;
    else if (!silent) packetsBeforeMusic[s]!++;
  }
  // Extended sequence number (RFC 3550 A.1): forward steps below 2^15 advance (a wrap adds a cycle); anything else
  // is a late packet from before the highest one seen.
  const seq = (bytes[2]! << 8) | bytes[3]!;
  const last = lastSeq[s]!;
  let ext: number;
  if (last < 0) {
    lastSeq[s] = seq;
    ext = cycles[s]! + seq;
  } else if (((seq - last) & 0xffff) < 0x8000) {
    if (seq < last) cycles[s]! += 0x10000;
    lastSeq[s] = seq;
    ext = cycles[s]! + seq;
  } else {
    ext = cycles[s]! + seq - (seq > last ? 0x10000 : 0);
  }
  const ts = bytes.readUInt32BE(4);
  const transit = arrival - ts / 8;
  const prev = prevTransit[s]!;
  prevTransit[s] = transit;
  const prevAt = prevArrival[s]!;
  prevArrival[s] = arrival;
  // RFC 3550 §6.4.1: D(i-1,i) = (Rj - Ri) - (Sj - Si); J += (|D| - J) / 16. A timestamp wrap (every 6 days at
  // 8 kHz) shows as one huge D and is dropped.
  const d = Number.isNaN(prev) ? NaN : Math.abs(transit - prev);
  if (!Number.isNaN(d) && d < 60_000) jitterJ[s]! += (d - jitterJ[s]!) / 16;
  if (!measuring) return;
  if (winFirstExt[s]! < 0) {
    winFirstExt[s] = ext;
    winMaxExt[s] = ext;
  } else {
    if (ext <= winMaxExt[s]!) reordered++;
    else winMaxExt[s] = ext;
    if (!Number.isNaN(d) && d < 60_000) (anchor[s] ? aHist : dHist).record(d);
    const gap = arrival - prevAt;
    if (gap > winMaxGap[s]!) winMaxGap[s] = gap;
  }
  winCount[s]!++;
}

const sockets: Socket[] = [];
const rtcp: Socket[] = [];

function bind(port: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const s = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
    s.once('error', () => {
      s.close();
      resolve(null);
    });
    s.bind(port, '127.0.0.1', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
  });
}

async function bindAll(): Promise<number[]> {
  while (sockets.length < config.sockets) {
    const s = await bind(0);
    if (!s) throw new Error('cannot bind a receiver socket');
    const port = s.address().port;
    const r = port < 65535 ? await bind(port + 1) : null;
    if (!r) {
      s.close();
      continue;
    }
    s.on('message', onPacket);
    r.on('message', () => undefined);
    sockets.push(s);
    rtcp.push(r);
  }
  return sockets.map((s) => s.address().port);
}

/** Drops counted by the kernel for our sockets (the last column of /proc/net/udp). */
function kernelDrops(): number {
  const ours = new Set([...sockets, ...rtcp].map((s) => `0100007F:${s.address().port.toString(16).toUpperCase().padStart(4, '0')}`));
  let drops = 0;
  try {
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[1] && ours.has(f[1])) drops += Number(f[f.length - 1]);
    }
  } catch {
    return NaN;
  }
  return drops;
}

const loop = monitorEventLoopDelay({ resolution: 5 });
let expected = 0;
let windowStart = 0;
let cpuAtStart = process.cpuUsage();
let dropsAtStart = 0;
let statusPackets = 0;
let statusAt = performance.now();

function report(): ReceiverReport {
  const windowMs = performance.now() - windowStart;
  const cpu = process.cpuUsage(cpuAtStart);
  let active = 0;
  let packets = 0;
  let lost = 0;
  let withGap = 0;
  let maxGap = 0;
  const js: number[] = [];
  const n = streams.size;
  let aActive = 0;
  let aLost = 0;
  const now = performance.now();
  let deadStreams = 0;
  let maxDead = 0;
  for (let s = 0; s < n; s++) {
    if (winCount[s] === 0) continue;
    if (anchor[s]) {
      aActive++;
      aLost += Math.max(0, winMaxExt[s]! - winFirstExt[s]! + 1 - winCount[s]!);
      continue;
    }
    active++;
    packets += winCount[s]!;
    lost += Math.max(0, winMaxExt[s]! - winFirstExt[s]! + 1 - winCount[s]!);
    if (winMaxGap[s]! >= GAP_MS) withGap++;
    const dead = Math.max(winMaxDead[s]!, now - (winLastSound[s] || windowStart) - 20);
    if (dead >= DEAD_AIR_MS) deadStreams++;
    if (dead > maxDead) maxDead = dead;
    if (winMaxGap[s]! > maxGap) maxGap = winMaxGap[s]!;
    js.push(jitterJ[s]!);
  }
  let onMusic = 0;
  let announcedFirst = 0;
  const lead: number[] = [];
  for (let s = 0; s < n; s++) {
    if (anchor[s]) continue;
    if (heardSound[s] === 1) lead.push(leadSilence[s]! * 20);
    if (musicAt[s] !== 1) continue;
    onMusic++;
    if (packetsBeforeMusic[s]! >= 50) announcedFirst++;
  }
  return {
    type: 'receiver-report',
    windowMs,
    activeStreams: active,
    silentCalls: Math.max(0, expected - active),
    packets,
    lost,
    reordered,
    dP50: dHist.quantile(0.5),
    dP99: dHist.quantile(0.99),
    dP999: dHist.quantile(0.999),
    dMax: dHist.maxMs,
    jP50: quantile(js, 0.5),
    jP99: quantile(js, 0.99),
    jMax: js.length ? Math.max(...js) : NaN,
    streamsWithGap: withGap,
    deadAirStreams: deadStreams,
    deadAirMaxMs: maxDead,
    maxGapMs: maxGap,
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / windowMs) * 100,
    kernelDrops: kernelDrops() - dropsAtStart,
    streamsSeen: n - anchorStreams,
    anchor: { streams: aActive, lost: aLost, dP50: aHist.quantile(0.5), dP99: aHist.quantile(0.99), dMax: aHist.maxMs },
    onMusic,
    announcedFirst,
    leadSilenceP50Ms: quantile(lead, 0.5),
    leadSilenceMaxMs: lead.length ? Math.max(...lead) : NaN,
  };
}

process.on('message', (m: ToReceiver) => {
  if (m.type === 'start') {
    expected = m.expected;
    winFirstExt.fill(-1);
    winMaxExt.fill(0);
    winCount.fill(0);
    winMaxGap.fill(0);
    winLastSound.fill(0);
    winMaxDead.fill(0);
    dHist.reset();
    aHist.reset();
    reordered = 0;
    loop.reset();
    loop.enable();
    cpuAtStart = process.cpuUsage();
    dropsAtStart = kernelDrops();
    windowStart = performance.now();
    measuring = true;
  } else if (m.type === 'stop') {
    measuring = false;
    loop.disable();
    send(report());
  } else if (m.type === 'status') {
    let onMusic = 0;
    for (let s = 0; s < streams.size; s++) if (musicAt[s] === 1 && !anchor[s]) onMusic++;
    const now = performance.now();
    const pps = ((totalPackets - statusPackets) / (now - statusAt)) * 1000;
    statusPackets = totalPackets;
    statusAt = now;
    send({ type: 'receiver-status', streams: streams.size - anchorStreams, onMusic, packetsPerSecond: pps });
  } else if (m.type === 'exit') {
    for (const s of [...sockets, ...rtcp]) s.close();
    process.exit(0);
  }
});

// The driver died (or was killed): do not outlive it.
process.on('disconnect', () => process.exit(0));

/** The keys of the hold music's frames, leaving out near-silent ones (speech has silent frames too). */
async function musicFrames(): Promise<Set<number>> {
  const pcm = await loadAudio(config.holdMusic);
  const keys = new Set<number>();
  const out = new Uint8Array(FRAME_SAMPLES);
  for (let at = 0; at + FRAME_SAMPLES <= pcm.length; at += FRAME_SAMPLES) {
    encodeUlaw(pcm.subarray(at, at + FRAME_SAMPLES), out);
    if (new Set(out).size >= 8) keys.add(keyOf(out, 0));
  }
  return keys;
}

Promise.all([bindAll(), musicFrames()]).then(
  ([ports, keys]) => {
    musicKeys = keys;
    send({ type: 'ready', ports });
  },
  (err: Error) => send({ type: 'error', message: err.message }),
);
