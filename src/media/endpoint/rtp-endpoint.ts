/**
 * One call leg's media: an RTP socket (and RTCP on port + 1, or muxed), paced by the shared media clock.
 *
 * Sending (a `FrameOutput`): on every tick the leg pulls one 20 ms frame from its source, encodes it to G.711 in a
 * reused buffer, stamps it (RFC 3550 §5.1) and sends it. The RTP timestamp follows the tick index, not the source: a
 * tick without a packet (no source, a source that ended, an RFC 4733 event playing) still moves the clock
 * (`RtpSender.skip`), so prompts and pauses keep one continuous timeline, and the next packet after a gap or a source
 * change carries the marker bit (RFC 3551 §4.1). Digits go out as RFC 4733 events, paced on the same ticks.
 *
 * Receiving: see `LegReceiver` (parse, latch, statistics, RFC 4733 and in-band DTMF, decoded frames, packet hooks for
 * the bridge). Symmetric RTP (`SymmetricRtpLatch`), the media timeout, and RTCP reports every few seconds
 * (`RtcpReporter`) are checked on the tick: no timer per leg.
 *
 * Events: `dtmf` {digit, method}, `latched` (where the peer really is), `mediaTimeout` (no RTP for `mediaTimeoutMs`),
 * `mediaRestored`, `sourceEnded` (the source returned false; the leg goes silent), `warning` (socket errors), `closed`.
 */
import { performance } from 'node:perf_hooks';
import type { Rfc4733SendOptions, Rfc4733SendPacket } from '../dtmf/rfc4733-sender.js';
import type { DtmfEvent } from '../dtmf/dtmf-event.js';
import { FRAME_MS, FRAME_SAMPLES, type FrameSource } from '../audio-frame.js';
import type { MediaTick } from '../clock/media-clock.js';
import type { G711Codec } from '../codecs/g711-codec.js';
import { isRtcpPacket } from '../rtp/rtp-demux.js';
import type { RtcpSenderInfo } from '../rtp/rtcp-sender-report.js';
import { RtpPacket } from '../rtp/rtp-packet.js';
import { RtpSender } from '../rtp/rtp-sender.js';
import { TelephoneEvent } from '../dtmf/telephone-event.js';
import { LegReceiver, type FrameHook, type PacketHook } from './leg-receiver.js';
import type { LegStats } from './leg-stats.js';
import type { MediaLeg } from './media-leg.js';
import { Listeners } from './listeners.js';
import { MediaEndpointError } from './media-endpoint-error.js';
import { closeMediaPorts, type MediaPorts, openMediaPorts } from './media-ports.js';
import { Rfc4733Playout } from './rfc4733-playout.js';
import { RtcpReporter } from './rtcp-reporter.js';
import { type RemoteMediaAddress, type RtpEndpointOptions, validateEndpointOptions, validatePayloadTypes } from './rtp-endpoint-options.js';
import { SendRing } from './send-ring.js';
import type { PortAllocator } from './port-allocator.js';
import { type MediaAddress, SymmetricRtpLatch } from './symmetric-rtp-latch.js';
import { bindUdpMediaSocket } from './udp-media-socket.js';

export type RtpEndpointEvents = {
  dtmf: [event: DtmfEvent];
  latched: [source: MediaAddress];
  mediaTimeout: [silentMs: number];
  mediaRestored: [];
  sourceEnded: [source: FrameSource];
  warning: [error: Error];
  closed: [];
};

/**
 * Scratch shared by every leg of the thread: a tick or a relay fills the frame and the packet header and sends before
 * any other leg runs, so one of each is enough, and it stays in the CPU cache across thousands of legs (per-leg copies
 * were measured as cache misses on every packet). The packet bytes themselves go to the leg's own `SendRing`.
 */
const SCRATCH_PCM = new Int16Array(FRAME_SAMPLES);
const SCRATCH_PACKET = new RtpPacket();

