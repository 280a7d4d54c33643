/**
 * Turns received RFC 4733 telephone-event packets into digits: one `DtmfEvent` per key press, however many packets
 * carried it.
 *
 * An event is identified by its RTP timestamp (RFC 4733 §2.2.1: every packet of one event carries the timestamp of
 * its start; §2.5.2.2: a receiver tells events apart by it). So:
 *   - the first packet seen with a new, later timestamp starts a digit, marker bit or not (the start packet may be
 *     lost, §2.5.2.3), and the digit is reported at once;
 *   - packets with the current timestamp are updates, the end packet and its retransmissions (§2.5.1.4: the final
 *     packet is sent three times), and are absorbed;
 *   - packets with an older timestamp are late duplicates of finished events and are dropped;
 *   - the same digit pressed twice has two timestamps, so it is reported twice;
 *   - an event that never delivers its end packets ends when a newer timestamp arrives, or `endTimeoutMs` after its
 *     last packet (`poll`);
 *   - a long event whose duration would overflow 16 bits continues in a new segment whose timestamp is the previous
 *     one plus 0xFFFF (§2.5.1.3); a packet with that timestamp and the same event code continues the digit instead of
 *     starting a new one.
 * A new SSRC, or a timestamp that jumps back by more than `restartAfterMs` of clock, means the sender's stream
 * restarted: state is reset rather than its digits being dropped as "old".
 */
import { RtpParseError } from '../rtp/rtp-parse-error.js';
import { timestampDiff } from '../rtp/sequence.js';
import { type DtmfDigit, digitOfEvent } from './dtmf-digit.js';
import type { DtmfEvent } from './dtmf-event.js';
import { TelephoneEvent } from './telephone-event.js';

export interface Rfc4733ReceiverOptions {
  /** Clock rate of the negotiated telephone-event format (`telephone-event/8000`). */
  clockRate?: number;
  /** An event with no packet for this long is over (default 500 ms: ten lost 50 ms updates). */
  endTimeoutMs?: number;
  /** A timestamp this far (ms of clock) behind the newest one is a restarted stream, not a late packet. */
  restartAfterMs?: number;
}

const SEGMENT = 0xffff;

export class Rfc4733Receiver {
  private readonly clockRate: number;
  private readonly endTimeoutMs: number;
  private readonly restartSamples: number;
  private readonly scratch = new TelephoneEvent();
  private ssrc = -1;
  /** Timestamp of the newest event seen; -1 before the first. */
  private newest = -1;
  private code = -1;
  private digit: DtmfDigit | null = null;
  private ended = true;
  private lastPacketMs = 0;
  /** Malformed payloads dropped (for the leg's statistics). */
  malformed = 0;

  constructor(options: Rfc4733ReceiverOptions = {}) {
    this.clockRate = options.clockRate ?? 8000;
    this.endTimeoutMs = options.endTimeoutMs ?? 500;
    this.restartSamples = ((options.restartAfterMs ?? 10_000) * this.clockRate) / 1000;
  }

  /** The digit being held right now, or null. */
  get active(): DtmfDigit | null {
    return this.ended ? null : this.digit;
  }

  /**
   * Feeds the header fields and payload of one received telephone-event packet, arrived at `atMs`. Returns the digit
   * when this packet starts a new key press, else null. Malformed payloads and non-DTMF events are ignored.
   */
  receive(ssrc: number, timestamp: number, payload: Uint8Array, atMs: number): DtmfEvent | null {
    let event: TelephoneEvent;
    try {
      event = this.scratch.unmarshalFrom(payload);
    } catch (err) {
      if (!(err instanceof RtpParseError)) throw err;
      this.malformed++;
      return null;
    }
    const digit = digitOfEvent(event.event);
    if (digit === null) return null;
    if (ssrc !== this.ssrc) {
      this.reset();
      this.ssrc = ssrc;
    }
    const age = this.newest < 0 ? 1 : timestampDiff(timestamp, this.newest);
    if (age < -this.restartSamples) {
      this.reset();
      this.ssrc = ssrc;
      return this.receive(ssrc, timestamp, payload, atMs);
    }
    if (age < 0) return null; // a late packet of an event already superseded
    if (age === 0) {
      // An update, the end, or a retransmitted end of the current event.
      if (!this.ended) {
        this.lastPacketMs = atMs;
        if (event.end) this.ended = true;
      }
      return null;
    }
    if (!this.ended && event.event === this.code && age === SEGMENT) {
      // §2.5.1.3: the next segment of a long event.
      this.newest = timestamp >>> 0;
      this.lastPacketMs = atMs;
      if (event.end) this.ended = true;
      return null;
    }
    // A newer timestamp: a new key press (and the end of any event whose end packets were lost).
    this.newest = timestamp >>> 0;
    this.code = event.event;
    this.digit = digit;
    this.ended = event.end;
    this.lastPacketMs = atMs;
    return { digit, method: 'rfc4733', at: atMs };
  }

  /** Ends the current event if its packets stopped without an end packet. Call from the leg's tick. */
  poll(nowMs: number): void {
    if (!this.ended && nowMs - this.lastPacketMs >= this.endTimeoutMs) this.ended = true;
  }

  /** Forgets everything (new stream). */
  reset(): void {
    this.ssrc = -1;
    this.newest = -1;
    this.code = -1;
    this.digit = null;
    this.ended = true;
  }
}
