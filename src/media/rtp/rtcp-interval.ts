/**
 * When to send the next RTCP report: RFC 3550 §6.3.1 and the `rtcp_interval` function of Appendix A.7. RTCP gets 5 %
 * of the session bandwidth, a quarter of it for senders; the deterministic interval is at least 5 s (2.5 s before the
 * first report), then randomised over [0.5, 1.5] of itself so participants do not synchronise, and divided by
 * e − 3/2 to compensate for the timer reconsideration algorithm's bias (§6.3.1).
 *
 * For a two-party G.711 call this gives a report every 2.1-6.2 s. The caller supplies the uniform random number, from
 * the injected `Rng`, so tests are deterministic.
 */

export const RTCP_MIN_INTERVAL_S = 5;
const COMPENSATION = Math.E - 1.5;

export interface RtcpIntervalInput {
  /** Participants in the session, ourselves included (2 for a call leg). */
  members: number;
  /** Of those, how many sent RTP recently. */
  senders: number;
  /** RTCP bandwidth in octets per second (5 % of the session bandwidth, §6.2). */
  rtcpBandwidth: number;
  /** Whether we sent RTP since the last report. */
  weSent: boolean;
  /** Average size of the compound RTCP packets, in octets, UDP and IP headers included (A.7 `avg_rtcp_size`). */
  averageRtcpSize: number;
  /** True before the first report: half the minimum (§6.2). */
  initial: boolean;
}

/** The interval in milliseconds until the next report; `uniform` is a random number in [0, 1). */
export function rtcpIntervalMs(input: RtcpIntervalInput, uniform: number): number {
  const minTime = input.initial ? RTCP_MIN_INTERVAL_S / 2 : RTCP_MIN_INTERVAL_S;
  let bandwidth = input.rtcpBandwidth;
  let n = input.members;
  // §6.3.1: when senders are at most a quarter of the members, they share 25 % of the RTCP bandwidth.
  if (input.senders <= input.members * 0.25) {
    if (input.weSent) {
      bandwidth *= 0.25;
      n = input.senders;
    } else {
      bandwidth *= 0.75;
      n -= input.senders;
    }
  }
  let t = bandwidth > 0 ? (input.averageRtcpSize * n) / bandwidth : minTime;
  if (t < minTime) t = minTime;
  t *= uniform + 0.5;
  t /= COMPENSATION;
  return t * 1000;
}

/** RTCP bandwidth (octets/s) for a session of `sessionBitsPerSecond`: 5 % of it (§6.2). */
export function rtcpBandwidthFor(sessionBitsPerSecond: number): number {
  return (sessionBitsPerSecond * 0.05) / 8;
}
