/**
 * The receiving half of a leg: one call per datagram, no allocation on the way (a reused `RtpPacket`, a reused
 * decode buffer, views made once).
 *
 *   datagram ─▶ parse (RFC 3550 §5.1) ─▶ payload type negotiated? ─▶ latch (symmetric RTP) ─▶ statistics (A.1, A.8)
 *      ├─ telephone-event ─▶ RFC 4733 receiver ─▶ `dtmf` (once per key press)
 *      └─ audio ─▶ decode G.711 (only when someone listens) ─▶ in-band detector (optional) ─▶ frame hooks
 *   then packet hooks (the bridge relays the packet as received, after the in-band detector has seen it).
 *
 * Statistics follow the peer's audio SSRC: a new audio SSRC (the peer restarted its stream, or a media server switched
 * sources) starts a new `RtpReceiverStats`, its predecessor's loss carried over. Event packets whose SSRC differs from
 * the audio's (RFC 4733 §2.1 says they share it, test tools do not always) are decoded but kept out of the statistics.
 */
import type { G711Codec } from '../codecs/g711-codec.js';
import type { DtmfEvent } from '../dtmf/dtmf-event.js';
import { InbandDtmfDetector, type InbandDtmfDetectorOptions } from '../dtmf/inband-dtmf-detector.js';
import { Rfc4733Receiver } from '../dtmf/rfc4733-receiver.js';
import { RtpPacket } from '../rtp/rtp-packet.js';
import { RtpReceiverStats } from '../rtp/rtp-receiver-stats.js';
import { HookList } from './listeners.js';
import { Int16Views } from './pcm-views.js';
import { LATCH_DROP, LATCH_LATCHED, type SymmetricRtpLatch } from './symmetric-rtp-latch.js';

/** A decoded audio payload: `pcm` is a view into a reused buffer, valid during the call only. */
export type FrameHook = (pcm: Int16Array, rtpTimestamp: number, arrivalMs: number) => void;
/** A received packet (reused object, views into the datagram), valid during the call only. */
export type PacketHook = (packet: RtpPacket, telephoneEvent: boolean) => void;

export interface LegReceiverOptions {
  codec: G711Codec;
  payloadType: number;
  /** -1: no telephone-event negotiated. */
  telephoneEventPayloadType: number;
  latch: SymmetricRtpLatch;
  inband: boolean | InbandDtmfDetectorOptions;
  onDtmf: (event: DtmfEvent) => void;
  onLatched: () => void;
}

/** 240 ms of 8 kHz audio: larger payloads are decoded up to this length. */
const MAX_DECODE = 1920;

export class LegReceiver {
  readonly frames = new HookList<FrameHook>();
  readonly packets = new HookList<PacketHook>();
  private readonly packet = new RtpPacket();
  /** Made on the first decode: most legs (hold music, bridged) never decode what they receive. */
  private views: Int16Views | null = null;
  private readonly dtmf = new Rfc4733Receiver();
  private readonly inband: InbandDtmfDetector | null;
  private stats: RtpReceiverStats;
  private statsSsrc = -1;
  private retiredLost = 0;
  received = 0;
  malformed = 0;
  unexpectedPayloadType = 0;
  /** Monotonic ms of the last accepted packet (media timeout), or -1. */
  lastPacketMs = -1;

  constructor(private readonly options: LegReceiverOptions) {
    const inband = options.inband;
    this.inband = inband ? new InbandDtmfDetector(inband === true ? {} : inband) : null;
    this.stats = new RtpReceiverStats({ clockRate: options.codec.clockRate });
  }

  /** The negotiated format changed (see `RtpEndpoint.setFormat`). */
  setFormat(codec: G711Codec, payloadType: number, telephoneEventPayloadType: number): void {
    this.options.codec = codec;
    this.options.payloadType = payloadType;
    this.options.telephoneEventPayloadType = telephoneEventPayloadType;
  }

  /** The statistics of the current audio source (for RTCP report blocks). */
  get sourceStats(): RtpReceiverStats {
    return this.stats;
  }

  /** The peer's SSRC the statistics follow, or -1 before the first packet. */
  get remoteSsrc(): number {
    return this.statsSsrc;
  }

  get lost(): number {
    return this.retiredLost + Math.max(0, this.stats.cumulativeLost);
  }

  /** True while the in-band detector hears a DTMF tone in the latest audio (false when it is off). */
  get inbandTone(): boolean {
    return this.inband?.tonePresent ?? false;
  }

  /** Takes one datagram that is not RTCP. */
  receive(bytes: Uint8Array, address: string, port: number, nowMs: number): void {
    const p = this.packet;
    try {
      p.unmarshalFrom(bytes);
    } catch {
      this.malformed++; // RFC 3550 A.1: invalid packets are discarded
      return;
    }
    const o = this.options;
    const event = p.payloadType === o.telephoneEventPayloadType;
    if (!event && p.payloadType !== o.payloadType) {
      this.unexpectedPayloadType++;
      return;
    }
    const verdict = o.latch.accept(address, port);
    if (verdict === LATCH_DROP) return;
    if (verdict === LATCH_LATCHED) o.onLatched();
    this.received++;
    this.lastPacketMs = nowMs;
    if (p.ssrc !== this.statsSsrc && (!event || this.statsSsrc === -1)) this.newSource(p.ssrc);
    if (p.ssrc === this.statsSsrc) this.stats.update(p.sequenceNumber, p.timestamp, nowMs, !event);
    if (event) {
      const digit = this.dtmf.receive(p.ssrc, p.timestamp, p.payload, nowMs);
      if (digit) o.onDtmf(digit);
    } else if (this.inband || this.frames.size > 0) {
      this.decode(p, nowMs);
    }
    const hooks = this.packets.items;
    for (let i = 0; i < hooks.length; i++) hooks[i]!(p, event);
  }

  private decode(p: RtpPacket, nowMs: number): void {
    const n = Math.min(p.payload.length, MAX_DECODE);
    const views = (this.views ??= new Int16Views(new Int16Array(MAX_DECODE)));
    this.options.codec.decode(p.payload, views.buffer, n);
    const pcm = views.view(n);
    if (this.inband) {
      // The detector takes frames of up to 40 ms (one digit per call); longer packets go in 20 ms pieces.
      if (n <= 320) this.report(this.inband.process(pcm, nowMs));
      else for (let at = 0; at < n; at += 160) this.report(this.inband.process(pcm.subarray(at, Math.min(n, at + 160)), nowMs + at / 8));
    }
    const hooks = this.frames.items;
    for (let i = 0; i < hooks.length; i++) hooks[i]!(pcm, p.timestamp, nowMs);
  }

  private report(event: DtmfEvent | null): void {
    if (event) this.options.onDtmf(event);
  }

  private newSource(ssrc: number): void {
    if (this.statsSsrc !== -1) {
      this.retiredLost += Math.max(0, this.stats.cumulativeLost);
      this.stats = new RtpReceiverStats({ clockRate: this.options.codec.clockRate });
    }
    this.statsSsrc = ssrc;
  }
}
