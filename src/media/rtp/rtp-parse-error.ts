/**
 * The one error RTP, RTCP and RTP-payload parsers throw on bytes that are not a valid packet. Callers on the media
 * path catch it, count the packet as malformed and drop it (RFC 3550 §A.1: invalid packets are discarded); nothing
 * matches on the message text, only on `reason`.
 */
export type RtpParseReason =
  | 'truncated' // fewer bytes than the header or a declared length needs
  | 'version' // version field is not 2 (RFC 3550 §5.1)
  | 'padding' // padding count is 0 or larger than the space it must fit in (§5.1)
  | 'extension' // header extension or RFC 8285 element does not fit
  | 'length' // an RTCP length field disagrees with the datagram (§6.4.1, §A.2)
  | 'packet-type' // an RTCP packet of a type other than the one asked for
  | 'malformed'; // a payload-specific field is out of range (RFC 4733 event, SDES item, ...)

export class RtpParseError extends Error {
  constructor(
    readonly reason: RtpParseReason,
    message: string,
    /** Byte offset in the parsed buffer where the problem was found. */
    readonly offset = 0,
  ) {
    super(message);
    this.name = 'RtpParseError';
  }
}
