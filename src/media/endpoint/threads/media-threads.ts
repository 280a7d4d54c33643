/**
 * Media legs spread over worker threads, one per core by default: each worker has its own sockets, its own
 * `PhasedMediaClock` and its own slice of the RTP port range, and carries both directions of its legs, so the
 * receive load of thousands of legs does not stall the sending of the others (TOOLING.md: one event loop that sends
 * and receives falls behind past about 1,000 legs). The main thread keeps the sources (players, prompts, TTS) and
 * one 20 ms clock that moves their frames into the legs' shared-memory rings (see `ThreadedRtpEndpoint`).
 *
 *     main thread: sources ──▶ FrameRing (SharedArrayBuffer) ──▶ worker k: RtpEndpoint ──UDP──▶ caller
 *                  events ◀──────────── postMessage ◀────────── dtmf, latched, timeouts, stats
 *
 * Bridges relay on the worker, so both legs must live on the same one: open the second leg `near` the first.
 */
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import { MediaClock } from '../../clock/media-clock.js';
import { systemPacer } from '../../clock/system-pacer.js';
import { g711Codec, type G711Codec } from '../../codecs/g711-codec.js';
import { BridgeError } from '../../bridge/bridge-error.js';
import { LatenessHistogram } from '../lateness-histogram.js';
import { MediaEndpointError } from '../media-endpoint-error.js';
import type { PortRange } from '../port-allocator.js';
import { createFrameRing } from './frame-ring.js';
import { MediaWorkerClient } from './media-worker-client.js';
import type { ThreadedLegOptions } from './media-worker-protocol.js';
import { ThreadedRtpEndpoint } from './threaded-rtp-endpoint.js';

export interface MediaThreadsOptions {
  /** Worker threads (default: the number of cores). */
  threads?: number;
  /** The RTP port range, split evenly between the workers. */
  ports: PortRange;
  /** Local address to bind (default 127.0.0.1). */
  host?: string;
  /** Phases of each worker's clock (default 10). */
  phases?: number;
  /** How often workers report leg statistics (default 1,000 ms). */
  statsIntervalMs?: number;
  /** Frames kept ready ahead of each worker (default 3: 60 ms). */
  prebufferFrames?: number;
  /** Record every audio packet's send lateness (see `sendLateness()`); off by default. */
  measureSendLateness?: boolean;
  /**
   * Legs each worker keeps open and idle, ready to hand out (default 0). Opening a leg is a round trip to the worker,
   * and on a busy main thread the answer waits behind everything else queued there (several ms at 70 % load); a spare
   * is taken at once, set up by messages that need no answer. At most an eighth of a worker's port pairs are kept.
   */
  spareLegs?: number;
}

export interface ThreadedBridge {
  readonly a: ThreadedRtpEndpoint;
  readonly b: ThreadedRtpEndpoint;
  unbridge(): Promise<void>;
}

/** Options a spare leg can take after it was opened (by setFormat, setRemote and setMediaTimeout). */
const SPARE_COMPATIBLE = new Set(['codec', 'payloadType', 'telephoneEventPayloadType', 'remote', 'mediaTimeoutMs', 'inbandDtmf', 'near']);

interface SparePool {
  ready: ThreadedRtpEndpoint[];
  opening: number;
  /** Legs to keep ready on this worker. */
  target: number;
  /** The last refill failed (ports exhausted, worker gone): no retry until a spare is taken again. */
  stalled: boolean;
}

export class MediaThreads {
  private readonly clients: MediaWorkerClient[];
  private readonly spares = new Map<MediaWorkerClient, SparePool>();
  private readonly playing = new Set<ThreadedRtpEndpoint>();
  private readonly clock = new MediaClock(systemPacer);
  private unsubscribe: (() => void) | null = null;
  private nextId = 1;
  private readonly prebuffer: number;

  private constructor(
    clients: MediaWorkerClient[],
    prebuffer: number,
    private readonly lateness: LatenessHistogram[],
    spareTarget: number,
  ) {
    this.clients = clients;
    this.prebuffer = prebuffer;
    for (const c of clients) {
      this.spares.set(c, { ready: [], opening: 0, target: spareTarget, stalled: false });
      this.refill(c);
    }
  }

  static async start(options: MediaThreadsOptions): Promise<MediaThreads> {
    const threads = Math.max(1, options.threads ?? availableParallelism());
    const host = options.host ?? '127.0.0.1';
    if (isIP(host) === 0) throw new MediaEndpointError('invalid-config', `bind address '${host}' is not an IP address`);
    const min = options.ports.min + (options.ports.min & 1);
    const span = Math.floor((options.ports.max - min + 1) / threads) & ~1;
    if (span < 2) throw new MediaEndpointError('invalid-config', `RTP port range ${options.ports.min}-${options.ports.max} is too small for ${threads} threads`);
    const script = new URL(import.meta.url.endsWith('.ts') ? './media-worker.ts' : './media-worker.js', import.meta.url);
    const buffers = options.measureSendLateness ? Array.from({ length: threads }, () => LatenessHistogram.sharedBuffer()) : [];
    const clients = Array.from(
      { length: threads },
      (_, t) =>
        new MediaWorkerClient(script, {
          host,
          portMin: min + t * span,
          portMax: min + (t + 1) * span - 1,
          phases: options.phases ?? 10,
          statsIntervalMs: options.statsIntervalMs ?? 1000,
          ...(buffers[t] ? { lateness: buffers[t] } : {}),
        }),
    );
    await Promise.all(clients.map((c) => c.ready));
    const spareTarget = Math.min(Math.max(0, Math.trunc(options.spareLegs ?? 0)), Math.floor(span / 2 / 8));
    return new MediaThreads(clients, Math.max(1, options.prebufferFrames ?? 3), buffers.map((b) => new LatenessHistogram({}, b)), spareTarget);
  }

