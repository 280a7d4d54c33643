/**
 * Builds the compound RTCP packet a leg sends every report interval (RFC 3550 §6.1): an SR when we sent RTP since
 * the last report (else an RR), then an SDES with our CNAME, then a BYE when the leg is closing (§6.6: BYE last).
 * At most 31 report blocks fit one SR/RR (5-bit count); a leg reports on one remote source, so that is plenty.
 */
import { RtcpGoodbye } from './rtcp-goodbye.js';
import type { RtcpPacket } from './rtcp-compound.js';
import { RtcpReceiverReport } from './rtcp-receiver-report.js';
import type { RtcpReportBlock } from './rtcp-report-block.js';
import { RtcpSenderReport, type RtcpSenderInfo } from './rtcp-sender-report.js';
import { RtcpSourceDescription } from './rtcp-source-description.js';

export interface RtcpReportInput {
  /** Our SSRC. */
  ssrc: number;
  /** Present when we sent RTP since the last report: makes the first packet an SR. */
  senderInfo?: RtcpSenderInfo | null;
  /** One block per remote source heard since the last report. */
  reportBlocks?: RtcpReportBlock[];
  /** Our canonical name (§6.5.1), stable for the leg, e.g. a random id "@" host. */
  cname: string;
  /** Append a BYE (the leg is closing); the string is the optional reason. */
  bye?: { reason?: string } | null;
}

export function buildRtcpReport(input: RtcpReportInput): RtcpPacket[] {
  const blocks = input.reportBlocks ?? [];
  if (blocks.length > 31) throw new RangeError(`${blocks.length} report blocks: at most 31 fit one report`);
  const packets: RtcpPacket[] = [
    input.senderInfo
      ? new RtcpSenderReport(input.ssrc, input.senderInfo, blocks)
      : new RtcpReceiverReport(input.ssrc, blocks),
    RtcpSourceDescription.cname(input.ssrc, input.cname),
  ];
  if (input.bye) packets.push(RtcpGoodbye.withReason([input.ssrc], input.bye.reason));
  return packets;
}
