import { AUDIO_CODECS, type AudioCodec } from './audio-codecs.js';
import { isHoldAddress, isRtpAvp, remoteMediaOf, telephoneEventOf, type TelephoneEventFormat } from './audio-stream.js';
import { addrTypeOf } from './connection.js';
import {
  type Direction,
  directionFrom,
  directionOf,
  intersectDirections,
  mirrorDirection,
  receives,
} from './direction.js';
import { formatFmtp } from './fmtp.js';
import { checkLocalMedia, type LocalMedia } from './local-media.js';
import {
  negotiationFailure,
  type NegotiationFailure,
  type NegotiationResult,
  type RemoteMedia,
} from './negotiation-result.js';
import { maxptimeOf, ptimeOf } from './ptime.js';
import { codecOf, formatRtpmap, payloadTypesOf, sameEncoding } from './rtpmap.js';
import type { Attribute, MediaDescription, SessionDescription } from './session-description.js';
import { continueSession, newOrigin, type SdpDeps } from './session-origin.js';
import { formatEventList, SUPPORTED_TELEPHONE_EVENTS } from './telephone-event.js';

export interface AnswerOptions extends LocalMedia {
  /** Accept RFC 4733 telephone-event when offered (default true). */
  telephoneEvent?: boolean;
}

interface StreamMatch {
  index: number;
  codec: AudioCodec & { offeredPayloadType: number };
  telephoneEvent?: TelephoneEventFormat;
  remote: RemoteMedia;
}

/**
 * The answerer's side of RFC 3264 §6 for an audio-only endpoint.
 *
 * - The first active (`port != 0`) RTP/AVP `m=audio` line whose codecs we can handle is accepted; every other `m=`
 *   line is rejected with port 0, formats copied (§6: "the answer MUST contain exactly the same number of "m=" lines
 *   as the offer", a rejected one has port zero and still lists a format). Offered port-0 streams stay 0.
 * - The codec is the first of the OFFER's formats we support (§6.1: the answerer SHOULD respect the offerer's
 *   preference order), with the offer's payload type number (§6.1: "that same payload type number SHOULD be used").
 *   Only that one codec is answered, so media never changes codec mid-call.
 * - telephone-event (RFC 4733) is matched by name and clock rate, answered with the offer's payload type and the
 *   events both sides support (ours are 0-16).
 * - Direction mirrors the offer's, narrowed by ours (§6.1: sendonly → recvonly, recvonly → sendonly, inactive →
 *   inactive; sendrecv → whatever we want).
 * - `t=` is copied from the offer (§6: "The "t=" line in the answer MUST equal that of the offer").
 *
 * Never throws for any parsed offer; throws `InvalidSdpOptionsError` for bad `options`.
 */
export function negotiateAnswer(offer: SessionDescription, options: AnswerOptions, deps: SdpDeps): NegotiationResult {
  checkLocalMedia(options);
  let match: StreamMatch | undefined;
  let firstFailure: NegotiationFailure | undefined;
  for (const [index, media] of offer.media.entries()) {
    if (media.type !== 'audio' || media.port === 0) continue;
    const attempt = matchStream(offer, media, index, options);
    if ('ok' in attempt) {
      firstFailure ??= attempt;
    } else {
      match = attempt;
      break;
    }
  }
  if (!match) return firstFailure ?? negotiationFailure('no-audio-stream', 'the offer has no active m=audio line');

  const offered = offer.media[match.index]!;
  const offeredDirection = directionOf(offer, offered);
  const answerDirection = intersectDirections(mirrorDirection(offeredDirection), options.direction ?? 'sendrecv');
  const remotePtime = ptimeOf(offered, offer);
  const maxptime = maxptimeOf(offered, offer);
  const ptime = Math.min(remotePtime ?? options.ptime ?? 20, maxptime ?? Infinity);

  const answer: SessionDescription = {
    version: 0,
    origin: newOrigin(options.address, deps),
    sessionName: options.sessionName ?? '-',
    emails: [],
    phones: [],
    connection: { netType: 'IN', addrType: addrTypeOf(options.address), address: options.address },
    bandwidths: [],
    times: offer.times.length > 0 ? structuredClone(offer.times) : [{ start: 0, stop: 0, repeats: [] }],
    attributes: [],
    media: offer.media.map((m, i) =>
      i === match.index ? acceptedStream(m, match, options, answerDirection) : rejected(m),
    ),
  };

  // What we may actually do: the answer's direction, minus sending to an RFC 2543 hold address (RFC 3264 §8.4).
  const direction = isHoldAddress(match.remote.address)
    ? directionFrom(false, receives(answerDirection))
    : answerDirection;
  const result: NegotiationResult = {
    ok: true,
    answer: continueSession(options.previous, answer),
    mediaIndex: match.index,
    codec: { name: match.codec.name, payloadType: match.codec.offeredPayloadType, clockRate: match.codec.clockRate },
    remote: match.remote,
    direction,
    ptime,
  };
  if (match.telephoneEvent) result.telephoneEvent = match.telephoneEvent.payloadType;
  return result;
}

