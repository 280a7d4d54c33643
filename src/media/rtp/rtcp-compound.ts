/**
 * Compound RTCP packets (RFC 3550 §6.1): several RTCP packets stacked in one datagram, each with its own header and
 * length. We parse every packet; SR, RR, SDES and BYE become typed values, anything else (or a known type whose body
 * is malformed) an `RtcpRawPacket`, so one odd packet does not cost the reports around it. Framing errors (version,
 * a length running past the datagram, bad padding) fail the whole datagram, as RFC 3550 A.2's validity check does.
 *
 * We do not insist that the first packet is an SR or RR: RFC 5506 "reduced-size" RTCP (feedback alone) is legal on
 * sessions that negotiate it. Padding is accepted on parse and not re-emitted on serialize.
 */
import { RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR, readRtcpFrame } from './rtcp-header.js';
import { RtcpGoodbye } from './rtcp-goodbye.js';
import { RtcpRawPacket } from './rtcp-raw-packet.js';
import { RtcpReceiverReport } from './rtcp-receiver-report.js';
import { RtcpSenderReport } from './rtcp-sender-report.js';
import { RtcpSourceDescription } from './rtcp-source-description.js';
import { RtpParseError } from './rtp-parse-error.js';

export type RtcpPacket = RtcpSenderReport | RtcpReceiverReport | RtcpSourceDescription | RtcpGoodbye | RtcpRawPacket;

function parseBody(packetType: number, count: number, body: Uint8Array): RtcpPacket {
  try {
    switch (packetType) {
      case RTCP_SR:
        return RtcpSenderReport.unmarshalBody(count, body);
      case RTCP_RR:
        return RtcpReceiverReport.unmarshalBody(count, body);
      case RTCP_SDES:
        return RtcpSourceDescription.unmarshalBody(count, body);
      case RTCP_BYE:
        return RtcpGoodbye.unmarshalBody(count, body);
    }
  } catch (err) {
    if (!(err instanceof RtpParseError)) throw err;
  }
  return new RtcpRawPacket(packetType, count, body);
}

/** Parses a datagram of one or more RTCP packets. Throws RtpParseError when the framing is invalid. */
export function parseRtcpCompound(buf: Uint8Array): RtcpPacket[] {
  if (buf.length === 0) throw new RtpParseError('truncated', 'empty RTCP datagram');
  const packets: RtcpPacket[] = [];
  let at = 0;
  while (at < buf.length) {
    const frame = readRtcpFrame(buf, at);
    packets.push(parseBody(frame.packetType, frame.count, frame.body));
    at = frame.next;
  }
  return packets;
}

export function rtcpCompoundSize(packets: readonly RtcpPacket[]): number {
  return packets.reduce((n, p) => n + p.size(), 0);
}

/** Writes the packets back to back into `buf` at `offset`; returns the bytes written. */
export function marshalRtcpCompoundTo(packets: readonly RtcpPacket[], buf: Uint8Array, offset = 0): number {
  let at = offset;
  for (const packet of packets) at += packet.marshalTo(buf, at);
  return at - offset;
}

export function marshalRtcpCompound(packets: readonly RtcpPacket[]): Uint8Array {
  const out = new Uint8Array(rtcpCompoundSize(packets));
  marshalRtcpCompoundTo(packets, out, 0);
  return out;
}
