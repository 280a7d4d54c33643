import { isHoldAddress, isRtpAvp, remoteMediaOf, telephoneEventOf } from './audio-stream.js';
import { directionFrom, directionOf, intersectDirections, mirrorDirection, receives } from './direction.js';
import { negotiationFailure, type NegotiationResult } from './negotiation-result.js';
import { ptimeOf } from './ptime.js';
import { codecOf, payloadTypesOf, sameEncoding, type Rtpmap } from './rtpmap.js';
import type { SessionDescription } from './session-description.js';

/**
 * The offerer's side of RFC 3264 §6/§7: reads the answer to our `offer` and says what was agreed, or why the answer is
 * unacceptable (then the UAC ends the attempt: RFC 3261 §13.2.1 has it send BYE after the ACK, or a new offer).
 *
 * Checks: one `m=` line per offered one (§6); the audio stream we offered was not rejected (port 0); the codec the
 * answer lists first among real codecs was in our offer, compared by encoding name and clock rate (§6.1: the answerer
 * SHOULD, not MUST, reuse our payload numbers, so the number to send with is the ANSWER's). telephone-event is taken
 * when both sides listed it at the codec's clock rate. Direction: ours narrowed by the mirror of the answer's.
 *
 * Never throws for parsed descriptions.
 */
export function applyAnswer(offer: SessionDescription, answer: SessionDescription): NegotiationResult {
  if (answer.media.length !== offer.media.length) {
    return negotiationFailure(
      'media-count-mismatch',
      `the offer has ${offer.media.length} m= lines, the answer ${answer.media.length} (RFC 3264 §6)`,
    );
  }
  const index = offer.media.findIndex((m) => m.type === 'audio' && m.port !== 0 && isRtpAvp(m));
  if (index < 0) return negotiationFailure('no-audio-stream', 'our offer has no active RTP/AVP m=audio line');
  const offered = offer.media[index]!;
  const answered = answer.media[index]!;
  if (answered.port === 0) return negotiationFailure('stream-rejected', `the answer rejected m= line ${index + 1}`);

  const offeredCodecs = payloadTypesOf(offered).flatMap((pt) => codecOf(offered, pt) ?? []);
  const isOffered = (r: Rtpmap): boolean =>
    offeredCodecs.some((o) => sameEncoding(o.encoding, r.encoding) && o.clockRate === r.clockRate);
  const answeredCodecs = payloadTypesOf(answered)
    .flatMap((pt) => codecOf(answered, pt) ?? [])
    .filter((r) => !isNonCodec(r));
  const codec = answeredCodecs.find(isOffered);
  if (!codec) {
    return answeredCodecs.length > 0
      ? negotiationFailure('codec-not-offered', `the answer chose ${answeredCodecs[0]!.encoding}, not offered`)
      : negotiationFailure('no-common-codec', `the answer lists no codec on m= line ${index + 1}`);
  }
  const remote = remoteMediaOf(answer, answered);
  if (!remote) {
    return negotiationFailure('no-connection-address', `the answer has no IN IP4/IP6 c= for line ${index + 1}`);
  }

  const ours = directionOf(offer, offered);
  const agreed = intersectDirections(ours, mirrorDirection(directionOf(answer, answered)));
  const direction = isHoldAddress(remote.address) ? directionFrom(false, receives(agreed)) : agreed;
  const result: NegotiationResult = {
    ok: true,
    answer,
    mediaIndex: index,
    codec: { name: codec.encoding.toUpperCase(), payloadType: codec.payloadType, clockRate: codec.clockRate },
    remote,
    direction,
    ptime: ptimeOf(answered, answer) ?? ptimeOf(offered, offer) ?? 20,
  };
  const te = telephoneEventOf(answered, codec.clockRate);
  if (te && telephoneEventOf(offered, codec.clockRate)) result.telephoneEvent = te.payloadType;
  return result;
}

/** Formats that ride along a codec without being one: DTMF events and comfort noise (RFC 3389). */
function isNonCodec(r: Rtpmap): boolean {
  return sameEncoding(r.encoding, 'telephone-event') || sameEncoding(r.encoding, 'CN');
}