function matchStream(
  offer: SessionDescription,
  media: MediaDescription,
  index: number,
  options: AnswerOptions,
): StreamMatch | NegotiationFailure {
  if (!isRtpAvp(media)) {
    return negotiationFailure('unsupported-transport', `m=audio line ${index + 1} uses ${media.proto}, not RTP/AVP`);
  }
  const remote = remoteMediaOf(offer, media);
  if (!remote) {
    return negotiationFailure('no-connection-address', `m=audio line ${index + 1} has no IN IP4/IP6 c= line`);
  }
  for (const payloadType of payloadTypesOf(media)) {
    const rtpmap = codecOf(media, payloadType);
    if (!rtpmap || (rtpmap.channels ?? 1) !== 1) continue;
    const ours = options.codecs
      .map((name) => AUDIO_CODECS[name])
      .find((c) => sameEncoding(c.name, rtpmap.encoding) && c.clockRate === rtpmap.clockRate);
    if (!ours) continue;
    const match: StreamMatch = { index, codec: { ...ours, offeredPayloadType: payloadType }, remote };
    const te = options.telephoneEvent === false ? undefined : telephoneEventOf(media, ours.clockRate);
    const events = te ? [...te.events].filter((e) => SUPPORTED_TELEPHONE_EVENTS.has(e)) : [];
    if (te && events.length > 0) match.telephoneEvent = { payloadType: te.payloadType, events: new Set(events) };
    return match;
  }
  return negotiationFailure(
    'no-common-codec',
    `m=audio line ${index + 1} offers ${media.formats.join(' ')}; we support ${options.codecs.join(', ')}`,
  );
}

function acceptedStream(
  offered: MediaDescription,
  match: StreamMatch,
  options: AnswerOptions,
  direction: Direction,
): MediaDescription {
  const { codec, telephoneEvent } = match;
  const formats = [String(codec.offeredPayloadType)];
  const attributes: Attribute[] = [
    {
      name: 'rtpmap',
      value: formatRtpmap({ payloadType: codec.offeredPayloadType, encoding: codec.name, clockRate: codec.clockRate }),
    },
  ];
  if (telephoneEvent) {
    const pt = telephoneEvent.payloadType;
    formats.push(String(pt));
    attributes.push(
      {
        name: 'rtpmap',
        value: formatRtpmap({ payloadType: pt, encoding: 'telephone-event', clockRate: codec.clockRate }),
      },
      { name: 'fmtp', value: formatFmtp({ format: String(pt), parameters: formatEventList(telephoneEvent.events) }) },
    );
  }
  attributes.push({ name: 'ptime', value: String(options.ptime ?? 20) }, { name: direction });
  const { type, proto } = offered;
  return { type, port: options.port, proto, formats, connections: [], bandwidths: [], attributes };
}

/** RFC 3264 §6: a rejected stream keeps its media type, transport and formats, with port 0 and nothing else. */
function rejected(offered: MediaDescription): MediaDescription {
  const formats = offered.formats.length > 0 ? [...offered.formats] : ['0'];
  const { type, proto } = offered;
  return { type, port: 0, proto, formats, connections: [], bandwidths: [], attributes: [] };
}
