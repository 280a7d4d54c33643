/**
 * A leg whose sockets live on a media worker, seen from the main thread. It offers what `RtpEndpoint` offers the
 * telephony layer (a `FrameOutput`, the same events, digits, statistics, close), so the layer above does not care
 * which thread carries the packets.
 *
 * Sources stay on the main thread (players, TTS and prompts are main-thread objects): the media clock of
 * `MediaThreads` pulls frames from each playing leg's source and writes them into the leg's `FrameRing`, keeping
 * `prebuffer` frames (60 ms by default) ahead of the worker, which sends one per tick. So a source is read up to that
 * much before its audio leaves, a new source is heard within one tick (the ring is flushed), and `sourceEnded` comes
 * when the worker has sent the last frame. Statistics are a snapshot the worker refreshes every second. Decoded-audio
 * and packet hooks (`onFrame`, `onPacket`) are not offered across threads: digits, in-band ones included, are.
 */
import { FRAME_SAMPLES, type FrameSource } from '../../audio-frame.js';
import type { G711Codec } from '../../codecs/g711-codec.js';
import type { Rfc4733SendOptions } from '../../dtmf/rfc4733-sender.js';
import type { LegStats } from '../leg-stats.js';
import type { MediaLeg } from '../media-leg.js';
import { Listeners } from '../listeners.js';
import { MediaEndpointError } from '../media-endpoint-error.js';
import type { RtpEndpointEvents } from '../rtp-endpoint.js';
import { validatePayloadTypes, type RemoteMediaAddress } from '../rtp-endpoint-options.js';
import type { MediaAddress } from '../symmetric-rtp-latch.js';
import { FrameRingWriter } from './frame-ring.js';
import type { MediaWorkerClient, WorkerLegSink } from './media-worker-client.js';
import type { FromWorker } from './media-worker-protocol.js';

const NO_STATS: LegStats = Object.freeze({
  packetsSent: 0,
  packetsReceived: 0,
  lost: 0,
  jitterMs: 0,
  octetsSent: 0,
  malformed: 0,
  unexpectedPayloadType: 0,
  foreign: 0,
  rtcpSent: 0,
  rtcpReceived: 0,
  remote: null,
});

export interface ThreadedLegInit {
  id: number;
  worker: MediaWorkerClient;
  ring: SharedArrayBuffer;
  codec: G711Codec;
  payloadType: number;
  telephoneEventPayloadType: number;
  remote: MediaAddress | null;
  prebuffer: number;
  /** Tells the pool whether this leg needs pumping on the main thread's clock. */
  setPlaying(leg: ThreadedRtpEndpoint, playing: boolean): void;
}

export class ThreadedRtpEndpoint implements MediaLeg, WorkerLegSink {
  readonly events = new Listeners<RtpEndpointEvents>();
  readonly id: number;
  readonly worker: MediaWorkerClient;
  codec: G711Codec;
  payloadType: number;
  telephoneEventPayloadType: number;
  port = 0;
  localAddress = '';
  ssrc = 0;
  private readonly writer: FrameRingWriter;
  private readonly frame = new Int16Array(FRAME_SAMPLES);
  private current: FrameSource | null = null;
  /** The source that returned false, until the worker has sent its last frame. */
  private ended: FrameSource | null = null;
  private gen = 0;
  private snapshot: LegStats = NO_STATS;
  private remoteAddress: MediaAddress | null;
  private isLatched = false;
  private closing: Promise<void> | null = null;
  private workerClosed = false;

  constructor(private readonly init: ThreadedLegInit) {
    this.id = init.id;
    this.worker = init.worker;
    this.codec = init.codec;
    this.payloadType = init.payloadType;
    this.telephoneEventPayloadType = init.telephoneEventPayloadType;
    this.remoteAddress = init.remote;
    this.writer = new FrameRingWriter(init.ring);
  }

  get source(): FrameSource | null {
    return this.current;
  }

  get remote(): MediaAddress | null {
    return this.remoteAddress;
  }

  get latched(): boolean {
    return this.isLatched;
  }

  get closed(): boolean {
    return this.closing !== null || this.workerClosed;
  }

  /** The worker's last report (refreshed every `statsIntervalMs`). */
  get stats(): LegStats {
    return this.snapshot;
  }

