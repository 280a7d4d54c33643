/**
 * The SDP layer (RFC 8866 / RFC 4566, RFC 3264 offer/answer) as the SIP and telephony layers use it. See docs/sdp.md.
 */
export { applyAnswer } from './apply-answer.js';
export { attributeValues, firstAttributeValue, hasAttribute } from './attribute-list.js';
export { AUDIO_CODECS, type AudioCodec, type AudioCodecName, isAudioCodecName } from './audio-codecs.js';
export { isHoldAddress, isRtpAvp, remoteMediaOf, telephoneEventOf, type TelephoneEventFormat } from './audio-stream.js';
export { addrTypeOf, connectionOf, parseConnection, serializeConnection } from './connection.js';
export { createOffer, type OfferOptions } from './create-offer.js';
export {
  type Direction,
  DIRECTIONS,
  directionFrom,
  directionOf,
  intersectDirections,
  isDirection,
  mirrorDirection,
  receives,
  sends,
  withDirection,
  withoutDirection,
} from './direction.js';
export { type Fmtp, fmtpOf, fmtpParameters, formatFmtp, parseFmtp } from './fmtp.js';
export { holdOffer, reofferWithDirection, resumeOffer } from './hold.js';
export { checkLocalMedia, type LocalMedia } from './local-media.js';
export { type AnswerOptions, negotiateAnswer } from './negotiate-answer.js';
export type {
  NegotiatedCodec,
  NegotiationFailure,
  NegotiationFailureReason,
  NegotiationResult,
  NegotiationSuccess,
  RemoteMedia,
} from './negotiation-result.js';
export { parseSdp } from './parse-sdp.js';
export { maxptimeOf, ptimeOf } from './ptime.js';
export { formatRtcpAttribute, parseRtcpAttribute, type RtcpAttribute, rtcpOf } from './rtcp-attribute.js';
export { codecOf, formatRtpmap, parseRtpmap, payloadTypesOf, type Rtpmap, rtpmapsOf, sameEncoding } from './rtpmap.js';
export { InvalidSdpOptionsError, SdpError, SdpParseError } from './sdp-errors.js';
export { serializeSdp } from './serialize-sdp.js';
export type {
  Attribute,
  Bandwidth,
  Connection,
  MediaDescription,
  Origin,
  RepeatTime,
  SessionDescription,
  TimeDescription,
  TimeZoneAdjustment,
} from './session-description.js';
export { bumpVersion, continueSession, newOrigin, type SdpDeps } from './session-origin.js';
export { staticPayloadType } from './static-payload-types.js';
export {
  DEFAULT_TELEPHONE_EVENTS,
  formatEventList,
  parseEventList,
  SUPPORTED_TELEPHONE_EVENTS,
} from './telephone-event.js';
