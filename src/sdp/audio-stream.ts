import { connectionOf } from './connection.js';
import { fmtpOf } from './fmtp.js';
import type { RemoteMedia } from './negotiation-result.js';
import { rtcpOf } from './rtcp-attribute.js';
import { codecOf, payloadTypesOf, sameEncoding } from './rtpmap.js';
import type { MediaDescription, SessionDescription } from './session-description.js';
import { DEFAULT_TELEPHONE_EVENTS, parseEventList } from './telephone-event.js';

/**
 * Reading one `m=audio` line for offer/answer: transport profile, where to send, which telephone-event it carries.
 * Shared by `negotiateAnswer` (answerer) and `applyAnswer` (offerer).
 */

/** RTP/AVP (RFC 3551), the only profile holdless speaks: no SRTP, no AVPF feedback. Profiles are case-insensitive. */
export function isRtpAvp(media: MediaDescription): boolean {
  return media.proto.toUpperCase() === 'RTP/AVP';
}

/**
 * Where the writer of `session` wants this stream's RTP and RTCP, or undefined when there is no `IN IP4`/`IN IP6`
 * connection for it. RTCP: the `a=rtcp` port and address (RFC 3605), else the RTP port + 1 (RFC 3550 §11).
 */
export function remoteMediaOf(session: SessionDescription, media: MediaDescription): RemoteMedia | undefined {
  const c = connectionOf(session, media);
  if (!c || c.netType !== 'IN' || (c.addrType !== 'IP4' && c.addrType !== 'IP6')) return undefined;
  const rtcp = rtcpOf(media);
  return {
    address: c.address,
    port: media.port,
    rtcp: { address: rtcp?.address ?? c.address, port: rtcp?.port ?? media.port + 1 },
  };
}

/**
 * RFC 2543 put a call on hold with `c=IN IP4 0.0.0.0`; RFC 3264 §8.4 keeps it as something an answerer must still
 * understand. Nothing can be sent to such an address.
 */
export function isHoldAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

export interface TelephoneEventFormat {
  payloadType: number;
  events: Set<number>;
}

/**
 * The first `telephone-event` format of the stream at `clockRate` (RFC 4733 §7.1.1: its rate should be the audio
 * codec's), with its event list (`0-15` when the fmtp is absent, RFC 4733 §2.4.1). Undefined if none, or if its
 * event list is unreadable.
 */
export function telephoneEventOf(media: MediaDescription, clockRate: number): TelephoneEventFormat | undefined {
  for (const payloadType of payloadTypesOf(media)) {
    const codec = codecOf(media, payloadType);
    if (!codec || !sameEncoding(codec.encoding, 'telephone-event') || codec.clockRate !== clockRate) continue;
    const fmtp = fmtpOf(media, payloadType);
    const events = fmtp === undefined ? new Set(DEFAULT_TELEPHONE_EVENTS) : parseEventList(fmtp);
    if (events) return { payloadType, events };
  }
  return undefined;
}
