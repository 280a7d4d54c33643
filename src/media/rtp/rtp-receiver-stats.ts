/**
 * What a receiver measures of one incoming RTP source, for RTCP reception report blocks (RFC 3550 §6.4.1) and for
 * the leg's own statistics: loss (A.3), interarrival jitter (A.8), extended highest sequence (A.1), and the LSR/DLSR
 * pair that lets the sender compute the round-trip time.
 *
 * `update` is called for every received packet with its arrival time; it allocates nothing. `reportBlock` is called
 * when an RTCP report is due (every few seconds) and advances the "since last report" interval of A.3.
 */
import type { RtcpReportBlock } from './rtcp-report-block.js';
import { msToDlsr, ntpMiddle32 } from './ntp-time.js';
import { timestampDiff } from './sequence.js';
import { MIN_SEQUENTIAL, SequenceTracker } from './sequence-tracker.js';

export interface RtpReceiverStatsOptions {
  /** RTP clock rate of the payload (8000 for G.711). */
  clockRate: number;
  /** Packets in sequence before the source counts as valid (RFC 3550 A.1 MIN_SEQUENTIAL, default 2). */
  minSequential?: number;
}

export class RtpReceiverStats {
  readonly clockRate: number;
  private readonly seq: SequenceTracker;
  /** A.8 interarrival jitter estimate, timestamp units, kept as a float (the report carries its integer part). */
  private jitterEstimate = 0;
  private lastTransitKnown = false;
  private lastArrivalUnits = 0;
  private lastTimestamp = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private lastSrMiddle = 0;
  private lastSrArrivalMs = -1;
  /** Arrival time (ms) of the last valid packet, or -1: the socket layer's media-timeout check reads it. */
  lastPacketMs = -1;

  constructor(options: RtpReceiverStatsOptions) {
    this.clockRate = options.clockRate;
    this.seq = new SequenceTracker(options.minSequential ?? MIN_SEQUENTIAL);
  }

  /**
   * Accounts one received packet. `arrivalMs` is the local receive time in milliseconds (any monotonic origin).
   * `measureJitter` false skips the jitter update, for packets whose timestamp is not a sampling instant (RFC 4733
   * events repeat the timestamp of the event start). Returns false for a packet A.1 rejects (source on probation or
   * a wild sequence jump): the caller may still play it but should not trust it for latching.
   */
  update(sequenceNumber: number, timestamp: number, arrivalMs: number, measureJitter = true): boolean {
    if (!this.seq.update(sequenceNumber)) return false;
    this.lastPacketMs = arrivalMs;
    if (!measureJitter) return true;
    // A.8: D(i,j) = (Rj - Ri) - (Sj - Si); J += (|D| - J) / 16. Arrival converted to timestamp units.
    const arrivalUnits = (arrivalMs * this.clockRate) / 1000;
    if (this.lastTransitKnown) {
      const d = arrivalUnits - this.lastArrivalUnits - timestampDiff(timestamp, this.lastTimestamp);
      this.jitterEstimate += (Math.abs(d) - this.jitterEstimate) / 16;
    }
    this.lastTransitKnown = true;
    this.lastArrivalUnits = arrivalUnits;
    this.lastTimestamp = timestamp;
    return true;
  }

  /** Records an incoming sender report (its NTP time) so the next report block carries LSR and DLSR (§6.4.1). */
  onSenderReport(ntpSeconds: number, ntpFraction: number, arrivalMs: number): void {
    this.lastSrMiddle = ntpMiddle32(ntpSeconds, ntpFraction);
    this.lastSrArrivalMs = arrivalMs;
  }

  /** Interarrival jitter in timestamp units, as a report block carries it. */
  get jitter(): number {
    return Math.floor(this.jitterEstimate);
  }

  get jitterMs(): number {
    return (this.jitterEstimate * 1000) / this.clockRate;
  }

  get packetsReceived(): number {
    return this.seq.received;
  }

  get expected(): number {
    return this.seq.expected;
  }

  get extendedHighestSequence(): number {
    return this.seq.extendedMax;
  }

  /** Cumulative packets lost (A.3): expected − received; negative when duplicates arrived. */
  get cumulativeLost(): number {
    return this.seq.expected - this.seq.received;
  }

  /** True once the source passed A.1 probation. */
  get valid(): boolean {
    return this.seq.received > 0;
  }

  /** A report block about source `ssrc` as of `nowMs`; starts a new interval for the fraction lost (A.3). */
  reportBlock(ssrc: number, nowMs: number): RtcpReportBlock {
    const expected = this.seq.expected;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.seq.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.seq.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    // The cumulative count is a signed 24-bit field: clamp rather than wrap (A.3).
    const lost = Math.max(-0x800000, Math.min(0x7fffff, this.cumulativeLost));
    const haveSr = this.lastSrArrivalMs >= 0;
    return {
      ssrc,
      fractionLost: Math.min(255, fractionLost),
      cumulativeLost: lost,
      extendedHighestSequence: this.seq.extendedMax >>> 0,
      jitter: this.jitter >>> 0,
      lastSenderReport: haveSr ? this.lastSrMiddle : 0,
      delaySinceLastSenderReport: haveSr ? msToDlsr(nowMs - this.lastSrArrivalMs) : 0,
    };
  }
}
