import { addrTypeOf } from './connection.js';
import { AUDIO_CODECS } from './audio-codecs.js';
import { formatFmtp } from './fmtp.js';
import { checkLocalMedia, type LocalMedia } from './local-media.js';
import { formatRtpmap } from './rtpmap.js';
import { InvalidSdpOptionsError } from './sdp-errors.js';
import type { Attribute, SessionDescription } from './session-description.js';
import { continueSession, newOrigin, type SdpDeps } from './session-origin.js';
import { formatEventList, SUPPORTED_TELEPHONE_EVENTS } from './telephone-event.js';

export interface OfferOptions extends LocalMedia {
  /** Dynamic payload type for RFC 4733 `telephone-event/8000` (96-127, 101 by convention); omitted: no DTMF events. */
  telephoneEvent?: number;
  /** `o=` session id; default from `deps.rng`. Ignored when `previous` is given. */
  sessionId?: string;
  /** `o=` version; default from `deps.clock`. Ignored when `previous` is given. */
  sessionVersion?: string;
}

/**
 * An initial (or, with `previous`, a new) offer for one RTP/AVP audio stream (RFC 3264 §5):
 *
 *   v=0
 *   o=- 180891235710 3990000000 IN IP4 192.0.2.10
 *   s=-
 *   c=IN IP4 192.0.2.10
 *   t=0 0
 *   m=audio 40000 RTP/AVP 0 8 101
 *   a=rtpmap:0 PCMU/8000
 *   a=rtpmap:8 PCMA/8000
 *   a=rtpmap:101 telephone-event/8000
 *   a=fmtp:101 0-16
 *   a=ptime:20
 *   a=sendrecv
 *
 * rtpmap lines are written for the static types too: RFC 8866 §6.6 allows leaving them out, but some SBCs want them.
 */
export function createOffer(options: OfferOptions, deps: SdpDeps): SessionDescription {
  checkLocalMedia(options);
  const te = options.telephoneEvent;
  if (te !== undefined && (!Number.isInteger(te) || te < 96 || te > 127)) {
    throw new InvalidSdpOptionsError('telephoneEvent', `${te} is not a dynamic payload type (96-127, RFC 3551 §3)`);
  }
  const origin = newOrigin(options.address, deps);
  if (options.sessionId !== undefined) origin.sessionId = checkDigits('sessionId', options.sessionId);
  if (options.sessionVersion !== undefined) {
    origin.sessionVersion = checkDigits('sessionVersion', options.sessionVersion);
  }

  const codecs = [...new Set(options.codecs)].map((name) => AUDIO_CODECS[name]);
  const attributes: Attribute[] = codecs.map((c) => ({
    name: 'rtpmap',
    value: formatRtpmap({ payloadType: c.payloadType, encoding: c.name, clockRate: c.clockRate }),
  }));
  const formats = codecs.map((c) => String(c.payloadType));
  if (te !== undefined) {
    formats.push(String(te));
    const events = formatEventList(SUPPORTED_TELEPHONE_EVENTS);
    attributes.push(
      { name: 'rtpmap', value: formatRtpmap({ payloadType: te, encoding: 'telephone-event', clockRate: 8000 }) },
      { name: 'fmtp', value: formatFmtp({ format: String(te), parameters: events }) },
    );
  }
  attributes.push({ name: 'ptime', value: String(options.ptime ?? 20) });
  attributes.push({ name: options.direction ?? 'sendrecv' });

  const offer: SessionDescription = {
    version: 0,
    origin,
    sessionName: options.sessionName ?? '-',
    emails: [],
    phones: [],
    connection: { netType: 'IN', addrType: addrTypeOf(options.address), address: options.address },
    bandwidths: [],
    times: [{ start: 0, stop: 0, repeats: [] }],
    attributes: [],
    media: [
      { type: 'audio', port: options.port, proto: 'RTP/AVP', formats, connections: [], bandwidths: [], attributes },
    ],
  };
  return continueSession(options.previous, offer);
}

function checkDigits(field: string, value: string): string {
  if (!/^\d+$/.test(value)) throw new InvalidSdpOptionsError(field, `'${value}' is not digits (RFC 8866 §5.2)`);
  return value;
}
