/**
 * The packet sequence that sends a digit string as RFC 4733 telephone-events. Pure: it returns what to send and when
 * (relative to the start), and the RTP layer stamps the packets (`RtpSender.stampAt`) as the media clock reaches each
 * offset; the event timestamp is the media clock at the digit's start, i.e. the clock at the start of the whole
 * sequence plus `timestampOffset`.
 *
 * Per digit (RFC 4733 §2.5.1.2 - §2.5.1.4):
 *   - a first packet with the marker bit (§2.2.2), then an update every `updateIntervalMs` (50 ms default), all with
 *     the event's start timestamp and a growing duration; each update's duration covers the tone up to the next update;
 *   - the end: three packets with the E bit, the same timestamp and the final duration (§2.5.1.4), `endRepeatMs` apart;
 *   - an event longer than 0xFFFF timestamp units is cut into segments (§2.5.1.3): the segment's last update carries
 *     duration 0xFFFF, and the next segment restarts the duration with timestamp + 0xFFFF, without marker.
 * Volume defaults to 10 (−10 dBm0, §2.3.4).
 */
import { eventOfDigit } from './dtmf-digit.js';

export interface Rfc4733SendOptions {
  /** Clock rate of the negotiated telephone-event format. */
  clockRate?: number;
  /** Length of each digit's tone (default 100 ms). */
  toneMs?: number;
  /** Silence between digits (default 100 ms). */
  gapMs?: number;
  /** Interval of the updates (default 50 ms, §2.5.1.2). */
  updateIntervalMs?: number;
  /** Interval between the three end packets (default 20 ms, one packetization interval). */
  endRepeatMs?: number;
  /** Volume in −dBm0 (default 10). */
  volume?: number;
}

export interface Rfc4733SendPacket {
  digit: string;
  /** When to send, ms after the start of the sequence. */
  offsetMs: number;
  /** Event timestamp relative to the media clock at the start of the sequence. */
  timestampOffset: number;
  marker: boolean;
  event: number;
  end: boolean;
  volume: number;
  /** Duration field, timestamp units since `timestampOffset`. */
  duration: number;
}

const SEGMENT = 0xffff;

export function rfc4733Packets(digits: string, options: Rfc4733SendOptions = {}): Rfc4733SendPacket[] {
  const clock = options.clockRate ?? 8000;
  const toneMs = options.toneMs ?? 100;
  const gapMs = options.gapMs ?? 100;
  const intervalMs = options.updateIntervalMs ?? 50;
  const endRepeatMs = options.endRepeatMs ?? 20;
  const volume = options.volume ?? 10;
  if (toneMs <= 0 || intervalMs <= 0 || gapMs < 0) throw new RangeError('tone, interval and gap must be positive');
  const samples = (ms: number): number => Math.round((ms * clock) / 1000);
  const msOf = (units: number): number => (units * 1000) / clock;
  const total = samples(toneMs);
  const step = samples(intervalMs);
  const packets: Rfc4733SendPacket[] = [];
  let startMs = 0;
  for (const digit of digits) {
    const event = eventOfDigit(digit);
    const start = samples(startMs);
    let segment = 0; // segment start, units since the digit's start
    const push = (elapsed: number, duration: number, end: boolean, marker: boolean, extraMs = 0): void => {
      packets.push({
        digit,
        offsetMs: startMs + msOf(elapsed) + extraMs,
        timestampOffset: start + segment,
        marker,
        event,
        end,
        volume,
        duration,
      });
    };
    for (let elapsed = 0; elapsed < total; elapsed += step) {
      const covered = Math.min(elapsed + step, total);
      while (covered - segment > SEGMENT) {
        push(elapsed, SEGMENT, false, false); // last report of the full segment
        segment += SEGMENT;
      }
      push(elapsed, covered - segment, false, elapsed === 0);
    }
    for (let i = 0; i < 3; i++) push(total, total - segment, true, false, i * endRepeatMs);
    startMs += toneMs + gapMs;
  }
  return packets;
}