function usable(remote: RemoteMediaAddress | null | undefined): { rtp: MediaAddress; rtcp?: MediaAddress } | null {
  // RFC 3264 §8.4: c=0.0.0.0 is the old way to say "hold"; nothing can be sent there.
  if (!remote || remote.address === '0.0.0.0' || remote.address === '::') return null;
  return { rtp: { address: remote.address, port: remote.port }, ...(remote.rtcp ? { rtcp: remote.rtcp } : {}) };
}

export class RtpEndpoint implements MediaLeg {
  readonly events = new Listeners<RtpEndpointEvents>();
  codec: G711Codec;
  payloadType: number;
  /** -1 when RFC 4733 was not negotiated. */
  telephoneEventPayloadType: number;
  private readonly sender: RtpSender;
  private readonly receiver: LegReceiver;
  private readonly latch: SymmetricRtpLatch;
  private readonly rtcp: RtcpReporter;
  private readonly dtmfOut = new Rfc4733Playout();
  private readonly ring = new SendRing();
  private readonly eventPayload = new Uint8Array(4);
  private readonly telephoneEvent = new TelephoneEvent();
  private readonly now: () => number;
  private readonly wallClock: () => number;
  private readonly rtcpMux: boolean;
  private readonly allocator: PortAllocator;
  private readonly onSendLateness: ((lateMs: number) => void) | null;
  private current: FrameSource | null = null;
  private unsubscribe: (() => void) | null;
  private lastTick = -1;
  private mediaTimeoutMs: number;
  private silenceFromMs: number;
  private timedOut = false;
  /** Mirrors of the receiver's last packet time and the reporter's next due time, read on every tick. */
  private lastRtpMs = -Infinity;
  private rtcpDueMs = Infinity;
  private sent = 0;
  private octets = 0;
  private closing: Promise<void> | null = null;

  private constructor(
    options: RtpEndpointOptions,
    private readonly ports: MediaPorts,
  ) {
    this.codec = options.codec;
    this.allocator = options.ports;
    this.payloadType = options.payloadType ?? options.codec.payloadType;
    this.telephoneEventPayloadType = options.telephoneEventPayloadType ?? -1;
    this.now = options.now ?? (() => performance.now());
    this.wallClock = options.wallClock ?? Date.now;
    this.rtcpMux = options.rtcpMux ?? false;
    this.onSendLateness = options.onSendLateness ?? null;
    this.mediaTimeoutMs = options.mediaTimeoutMs ?? 30_000;
    this.sender = new RtpSender({ rng: options.rng, payloadType: this.payloadType, clockRate: this.codec.clockRate });
    this.latch = new SymmetricRtpLatch(usable(options.remote), options.latch);
    this.receiver = new LegReceiver({
      codec: this.codec,
      payloadType: this.payloadType,
      telephoneEventPayloadType: this.telephoneEventPayloadType,
      latch: this.latch,
      inband: options.inbandDtmf ?? false,
      onDtmf: (event) => this.events.emit('dtmf', event),
      onLatched: () => this.events.emit('latched', this.latch.target!),
    });
    this.rtcp = new RtcpReporter({ rng: options.rng, cname: options.cname ?? `${options.rng.uuid()}@holdless`, clockRate: this.codec.clockRate });
    const start = this.now();
    this.silenceFromMs = start;
    this.rtcp.start(start);
    this.rtcpDueMs = this.rtcp.nextDue;
    const warn = (err: Error): void => this.events.emit('warning', err);
    ports.rtp.onWarning(warn);
    ports.rtp.onDatagram(this.onRtpDatagram);
    ports.rtcp?.onWarning(warn);
    ports.rtcp?.onDatagram(this.onRtcpDatagram);
    this.unsubscribe = options.clock.subscribe(this.onTick);
  }

