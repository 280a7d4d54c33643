import { type Direction, directionOf, intersectDirections, withDirection, withoutDirection } from './direction.js';
import type { SessionDescription } from './session-description.js';
import { bumpVersion } from './session-origin.js';

/**
 * Re-offers for hold and resume (RFC 3264 §8.4), built from the description this side sent last. Each active stream
 * (port != 0) gets an explicit media-level direction, the session-level one is dropped so it cannot contradict, and
 * the `o=` version goes up by one (RFC 3264 §8: "MUST increment by one"). Rejected streams stay as they were (§8:
 * every previous `m=` line must appear again, in order).
 */

/**
 * Puts the session on hold. RFC 3264 §8.4: "If the stream to be placed on hold was previously a sendrecv media
 * stream, it is placed on hold by marking it sendonly. If the stream to be placed on hold was previously a recvonly
 * media stream, it is placed on hold by marking it inactive." That is the previous direction narrowed by `mode`;
 * `inactive` stops media both ways (no music on hold).
 */
export function holdOffer(
  previous: SessionDescription,
  mode: 'sendonly' | 'inactive' = 'sendonly',
): SessionDescription {
  return reofferWithDirection(previous, (current) => intersectDirections(current, mode));
}

/** Takes the session off hold: every active stream back to `direction` (default `sendrecv`). */
export function resumeOffer(previous: SessionDescription, direction: Direction = 'sendrecv'): SessionDescription {
  return reofferWithDirection(previous, () => direction);
}

/** A new offer whose active streams get `choose(current direction)`; the version is bumped. */
export function reofferWithDirection(
  previous: SessionDescription,
  choose: (current: Direction) => Direction,
): SessionDescription {
  const media = previous.media.map((m) =>
    m.port === 0 ? m : { ...m, attributes: withDirection(m.attributes, choose(directionOf(previous, m))) },
  );
  return bumpVersion({ ...previous, attributes: withoutDirection(previous.attributes), media });
}