  get threads(): number {
    return this.clients.length;
  }

  /** Idle legs ready to hand out, on all workers. */
  get spareLegs(): number {
    let n = 0;
    for (const pool of this.spares.values()) n += pool.ready.length;
    return n;
  }

  /**
   * Opens a leg on the least loaded worker, or on `near`'s worker (to bridge them later). A spare leg of that worker
   * is used when there is one and the options allow it (no in-band DTMF, latch, RTCP-mux or CNAME choice).
   */
  async open(options: ThreadedLegOptions & { near?: ThreadedRtpEndpoint }): Promise<ThreadedRtpEndpoint> {
    const codec = g711Codec(options.codec);
    if (!codec) throw new MediaEndpointError('invalid-config', `codec ${options.codec}`);
    const { near, ...legOptions } = options;
    const worker = near ? near.worker : this.clients.reduce((best, c) => (this.load(c) < this.load(best) ? c : best));
    const spare = this.takeSpare(worker, options);
    if (spare) {
      spare.setFormat(codec, options.payloadType ?? codec.payloadType, options.telephoneEventPayloadType ?? null);
      spare.setRemote(options.remote ?? null);
      spare.setMediaTimeout(options.mediaTimeoutMs ?? 30_000);
      return spare;
    }
    return this.openOn(worker, codec, legOptions);
  }

  private async openOn(worker: MediaWorkerClient, codec: G711Codec, options: ThreadedLegOptions): Promise<ThreadedRtpEndpoint> {
    const id = this.nextId++;
    const ring = createFrameRing(Math.max(8, this.prebuffer * 2));
    const remote = options.remote ? { address: options.remote.address, port: options.remote.port } : null;
    const leg = new ThreadedRtpEndpoint({
      id,
      worker,
      ring,
      codec,
      payloadType: options.payloadType ?? codec.payloadType,
      telephoneEventPayloadType: options.telephoneEventPayloadType ?? -1,
      remote,
      prebuffer: this.prebuffer,
      setPlaying: (l, on) => this.setPlaying(l, on),
    });
    const opened = await worker.open(id, leg, { op: 'open', id, options, ring });
    leg.port = opened.port;
    leg.localAddress = opened.address;
    leg.ssrc = opened.ssrc;
    return leg;
  }

  /** Legs a worker carries for calls (its spares not counted). */
  private load(worker: MediaWorkerClient): number {
    const pool = this.spares.get(worker);
    return worker.legs - (pool ? pool.ready.length + pool.opening : 0);
  }

  private takeSpare(worker: MediaWorkerClient, options: ThreadedLegOptions & { near?: unknown }): ThreadedRtpEndpoint | undefined {
    const pool = this.spares.get(worker);
    if (!pool || options.inbandDtmf) return undefined;
    if (Object.entries(options).some(([key, value]) => value !== undefined && !SPARE_COMPATIBLE.has(key))) return undefined;
    let leg = pool.ready.shift();
    while (leg?.closed) leg = pool.ready.shift(); // its worker closed it (shutdown)
    pool.stalled = false;
    this.refill(worker);
    return leg;
  }

  /** Opens spares in the background until the worker has its target ready. */
  private refill(worker: MediaWorkerClient): void {
    const pool = this.spares.get(worker);
    if (!pool || pool.stalled) return;
    while (pool.ready.length + pool.opening < pool.target) {
      pool.opening++;
      this.openOn(worker, g711Codec('PCMU')!, { codec: 'PCMU', remote: null, mediaTimeoutMs: 0 }).then(
        (leg) => {
          pool.opening--;
          pool.ready.push(leg);
        },
        () => {
          pool.opening--;
          pool.stalled = true;
        },
      );
    }
  }

  /** Joins two legs of the same worker (see `Bridge`); their sources stop. */
  async bridge(a: ThreadedRtpEndpoint, b: ThreadedRtpEndpoint, options: { removeDtmf?: boolean } = {}): Promise<ThreadedBridge> {
    if (a.worker !== b.worker) throw new BridgeError('different-threads', 'the legs live on different media workers: open the second one near the first');
    a.setSource(null);
    b.setSource(null);
    await a.worker.request((req) => ({ op: 'bridge', req, a: a.id, b: b.id, removeDtmf: options.removeDtmf ?? false }));
    return { a, b, unbridge: () => a.worker.request((req) => ({ op: 'unbridge', req, leg: a.id })) };
  }

  /** Send lateness of every worker merged (empty unless `measureSendLateness`). */
  sendLateness(): LatenessHistogram {
    const merged = new LatenessHistogram();
    for (const h of this.lateness) merged.merge(h);
    return merged;
  }

  resetSendLateness(): void {
    for (const h of this.lateness) h.reset();
  }

  /** Closes every leg and stops the workers. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all(this.clients.map((c) => c.terminate()));
  }

  private setPlaying(leg: ThreadedRtpEndpoint, on: boolean): void {
    if (on) this.playing.add(leg);
    else this.playing.delete(leg);
    if (this.playing.size > 0 && !this.unsubscribe) this.unsubscribe = this.clock.subscribe(this.pump);
    else if (this.playing.size === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }

  private readonly pump = (): void => {
    for (const leg of this.playing) leg.pump();
  };
}