  /** Binds a port pair from `options.ports` and starts the leg on the clock. */
  static async open(options: RtpEndpointOptions): Promise<RtpEndpoint> {
    validateEndpointOptions(options);
    const ports = await openMediaPorts(options.ports, options.host ?? '127.0.0.1', options.rtcpMux ?? false, options.socketFactory ?? bindUdpMediaSocket);
    return new RtpEndpoint(options, ports);
  }

  /** The local RTP port (what our SDP announces); RTCP is on port + 1 unless muxed. */
  get port(): number {
    return this.ports.port;
  }

  get localAddress(): string {
    return this.ports.rtp.address;
  }

  /** Where RTP goes now: the SDP's address, or the latched source. */
  get remote(): MediaAddress | null {
    return this.latch.target;
  }

  get latched(): boolean {
    return this.latch.latched;
  }

  get ssrc(): number {
    return this.sender.ssrc;
  }

  /** The RTP timestamp the next packet carries (the media clock now). */
  get mediaTimestamp(): number {
    return this.sender.timestamp;
  }

  get source(): FrameSource | null {
    return this.current;
  }

  get closed(): boolean {
    return this.closing !== null;
  }

  /** True while the in-band detector hears a DTMF tone in the received audio. */
  get inbandToneActive(): boolean {
    return this.receiver.inbandTone;
  }

  /** What the far end hears from the next tick on; null: silence (no packets; the timestamp keeps advancing). */
  setSource(source: FrameSource | null): void {
    if (this.closing) {
      if (source === null) return;
      throw new MediaEndpointError('closed', 'cannot play on a closed leg');
    }
    if (source === this.current) return;
    this.current = source;
    this.sender.startTalkSpurt(); // a new source is a new talk spurt, even without a gap
  }

  /** Marks the next packet as the start of a talk spurt (RFC 3551 §4.1): the source's content changed in place. */
  startTalkSpurt(): void {
    this.sender.startTalkSpurt();
  }

  /** Decoded audio from the peer (a recorder, a detector, a mixer). Returns the unsubscribe function. */
  onFrame(hook: FrameHook): () => void {
    return this.receiver.frames.add(hook);
  }

  /** Every accepted RTP packet as received (the bridge). Returns the unsubscribe function. */
  onPacket(hook: PacketHook): () => void {
    return this.receiver.packets.add(hook);
  }

