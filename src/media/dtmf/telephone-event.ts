/**
 * The RFC 4733 telephone-event payload (§2.3): one named event per RTP packet.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |     event     |E|R| volume    |          duration             |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * event (§2.3.1): the event code; E (§2.3.2): the final packet(s) of the event; R (§2.3.3): reserved, sent as 0 and
 * ignored on receipt, but kept here so a parsed payload re-serializes byte for byte; volume (§2.3.4): power level in
 * −dBm0 (0..63); duration (§2.3.5): length so far in timestamp units, counted from the event's RTP timestamp.
 */
import { RtpParseError } from '../rtp/rtp-parse-error.js';

export const TELEPHONE_EVENT_SIZE = 4;

export class TelephoneEvent {
  constructor(
    public event = 0,
    public end = false,
    public volume = 10,
    public duration = 0,
    public reserved = false,
  ) {}

  static unmarshal(buf: Uint8Array): TelephoneEvent {
    return new TelephoneEvent().unmarshalFrom(buf);
  }

  /** Parses a 4-byte payload into this object (no allocation). Throws RtpParseError on any other length. */
  unmarshalFrom(buf: Uint8Array): this {
    if (buf.length !== TELEPHONE_EVENT_SIZE) {
      throw new RtpParseError(buf.length < 4 ? 'truncated' : 'malformed', `telephone-event payload of ${buf.length} bytes, expected 4`);
    }
    this.event = buf[0]!;
    this.end = (buf[1]! & 0x80) !== 0;
    this.reserved = (buf[1]! & 0x40) !== 0;
    this.volume = buf[1]! & 0x3f;
    this.duration = (buf[2]! << 8) | buf[3]!;
    return this;
  }

  size(): number {
    return TELEPHONE_EVENT_SIZE;
  }

  marshalTo(buf: Uint8Array, offset = 0): number {
    if (offset < 0 || offset + TELEPHONE_EVENT_SIZE > buf.length) throw new RangeError('telephone-event does not fit');
    if (!(this.event >= 0 && this.event <= 255 && Number.isInteger(this.event))) throw new RangeError(`event ${this.event}`);
    if (!(this.volume >= 0 && this.volume <= 63 && Number.isInteger(this.volume))) throw new RangeError(`volume ${this.volume}`);
    if (!(this.duration >= 0 && this.duration <= 0xffff && Number.isInteger(this.duration))) {
      throw new RangeError(`duration ${this.duration}`);
    }
    buf[offset] = this.event;
    buf[offset + 1] = (this.end ? 0x80 : 0) | (this.reserved ? 0x40 : 0) | this.volume;
    buf[offset + 2] = this.duration >>> 8;
    buf[offset + 3] = this.duration & 0xff;
    return TELEPHONE_EVENT_SIZE;
  }

  marshal(): Uint8Array {
    const out = new Uint8Array(TELEPHONE_EVENT_SIZE);
    this.marshalTo(out);
    return out;
  }
}
