/**
 * The RTCP half of one leg (RFC 3550 §6): when to report, what to say, and what the peer's reports tell us.
 *
 * - Timing: `rtcpIntervalMs` (§6.3.1, A.7) for two members, 5 % of a G.711 session's bandwidth; the first report
 *   after half the minimum interval (§6.2), later ones every 2.1-6.2 s (randomised, so thousands of legs started in
 *   the same second do not report in lock-step). Timer reconsideration (§6.3.3) is not needed with two members.
 * - Content: an SR when we sent RTP since the last report, else an RR (§6.4); one report block on the peer's source
 *   once it has passed A.1 probation; an SDES CNAME (§6.5.1, mandatory in every compound packet, §6.1); a BYE on close.
 * - Received: an SR's NTP time is kept for the LSR/DLSR of our next block (§6.4.1); a report block about our SSRC
 *   gives the peer's view of our stream: loss, jitter and, from LSR/DLSR, the round-trip time (§6.4.1, Figure 2).
 * RTCP is a few datagrams per leg every few seconds: building it allocates, unlike the per-packet RTP path.
 */
import type { Rng } from '../../lib/rng.js';
import { marshalRtcpCompound, parseRtcpCompound } from '../rtp/rtcp-compound.js';
import { rtcpBandwidthFor, rtcpIntervalMs } from '../rtp/rtcp-interval.js';
import { buildRtcpReport } from '../rtp/rtcp-report-builder.js';
import type { RtcpReportBlock } from '../rtp/rtcp-report-block.js';
import type { RtcpSenderInfo } from '../rtp/rtcp-sender-report.js';
import { dlsrToMs, ntpFromUnixMs, ntpMiddle32 } from '../rtp/ntp-time.js';
import type { RtpReceiverStats } from '../rtp/rtp-receiver-stats.js';

/** G.711 at 50 packets/s: 64 kbit/s of payload plus 40 bytes of IP/UDP/RTP headers per packet (RFC 3550 §6.2). */
const SESSION_BPS = 64_000 + 50 * 40 * 8;
/** A.7 `avg_rtcp_size`, starting from a typical SR + SDES (UDP/IP included); then averaged over what we send. */
const INITIAL_RTCP_SIZE = 28 + 52 + 24;

/** What the peer said about our stream in its last report block. */
export interface RemoteReport {
  fractionLost: number;
  cumulativeLost: number;
  jitterMs: number;
  /** Round-trip time from LSR/DLSR (§6.4.1), or null when the peer had no SR of ours to echo. */
  rttMs: number | null;
  atMs: number;
}

export interface RtcpReporterOptions {
  rng: Rng;
  cname: string;
  clockRate: number;
}

export class RtcpReporter {
  private readonly rng: Rng;
  private readonly cname: string;
  private readonly clockRate: number;
  private nextDueMs = -1;
  private averageSize = INITIAL_RTCP_SIZE;
  private sentPacketsAtLastReport = 0;
  private weSent = false;
  /** Reports sent and received (for the leg's statistics). */
  sent = 0;
  received = 0;
  /** Datagrams on the RTCP path that failed to parse. */
  malformed = 0;
  remote: RemoteReport | null = null;
  /** The peer said BYE (§6.6). */
  remoteBye = false;

  constructor(options: RtcpReporterOptions) {
    this.rng = options.rng;
    this.cname = options.cname;
    this.clockRate = options.clockRate;
  }

  /** Starts the schedule at `nowMs` (the first report comes after the initial, shorter interval). */
  start(nowMs: number): void {
    this.nextDueMs = nowMs + this.interval(true);
  }

  due(nowMs: number): boolean {
    return this.nextDueMs >= 0 && nowMs >= this.nextDueMs;
  }

  /** When the next report is due (Infinity before `start`). */
  get nextDue(): number {
    return this.nextDueMs >= 0 ? this.nextDueMs : Infinity;
  }

  /**
   * Builds the compound packet that is due and schedules the next. `senderPackets` is the sender's packet count (an SR
   * goes out when it moved since the last report); `block` the report on the peer's source, if any.
   */
  build(nowMs: number, ssrc: number, senderPackets: number, senderInfo: () => RtcpSenderInfo, block: RtcpReportBlock | null, bye?: string): Uint8Array {
    this.weSent = senderPackets !== this.sentPacketsAtLastReport;
    this.sentPacketsAtLastReport = senderPackets;
    const bytes = marshalRtcpCompound(
      buildRtcpReport({
        ssrc,
        senderInfo: this.weSent ? senderInfo() : null,
        reportBlocks: block ? [block] : [],
        cname: this.cname,
        bye: bye === undefined ? null : { reason: bye },
      }),
    );
    // A.7: avg_rtcp_size = 1/16 * packet_size + 15/16 * avg_rtcp_size, UDP and IP headers included.
    this.averageSize = (bytes.length + 28) / 16 + (15 * this.averageSize) / 16;
    this.sent++;
    this.nextDueMs = nowMs + this.interval(false);
    return bytes;
  }

  /**
   * Takes one received RTCP datagram. SRs from `remoteSsrc` feed `stats` (LSR/DLSR); report blocks about `ourSsrc` set
   * `remote`. Returns false when the datagram does not parse (counted, dropped, A.2).
   */
  receive(bytes: Uint8Array, nowMs: number, wallMs: number, ourSsrc: number, stats: RtpReceiverStats): boolean {
    let packets;
    try {
      packets = parseRtcpCompound(bytes);
    } catch {
      this.malformed++;
      return false;
    }
    this.received++;
    for (const p of packets) {
      if (p.packetType === 200 || p.packetType === 201) {
        if (p.packetType === 200 && 'senderInfo' in p) stats.onSenderReport(p.senderInfo.ntpSeconds, p.senderInfo.ntpFraction, nowMs);
        const mine = 'reports' in p ? p.reports.find((r) => r.ssrc === ourSsrc) : undefined;
        if (mine) this.remote = this.toRemote(mine, nowMs, wallMs);
      } else if (p.packetType === 203) this.remoteBye = true;
    }
    return true;
  }

  private toRemote(block: RtcpReportBlock, nowMs: number, wallMs: number): RemoteReport {
    let rttMs: number | null = null;
    if (block.lastSenderReport !== 0) {
      // §6.4.1: RTT = A - LSR - DLSR, all in 1/65536 s; A is our NTP time of arrival (middle 32 bits).
      const now = ntpFromUnixMs(wallMs);
      const a = ntpMiddle32(now.seconds, now.fraction);
      const units = (a - block.lastSenderReport - block.delaySinceLastSenderReport) >>> 0;
      const ms = dlsrToMs(units);
      rttMs = ms < 60_000 ? ms : null; // a wrapped (negative) result means clocks or fields are off
    }
    return {
      fractionLost: block.fractionLost / 256,
      cumulativeLost: block.cumulativeLost,
      jitterMs: (block.jitter * 1000) / this.clockRate,
      rttMs,
      atMs: nowMs,
    };
  }

  private interval(initial: boolean): number {
    const uniform = Number.parseInt(this.rng.hex(4), 16) / 0x1_0000_0000;
    return rtcpIntervalMs(
      { members: 2, senders: this.weSent ? 2 : 1, rtcpBandwidth: rtcpBandwidthFor(SESSION_BPS), weSent: this.weSent, averageRtcpSize: this.averageSize, initial },
      uniform,
    );
  }
}
