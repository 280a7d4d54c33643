/**
 * Telling RTP from RTCP on one port (RFC 5761 §4, "rtcp-mux"): RTCP packet types 200-204 (and the feedback types up
 * to 207) land, with the marker bit, on RTP payload types 72-79, which RFC 5761 reserves; RTP payload types in use
 * are 0-34 and 96-127. So the second byte decides. The first byte's top two bits are the version (2) in both.
 */

/** True when the datagram looks like RTCP (second byte 192..223, RFC 5761 §4), false for RTP. */
export function isRtcpPacket(buf: Uint8Array): boolean {
  if (buf.length < 2 || buf[0]! >> 6 !== 2) return false;
  const pt = buf[1]!;
  return pt >= 192 && pt <= 223;
}
