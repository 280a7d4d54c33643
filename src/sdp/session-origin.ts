import type { Clock } from '../lib/clock.js';
import type { Rng } from '../lib/rng.js';
import { addrTypeOf } from './connection.js';
import { serializeSdp } from './serialize-sdp.js';
import type { Origin, SessionDescription } from './session-description.js';

/** What the SDP builders need from the outside: randomness for session ids, time for the first version. */
export interface SdpDeps {
  rng: Rng;
  clock: Clock;
}

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2_208_988_800;

/**
 * A fresh `o=` line. RFC 8866 §5.2 asks that <sess-id> and <sess-version> be numeric and suggests an NTP timestamp
 * for them; the id comes from the injected `Rng` (48 random bits, well under 2^63), the first version from the
 * injected `Clock` as NTP seconds, so a restarted server never reuses a lower version for the same id.
 */
export function newOrigin(address: string, deps: SdpDeps, username = '-'): Origin {
  const sessionId = BigInt(`0x${deps.rng.hex(6)}`).toString(10);
  const sessionVersion = String(Math.floor(deps.clock.now() / 1000) + NTP_UNIX_OFFSET);
  return { username, sessionId, sessionVersion, netType: 'IN', addrType: addrTypeOf(address), address };
}

/** The description with its <sess-version> one higher (RFC 3264 §8: "MUST increment by one"). */
export function bumpVersion(sd: SessionDescription): SessionDescription {
  const next = (BigInt(sd.origin.sessionVersion) + 1n).toString(10);
  return { ...sd, origin: { ...sd.origin, sessionVersion: next } };
}

/**
 * The next description of an ongoing session, given the previous one this side sent. RFC 3264 §8: the `o=` line
 * "MUST be identical to that in the previous SDP, except that the version in the origin field MUST increment by one
 * from the previous SDP"; and when nothing changed, the version stays and the description is identical. Without a
 * previous description, `next` is returned as it is.
 */
export function continueSession(
  previous: SessionDescription | undefined,
  next: SessionDescription,
): SessionDescription {
  if (!previous) return next;
  const sameOrigin = { ...next, origin: { ...previous.origin } };
  return serializeSdp(sameOrigin) === serializeSdp(previous) ? sameOrigin : bumpVersion(sameOrigin);
}
