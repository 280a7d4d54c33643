/**
 * The sending half of one RTP stream (RFC 3550 §5.1): SSRC, sequence number, timestamp and the counters an SR
 * reports. It only fills headers; the socket layer owns buffers and sockets.
 *
 * The timestamp is a media clock, not a count of packets from the current source: it advances by the samples of every
 * 20 ms tick whether the tick sent a packet (`stamp`), sent nothing (`skip`: silence, a pause between prompts, audio
 * suppressed during an RFC 4733 event), or changed prompt. So a receiver's jitter buffer sees one continuous clock
 * across prompts, and a gap in sending shows as a timestamp jump equal to the wall-clock gap (§5.1: "the timestamp
 * ... reflects the sampling instant"). After a gap the next packet starts a talk spurt and carries the marker bit
 * (RFC 3551 §4.1); so does the very first packet.
 *
 * SSRC, initial sequence number and initial timestamp are random (§5.1, §8) and come from the injected `Rng`.
 */
import type { Rng } from '../../lib/rng.js';
import type { RtpPacket } from './rtp-packet.js';
import { ntpFromUnixMs } from './ntp-time.js';
import type { RtcpSenderInfo } from './rtcp-sender-report.js';

export interface RtpSenderOptions {
  rng: Rng;
  /** Payload type of the media (0 for PCMU, 8 for PCMA, or the dynamic type negotiated in SDP). */
  payloadType: number;
  /** RTP clock rate of the media (8000 for G.711). */
  clockRate: number;
}

function randomUint(rng: Rng, bytes: number): number {
  return Number.parseInt(rng.hex(bytes), 16) >>> 0;
}

export class RtpSender {
  /** Mutable for a leg whose codec is settled by the peer's answer after the leg opened. */
  payloadType: number;
  readonly clockRate: number;
  private readonly rng: Rng;
  private ssrcValue: number;
  private seq: number;
  private ts: number;
  private talkSpurtPending = true;
  /** Packets sent since the SSRC was chosen (SR "sender's packet count"). */
  packetCount = 0;
  /** Payload octets sent since the SSRC was chosen (SR "sender's octet count", §6.4.1: headers and padding excluded). */
  octetCount = 0;

  constructor(options: RtpSenderOptions) {
    this.rng = options.rng;
    this.payloadType = options.payloadType;
    this.clockRate = options.clockRate;
    this.ssrcValue = randomUint(this.rng, 4);
    this.seq = randomUint(this.rng, 2) & 0xffff;
    this.ts = randomUint(this.rng, 4);
  }

  get ssrc(): number {
    return this.ssrcValue;
  }

  /** The sequence number the next packet will carry. */
  get sequenceNumber(): number {
    return this.seq;
  }

  /** The media clock now: the timestamp the next media packet will carry. */
  get timestamp(): number {
    return this.ts;
  }

  /**
   * Fills `packet`'s header for the next media packet carrying `samples` samples (160 for 20 ms at 8 kHz) and
   * advances the clock and the sequence number. The payload must already be set (its length is counted for the SR).
   */
  stamp(packet: RtpPacket, samples: number, payloadType: number = this.payloadType): RtpPacket {
    packet.ssrc = this.ssrcValue;
    packet.payloadType = payloadType;
    packet.sequenceNumber = this.seq;
    packet.timestamp = this.ts;
    packet.marker = this.talkSpurtPending;
    this.talkSpurtPending = false;
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + samples) >>> 0;
    this.count(packet);
    return packet;
  }

  /**
   * Fills the header of a packet whose timestamp is not the media clock: an RFC 4733 event packet carries the
   * timestamp of the event's start in every update (RFC 4733 §2.2.1). Advances the sequence number only; the clock
   * keeps moving through `skip` while the event lasts.
   */
  stampAt(packet: RtpPacket, timestamp: number, marker: boolean, payloadType: number): RtpPacket {
    packet.ssrc = this.ssrcValue;
    packet.payloadType = payloadType;
    packet.sequenceNumber = this.seq;
    packet.timestamp = timestamp >>> 0;
    packet.marker = marker;
    this.seq = (this.seq + 1) & 0xffff;
    this.count(packet);
    return packet;
  }

  /** The clock moved on by `samples` without a media packet: silence, a pause, suppressed audio. */
  skip(samples: number): void {
    this.ts = (this.ts + samples) >>> 0;
    this.talkSpurtPending = true;
  }

  /** Marks the next media packet as the start of a talk spurt without a gap. */
  startTalkSpurt(): void {
    this.talkSpurtPending = true;
  }

  /**
   * Sender info for an SR built at Unix time `nowMs`. The RTP timestamp is the media clock now, exact when called on
   * a tick boundary (the media clock and wall clock advance together there).
   */
  senderInfo(nowMs: number): RtcpSenderInfo {
    const ntp = ntpFromUnixMs(nowMs);
    return {
      ntpSeconds: ntp.seconds,
      ntpFraction: ntp.fraction,
      rtpTimestamp: this.ts,
      packetCount: this.packetCount >>> 0,
      octetCount: this.octetCount >>> 0,
    };
  }

  /**
   * Picks a new SSRC, as after a collision (RFC 3550 §8.2), and restarts the SR counters (§6.4.1: they reset when the
   * SSRC changes). Sequence number and clock continue.
   */
  changeSsrc(): void {
    const old = this.ssrcValue;
    do this.ssrcValue = randomUint(this.rng, 4);
    while (this.ssrcValue === old);
    this.packetCount = 0;
    this.octetCount = 0;
    this.talkSpurtPending = true;
  }

  private count(packet: RtpPacket): void {
    this.packetCount++;
    this.octetCount += packet.payload.length;
  }
}