  /** Sends `digits` as RFC 4733 events on the media clock, muting audio meanwhile (§2.5.1). */
  sendDigits(digits: string, options?: Rfc4733SendOptions): Promise<void> {
    if (this.closing) return Promise.reject(new MediaEndpointError('closed', 'the leg is closed'));
    if (this.telephoneEventPayloadType < 0) {
      return Promise.reject(new MediaEndpointError('no-telephone-event', 'the peer did not negotiate telephone-event (RFC 4733)'));
    }
    try {
      return this.dtmfOut.enqueue(digits, options);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** The peer's media moved (a re-INVITE): send there, and learn its real source again. */
  /**
   * Changes the codec and payload types, for a leg opened before the peer's answer chose among the codecs we offered
   * (RFC 3264 §6.1: the answerer picks; we open the leg first because the offer must carry its port). Both G.711
   * laws run at 8 kHz, so the RTP timeline continues. Not for a leg in a bridge (its relay tables were chosen at join).
   */
  setFormat(codec: G711Codec, payloadType: number = codec.payloadType, telephoneEventPayloadType: number | null = null): void {
    validatePayloadTypes(payloadType, telephoneEventPayloadType);
    this.codec = codec;
    this.payloadType = payloadType;
    this.telephoneEventPayloadType = telephoneEventPayloadType ?? -1;
    this.sender.payloadType = payloadType;
    this.receiver.setFormat(codec, payloadType, this.telephoneEventPayloadType);
  }

  setRemote(remote: RemoteMediaAddress | null): void {
    this.latch.relearn(usable(remote));
  }

  /** Changes the media timeout (0 disables it, e.g. while the call is on hold and the peer sends nothing). */
  setMediaTimeout(ms: number): void {
    this.mediaTimeoutMs = ms;
    this.silenceFromMs = Math.max(this.silenceFromMs, this.now());
    this.timedOut = false;
  }

  get stats(): LegStats {
    const r = this.receiver;
    return {
      packetsSent: this.sent,
      packetsReceived: r.received,
      lost: r.lost,
      jitterMs: r.sourceStats.jitterMs,
      octetsSent: this.octets,
      malformed: r.malformed + this.rtcp.malformed,
      unexpectedPayloadType: r.unexpectedPayloadType,
      foreign: this.latch.foreign,
      rtcpSent: this.rtcp.sent,
      rtcpReceived: this.rtcp.received,
      remote: this.rtcp.remote,
    };
  }

  /**
   * Sends a packet relayed from another leg right away (the bridge): `payload` with our SSRC and sequence number,
   * the given timestamp and marker, each byte mapped through `table` (PCMU↔PCMA) when given. Our own source and our
   * own digits take precedence: while either plays, relayed packets are dropped. Returns whether it was sent.
   */
  relay(payload: Uint8Array, payloadType: number, timestamp: number, marker: boolean, table: Uint8Array | null): boolean {
    const target = this.latch.target;
    if (this.closing || this.current !== null || this.dtmfOut.active || target === null) return false;
    const p = SCRATCH_PACKET;
    p.payload = payload;
    this.sender.stampAt(p, timestamp, marker, payloadType);
    const buf = this.ring.next(12 + payload.length);
    const length = p.marshalTo(buf, 0);
    if (table !== null) for (let i = 12; i < length; i++) buf[i] = table[buf[i]!]!;
    this.transmit(length, target, payload.length);
    return true;
  }

  /** Stops the leg: RTCP BYE (RFC 3550 §6.6), sockets closed, port back to the allocator. Idempotent. */
  close(reason = 'call ended'): Promise<void> {
    if (this.closing) return this.closing;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.current = null;
    this.dtmfOut.cancel(new MediaEndpointError('closed', 'the leg closed before the digits were sent'));
    try {
      this.sendRtcp(this.now(), reason);
    } catch {
      // Best effort: the BYE is a courtesy.
    }
    this.closing = closeMediaPorts(this.allocator, this.ports);
    this.events.emit('closed');
    return this.closing;
  }

  private readonly onTick = (tick: MediaTick): void => {
    const sender = this.sender;
    if (this.lastTick >= 0) {
      const gap = tick.index - this.lastTick - 1;
      if (gap < 0) return; // a tick delivered twice: nothing to do
      if (gap > 0) sender.skip(gap * FRAME_SAMPLES); // the clock skipped ticks after a stall: keep ts = f(index)
    }
    this.lastTick = tick.index;
    if (this.telephoneEventPayloadType >= 0 && this.dtmfOut.tick(tick.index, sender.timestamp, this.sendEvent)) {
      sender.skip(FRAME_SAMPLES);
    } else if (this.current !== null) {
      this.sendFrame(this.current, tick);
    } else {
      sender.skip(FRAME_SAMPLES);
    }
    const now = tick.ideal + tick.lateMs;
    // The SR pairs its send time with the media clock at that instant (§6.4.1): the next packet's timestamp is due
    // one period after this tick's ideal time, so the clock now is that many samples behind it.
    if (now >= this.rtcpDueMs) this.sendRtcp(now, undefined, tick.ideal + FRAME_MS - now);
    if (this.mediaTimeoutMs > 0 && !this.timedOut) {
      const silentMs = now - Math.max(this.lastRtpMs, this.silenceFromMs);
      if (silentMs >= this.mediaTimeoutMs) {
        this.timedOut = true;
        this.events.emit('mediaTimeout', silentMs);
      }
    }
  };

  private sendFrame(source: FrameSource, tick: MediaTick): void {
    const sender = this.sender;
    if (!source.read(SCRATCH_PCM)) {
      this.current = null;
      sender.skip(FRAME_SAMPLES);
      this.events.emit('sourceEnded', source);
      return;
    }
    const target = this.latch.target;
    if (target === null) {
      sender.skip(FRAME_SAMPLES); // nowhere to send yet; the source still plays on in real time
      return;
    }
    // Encode straight into the packet's place in the send buffer; marshalTo's copy of the payload is then onto itself.
    const buf = this.ring.next(12 + FRAME_SAMPLES);
    const payload = this.ring.payloadView(FRAME_SAMPLES);
    this.codec.encode(SCRATCH_PCM, payload, FRAME_SAMPLES);
    const p = SCRATCH_PACKET;
    p.payload = payload;
    sender.stamp(p, FRAME_SAMPLES);
    this.transmit(p.marshalTo(buf, 0), target, FRAME_SAMPLES);
    if (this.onSendLateness !== null) this.onSendLateness(this.now() - tick.ideal);
  }

  private readonly sendEvent = (plan: Rfc4733SendPacket, eventTimestamp: number): void => {
    const target = this.latch.target;
    if (target === null) return;
    const te = this.telephoneEvent;
    te.event = plan.event;
    te.end = plan.end;
    te.volume = plan.volume;
    te.duration = plan.duration;
    te.marshalTo(this.eventPayload, 0);
    const p = SCRATCH_PACKET;
    p.payload = this.eventPayload;
    this.sender.stampAt(p, eventTimestamp, plan.marker, this.telephoneEventPayloadType);
    const buf = this.ring.next(16);
    this.transmit(p.marshalTo(buf, 0), target, 4);
  };

  private transmit(length: number, target: MediaAddress, payloadBytes: number): void {
    this.ports.rtp.send(this.ring.view(length), target.port, target.address);
    this.sent++;
    this.octets += payloadBytes;
  }

  private sendRtcp(nowMs: number, bye?: string, nextPacketInMs = 0): void {
    const target = this.rtcpMux ? this.latch.target : this.latch.rtcpTarget;
    const r = this.receiver;
    const block = r.remoteSsrc >= 0 && r.sourceStats.valid ? r.sourceStats.reportBlock(r.remoteSsrc, nowMs) : null;
    const senderInfo = (): RtcpSenderInfo => {
      const info = this.sender.senderInfo(this.wallClock());
      info.rtpTimestamp = (info.rtpTimestamp - Math.round((nextPacketInMs * this.codec.clockRate) / 1000)) >>> 0;
      return info;
    };
    const bytes = this.rtcp.build(nowMs, this.sender.ssrc, this.sender.packetCount, senderInfo, block, bye);
    this.rtcpDueMs = this.rtcp.nextDue;
    if (target === null) return;
    (this.ports.rtcp ?? this.ports.rtp).send(bytes, target.port, target.address);
  }

  private readonly onRtpDatagram = (bytes: Uint8Array, address: string, port: number): void => {
    if (this.closing) return;
    if (this.rtcpMux && isRtcpPacket(bytes)) {
      this.onRtcpDatagram(bytes, address, port);
      return;
    }
    const before = this.receiver.received;
    const now = this.now();
    this.receiver.receive(bytes, address, port, now);
    if (this.receiver.received === before) return;
    this.lastRtpMs = now;
    if (this.timedOut) {
      this.timedOut = false;
      this.events.emit('mediaRestored');
    }
  };

  private readonly onRtcpDatagram = (bytes: Uint8Array, address: string, port: number): void => {
    if (this.closing) return;
    if (!this.latch.acceptRtcp(address, port)) return;
    this.rtcp.receive(bytes, this.now(), this.wallClock(), this.sender.ssrc, this.receiver.sourceStats);
  };
}
