/**
 * A media worker thread: it owns sockets, a `PhasedMediaClock` and the `RtpEndpoint`s the main thread opened on it,
 * so sending and receiving for its share of the legs run on its own event loop (TOOLING.md: one loop carrying both
 * directions for thousands of legs falls behind; one loop per core does not). It plays each leg's `FrameRing` (the
 * main thread's sources write into it), relays bridged legs locally, and reports events and, every
 * `statsIntervalMs`, the statistics of all its legs in one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemRng } from '../../../lib/rng.js';
import { Bridge } from '../../bridge/bridge.js';
import { systemPacer } from '../../clock/system-pacer.js';
import { g711Codec } from '../../codecs/g711-codec.js';
import { LatenessHistogram } from '../lateness-histogram.js';
import { PhasedMediaClock } from '../phased-media-clock.js';
import { PortAllocator } from '../port-allocator.js';
import { RtpEndpoint } from '../rtp-endpoint.js';
import { FrameRingReader } from './frame-ring.js';
import type { FromWorker, MediaWorkerInit, ThreadedLegOptions, ToWorker } from './media-worker-protocol.js';
import { toWire } from './wire-error.js';

const init = workerData as MediaWorkerInit;
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);
const clock = new PhasedMediaClock(systemPacer, { phases: init.phases });
const ports = new PortAllocator({ min: init.portMin, max: init.portMax });
const lateness = init.lateness ? new LatenessHistogram({}, init.lateness) : null;

interface HostedLeg {
  leg: RtpEndpoint;
  reader: FrameRingReader;
  gen: number;
}
const legs = new Map<number, HostedLeg>();

async function open(id: number, options: ThreadedLegOptions, ring: SharedArrayBuffer): Promise<void> {
  const codec = g711Codec(options.codec);
  if (!codec) throw new RangeError(`codec ${options.codec}`);
  const leg = await RtpEndpoint.open({ ...options, codec, clock, ports, host: init.host, rng: systemRng, ...(lateness ? { onSendLateness: lateness.record } : {}) });
  const hosted: HostedLeg = { leg, reader: new FrameRingReader(ring, () => leg.startTalkSpurt()), gen: 0 };
  legs.set(id, hosted);
  leg.events.on('dtmf', (event) => post({ ev: 'dtmf', id, event }));
  leg.events.on('latched', (source) => post({ ev: 'latched', id, source }));
  leg.events.on('mediaTimeout', (silentMs) => post({ ev: 'mediaTimeout', id, silentMs }));
  leg.events.on('mediaRestored', () => post({ ev: 'mediaRestored', id }));
  leg.events.on('sourceEnded', () => post({ ev: 'sourceEnded', id, gen: hosted.gen }));
  leg.events.on('warning', (err) => post({ ev: 'warning', id, message: err.message }));
  post({ ev: 'opened', id, port: leg.port, address: leg.localAddress, ssrc: leg.ssrc });
}

/** Runs a command that answers `done` (with the error, typed, if it failed). */
function answer(req: number, work: () => unknown): void {
  Promise.resolve()
    .then(work)
    .then(
      () => post({ ev: 'done', req }),
      (err: unknown) => post({ ev: 'done', req, error: toWire(err) }),
    );
}

function hosted(id: number): HostedLeg {
  const h = legs.get(id);
  if (!h) throw new RangeError(`no leg ${id} on this media worker`);
  return h;
}

function handle(m: ToWorker): void {
  switch (m.op) {
    case 'open':
      open(m.id, m.options, m.ring).catch((err: unknown) => post({ ev: 'openFailed', id: m.id, error: toWire(err) }));
      return;
    case 'play': {
      const h = legs.get(m.id);
      if (!h || h.leg.closed) return;
      h.gen = m.gen;
      h.leg.setSource(h.reader); // a no-op when it already plays the ring (the reader marks the new talk spurt)
      return;
    }
    case 'silence': {
      const h = legs.get(m.id);
      if (!h || h.leg.closed) return;
      h.gen = m.gen;
      h.leg.setSource(null);
      return;
    }
    case 'remote':
      legs.get(m.id)?.leg.setRemote(m.remote);
      return;
    case 'timeout':
      legs.get(m.id)?.leg.setMediaTimeout(m.ms);
      return;
    case 'format': {
      const codec = g711Codec(m.codec);
      if (codec) legs.get(m.id)?.leg.setFormat(codec, m.payloadType, m.telephoneEventPayloadType);
      return;
    }
    case 'digits':
      answer(m.req, () => hosted(m.id).leg.sendDigits(m.digits, m.options));
      return;
    case 'bridge':
      answer(m.req, () => Bridge.join(hosted(m.a).leg, hosted(m.b).leg, { removeDtmf: m.removeDtmf }));
      return;
    case 'unbridge':
      answer(m.req, () => Bridge.of(hosted(m.leg).leg)?.unbridge());
      return;
    case 'close':
      answer(m.req, async () => {
        const h = legs.get(m.id);
        if (!h) return;
        legs.delete(m.id);
        await h.leg.close(m.reason);
        post({ ev: 'closed', id: m.id });
      });
      return;
    case 'shutdown':
      void Promise.all([...legs.values()].map((h) => h.leg.close('shutdown'))).then(() => process.exit(0));
      return;
  }
}

port.on('message', handle);
setInterval(() => {
  if (legs.size === 0) return;
  const ids: number[] = [];
  const stats = [];
  for (const [id, h] of legs) {
    ids.push(id);
    stats.push(h.leg.stats);
  }
  post({ ev: 'stats', ids, stats });
}, init.statsIntervalMs).unref();
post({ ev: 'ready' });
