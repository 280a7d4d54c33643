/**
 * The measured side of bench:media-streams: N `RtpEndpoint`s, each playing looping hold music to its far end, on
 * one event loop (`threads` = 1) with a `PhasedMediaClock` or a plain `MediaClock`; or, for the anchor, plain
 * dgram sockets on the same phased schedule (anchor-legs.ts).
 *
 *   argv[2] = JSON TrialConfig, argv[3] = JSON array of far-end ports; talks to run.ts over the fork IPC channel.
 */
import { systemRng } from '../../src/lib/rng.js';
import { MediaClock } from '../../src/media/clock/media-clock.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PCMU } from '../../src/media/codecs/g711-codec.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import { RtpEndpoint } from '../../src/media/endpoint/rtp-endpoint.js';
import { openAnchorLegs } from './anchor-legs.js';
import { HoldMusicSource } from './hold-music.js';
import { LatenessHistogram } from '../../src/media/endpoint/lateness-histogram.js';
import type { FromChild, LegsReport, ToChild, TrialConfig } from './protocol.js';

const config = JSON.parse(process.argv[2]!) as TrialConfig;
const farPorts = JSON.parse(process.argv[3]!) as number[];
const send = (m: FromChild): void => void process.send!(m);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const lateness = new LatenessHistogram();
const clock = config.clock === 'phased' ? new PhasedMediaClock(systemPacer) : new MediaClock(systemPacer);
const ports = new PortAllocator({ min: 10000, max: 29999 });
const legs: RtpEndpoint[] = [];

let anchor: { sent(): number; close(): void } | null = null;

async function openLegs(): Promise<number> {
  gc();
  const rssBefore = process.memoryUsage().rss;
  if (config.anchor) {
    anchor = await openAnchorLegs(farPorts, clock as PhasedMediaClock, lateness.record);
    return rssBefore;
  }
  for (let i = 0; i < config.legs; i++) {
    const leg = await RtpEndpoint.open({
      clock,
      ports,
      codec: PCMU,
      telephoneEventPayloadType: 101,
      remote: { address: '127.0.0.1', port: farPorts[i]! },
      rng: systemRng,
      mediaTimeoutMs: 0,
      onSendLateness: lateness.record,
    });
    leg.setSource(new HoldMusicSource(undefined, i * 37));
    legs.push(leg);
  }
  return rssBefore;
}

let rssBefore = 0;
let cpuAtStart = process.cpuUsage();
let wallAtStart = 0;
let sentAtStart = 0;
let receivedAtStart = 0;
let stallsAtStart = 0;
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
  return { sent: sent + (anchor?.sent() ?? 0), received, lost };
};

process.on('message', (m: ToChild) => {
  if (m.type === 'start') {
    lateness.reset();
    const t = totals();
    sentAtStart = t.sent;
    receivedAtStart = t.received;
    stallsAtStart = clock.stalls;
    cpuAtStart = process.cpuUsage();
    wallAtStart = performance.now();
  } else if (m.type === 'stop') {
    const cpu = process.cpuUsage(cpuAtStart);
    const wall = performance.now() - wallAtStart;
    const t = totals();
    gc();
    const rss = process.memoryUsage().rss;
    const report: LegsReport = {
      type: 'legs-report',
      cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
      rssPerLegKiB: (rss - rssBefore) / 1024 / config.legs,
      rssMiB: rss / 2 ** 20,
      lateness: { bins: Array.from(lateness.bins), maxMs: lateness.maxMs },
      packetsSent: t.sent - sentAtStart,
      packetsReceived: t.received - receivedAtStart,
      lostAtLegs: t.lost,
      stalls: clock.stalls - stallsAtStart,
    };
    send(report);
  } else if (m.type === 'exit') {
    anchor?.close();
    void Promise.all(legs.map((l) => l.close())).then(() => process.exit(0));
  }
});

openLegs().then(
  (before) => {
    rssBefore = before;
    send({ type: 'ready' });
  },
  (err: Error) => send({ type: 'error', message: err.message }),
);