  setSource(source: FrameSource | null): void {
    if (this.closed) {
      if (source === null) return;
      throw new MediaEndpointError('closed', 'cannot play on a closed leg');
    }
    if (source !== null && source === this.current) {
      // The same source set again starts over (a Player sets itself on every play()): what the ring holds is stale.
      this.startSoon(source, this.gen, false);
      return;
    }
    if (source === this.current) return;
    this.current = source;
    this.ended = null;
    const gen = ++this.gen;
    if (source) {
      this.init.setPlaying(this, true);
      this.startSoon(source, gen, true);
    } else {
      this.writer.flush();
      this.worker.post({ op: 'silence', id: this.id, gen });
      this.init.setPlaying(this, false);
    }
  }

  /**
   * Flushes and fills the ring once the caller's code has finished, not inside setSource: a Player makes itself the
   * source and only then starts its item, so reading it at once would find nothing and end it. Only then is the worker
   * told to play (`tellWorker`), so that it never finds the ring empty and sends silence first; until the microtask,
   * microseconds later, the worker goes on with what it had. A later setSource in the same turn wins (`gen`).
   */
  private startSoon(source: FrameSource, gen: number, tellWorker: boolean): void {
    queueMicrotask(() => {
      if (this.current !== source || this.gen !== gen) return;
      this.writer.flush();
      this.pump();
      if (tellWorker) this.worker.post({ op: 'play', id: this.id, gen });
    });
  }

  /** Tops the ring up to `prebuffer` frames from the source (the pool calls it every tick while the leg plays). */
  pump(): void {
    const source = this.current;
    while (source !== null && this.writer.buffered < this.init.prebuffer) {
      if (!source.read(this.frame)) {
        this.writer.end();
        this.ended = source;
        this.current = null;
        this.init.setPlaying(this, false);
        return;
      }
      this.writer.write(this.frame);
    }
  }

  sendDigits(digits: string, options?: Rfc4733SendOptions): Promise<void> {
    if (this.closed) return Promise.reject(new MediaEndpointError('closed', 'the leg is closed'));
    return this.worker.request((req) => ({ op: 'digits', id: this.id, req, digits, ...(options ? { options } : {}) }));
  }

  setRemote(remote: RemoteMediaAddress | null): void {
    this.remoteAddress = remote ? { address: remote.address, port: remote.port } : null;
    this.isLatched = false;
    this.worker.post({ op: 'remote', id: this.id, remote });
  }

  setFormat(codec: G711Codec, payloadType: number = codec.payloadType, telephoneEventPayloadType: number | null = null): void {
    // Checked here, where the caller can see the error, before it crosses to the worker.
    validatePayloadTypes(payloadType, telephoneEventPayloadType);
    this.codec = codec;
    this.payloadType = payloadType;
    this.telephoneEventPayloadType = telephoneEventPayloadType ?? -1;
    this.worker.post({ op: 'format', id: this.id, codec: codec.name, payloadType, telephoneEventPayloadType });
  }

  setMediaTimeout(ms: number): void {
    this.worker.post({ op: 'timeout', id: this.id, ms });
  }

  close(reason?: string): Promise<void> {
    if (this.closing) return this.closing;
    this.current = null;
    this.init.setPlaying(this, false);
    this.closing = this.workerClosed
      ? Promise.resolve()
      : this.worker.request((req) => ({ op: 'close', id: this.id, req, ...(reason === undefined ? {} : { reason }) })).catch(() => {});
    return this.closing;
  }

  onStats(stats: LegStats): void {
    this.snapshot = stats;
  }

  onWorkerEvent(m: FromWorker): void {
    switch (m.ev) {
      case 'dtmf':
        return this.events.emit('dtmf', m.event);
      case 'latched':
        this.remoteAddress = m.source;
        this.isLatched = true;
        return this.events.emit('latched', m.source);
      case 'mediaTimeout':
        return this.events.emit('mediaTimeout', m.silentMs);
      case 'mediaRestored':
        return this.events.emit('mediaRestored');
      case 'warning':
        return this.events.emit('warning', new Error(m.message));
      case 'sourceEnded':
        // Only the end of the source the main thread still thinks is current (not of one replaced meanwhile).
        if (m.gen === this.gen && this.current === null && this.ended !== null) {
          const ended = this.ended;
          this.ended = null;
          this.events.emit('sourceEnded', ended);
        }
        return;
      case 'closed':
        if (this.workerClosed) return;
        this.workerClosed = true;
        this.current = null;
        this.init.setPlaying(this, false);
        this.worker.forget(this.id);
        return this.events.emit('closed');
    }
  }
}
