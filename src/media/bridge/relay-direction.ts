/**
 * One direction of a bridge: every packet leg `from` accepts is sent on by leg `to` at once, on receipt (a relay:
 * no jitter buffer, no tick, the least delay a bridge can add).
 *
 * - Payload: as is when both legs speak the same law; through the 256-entry PCMU↔PCMA table when they differ (one
 *   lookup per byte, straight into `to`'s send buffer, no trip through linear PCM).
 * - Header: `to`'s own SSRC and sequence number. Each leg is its own RTP session and we are an end system in both
 *   (a back-to-back relay, not an RFC 3550 §7 translator that would keep the sender's SSRC): the peers never see
 *   each other's SSRCs, and `to`'s RTCP reports stay true for what `to` sent. The timestamp keeps the incoming stream's timing
 *   (its gaps, its packet sizes) shifted onto `to`'s media clock: at the first packet of each incoming SSRC the offset
 *   is chosen so the packet lands on `to`'s clock "now", and that packet carries the marker bit (a new talk spurt for
 *   the far end's jitter buffer, RFC 3551 §4.1); afterwards the sender's own marker bits pass through.
 * - RFC 4733 events go out with `to`'s telephone-event payload type (same timestamp mapping, so the event keeps its
 *   identity), or are dropped when `removeDtmf` is set or `to` has no telephone-event.
 * - In-band digits: with `removeDtmf` and the in-band detector on for `from`, audio is replaced by silence while the
 *   detector hears a tone. The detector needs about 25 ms to recognise a tone, so the first packet or two of a digit
 *   still pass: a relay that does not delay audio cannot do better.
 */
import type { RtpEndpoint } from '../endpoint/rtp-endpoint.js';
import type { RtpPacket } from '../rtp/rtp-packet.js';
import { g711TranscodeTable } from '../codecs/g711-codec.js';

/** The code of silence (linear 0) in each law: µ-law 0xFF, A-law 0xD5 (G.711, even bits inverted). */
const SILENCE = { PCMU: 0xff, PCMA: 0xd5 } as const;
/** 240 ms: longer audio packets are relayed unmuted. */
const MAX_SILENCE = 1920;

export interface RelayCounters {
  relayed: number;
  /** Packets `to` did not send (its own source or digits were playing, or it had no address yet). */
  notSent: number;
  /** RFC 4733 packets removed. */
  dtmfRemoved: number;
  /** Audio packets replaced by silence while an in-band digit sounded. */
  muted: number;
}

export class RelayDirection {
  readonly counters: RelayCounters = { relayed: 0, notSent: 0, dtmfRemoved: 0, muted: 0 };
  private readonly table: Uint8Array | null;
  private silence: Uint8Array | null = null;
  private readonly silenceViews = new Map<number, Uint8Array>();
  private inSsrc = -1;
  private timestampOffset = 0;

  constructor(
    private readonly from: RtpEndpoint,
    private readonly to: RtpEndpoint,
    private readonly removeDtmf: boolean,
  ) {
    this.table = g711TranscodeTable(from.codec, to.codec);
  }

  readonly onPacket = (p: RtpPacket, telephoneEvent: boolean): void => {
    const to = this.to;
    let payloadType: number;
    let payload = p.payload;
    let table = this.table;
    if (telephoneEvent) {
      if (this.removeDtmf || to.telephoneEventPayloadType < 0) {
        this.counters.dtmfRemoved++;
        return;
      }
      payloadType = to.telephoneEventPayloadType;
      table = null;
    } else {
      payloadType = to.payloadType;
      if (this.removeDtmf && this.from.inbandToneActive && payload.length <= MAX_SILENCE) {
        payload = this.silenceOf(payload.length);
        table = null;
        this.counters.muted++;
      }
    }
    let marker = p.marker;
    if (p.ssrc !== this.inSsrc) {
      this.inSsrc = p.ssrc;
      this.timestampOffset = (to.mediaTimestamp - p.timestamp) >>> 0;
      marker = true;
    }
    if (to.relay(payload, payloadType, (p.timestamp + this.timestampOffset) >>> 0, marker, table)) this.counters.relayed++;
    else this.counters.notSent++;
  };

  private silenceOf(length: number): Uint8Array {
    let v = this.silenceViews.get(length);
    if (!v) {
      this.silence ??= new Uint8Array(MAX_SILENCE).fill(SILENCE[this.to.codec.name]);
      v = this.silence.subarray(0, length);
      this.silenceViews.set(length, v);
    }
    return v;
  }
}
