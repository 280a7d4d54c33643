/**
 * The measured side of bench:media-streams with `threads` > 1: the legs on `MediaThreads` (src/media/endpoint/
 * threads), each worker with its own PhasedMediaClock and sockets, the hold-music sources on the main thread feeding
 * the workers through shared-memory rings, exactly as the server would run them.
 *
 *   argv[2] = JSON TrialConfig, argv[3] = JSON array of far-end ports; IPC with run.ts like legs-process.ts.
 */
import { MediaThreads } from '../../src/media/endpoint/threads/media-threads.js';
import type { ThreadedRtpEndpoint } from '../../src/media/endpoint/threads/threaded-rtp-endpoint.js';
import { HoldMusicSource } from './hold-music.js';
import type { FromChild, LegsReport, ToChild, TrialConfig } from './protocol.js';

const config = JSON.parse(process.argv[2]!) as TrialConfig;
const farPorts = JSON.parse(process.argv[3]!) as number[];
const send = (m: FromChild): void => void process.send!(m);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

let threads: MediaThreads;
const legs: ThreadedRtpEndpoint[] = [];
let rssBefore = 0;

async function open(): Promise<void> {
  gc();
  rssBefore = process.memoryUsage().rss;
  threads = await MediaThreads.start({ threads: config.threads, ports: { min: 10000, max: 29999 }, measureSendLateness: true, statsIntervalMs: 250 });
  // Open in batches: each open is a round trip to a worker, and the workers are busy sending for the legs before.
  for (let first = 0; first < config.legs; first += 100) {
    const batch = farPorts.slice(first, Math.min(config.legs, first + 100));
    const opened = await Promise.all(batch.map((port) => threads.open({ codec: 'PCMU', telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port }, mediaTimeoutMs: 0 })));
    opened.forEach((leg, k) => leg.setSource(new HoldMusicSource(undefined, (first + k) * 37)));
    legs.push(...opened);
  }
}

const totals = (): { sent: number; received: number; lost: number } => {
  let sent = 0;
  let received = 0;
  let lost = 0;
  for (const leg of legs) {
    const s = leg.stats;
    sent += s.packetsSent;
    received += s.packetsReceived;
    lost += s.lost;
  }
  return { sent, received, lost };
};

let atStart = { sent: 0, received: 0, lost: 0 };
let cpuAtStart = process.cpuUsage();
let wallAtStart = 0;
process.on('message', (m: ToChild) => {
  if (m.type === 'start') {
    threads.resetSendLateness();
    atStart = totals();
    cpuAtStart = process.cpuUsage();
    wallAtStart = performance.now();
  } else if (m.type === 'stop') {
    const cpu = process.cpuUsage(cpuAtStart);
    const wall = performance.now() - wallAtStart;
    const lateness = threads.sendLateness();
    // The workers' counters (received, lost) are snapshots refreshed every 250 ms: let the last ones arrive.
    setTimeout(() => {
      const t = totals();
      gc();
      const rss = process.memoryUsage().rss;
      const report: LegsReport = {
        type: 'legs-report',
        cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
        rssPerLegKiB: (rss - rssBefore) / 1024 / config.legs,
        rssMiB: rss / 2 ** 20,
        lateness: { bins: Array.from(lateness.bins), maxMs: lateness.maxMs },
        packetsSent: lateness.count, // exact for the window; the snapshots lag by up to 250 ms

        packetsReceived: t.received - atStart.received,
        lostAtLegs: t.lost,
        stalls: 0,
      };
      send(report);
    }, 300);
  } else if (m.type === 'exit') {
    void threads.stop().then(() => process.exit(0));
  }
});

open().then(
  () => send({ type: 'ready' }),
  (err: Error) => send({ type: 'error', message: err.message }),
);
