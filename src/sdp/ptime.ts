import { firstAttributeValue } from './attribute-list.js';
import type { MediaDescription, SessionDescription } from './session-description.js';

/**
 * `a=ptime:<packet time>` and `a=maxptime:<maximum packet time>` (RFC 8866 §6.4, §6.5), in milliseconds. Both are
 * hints from the writer of the description about the packets it wants to receive. They are media-level attributes;
 * a session-level one is read as the default for every media section, as several UAs write it there.
 */

function readMilliseconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // RFC 8866 §6.4 allows a decimal point ("ptime:<packet time>" is a fractional number of ms in its ABNF).
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(trimmed)) return undefined;
  const ms = Number(trimmed);
  return ms > 0 ? ms : undefined;
}

/** The packet time asked for, media level first, then session level; undefined if absent or malformed. */
export function ptimeOf(media: MediaDescription, session?: SessionDescription): number | undefined {
  return (
    readMilliseconds(firstAttributeValue(media.attributes, 'ptime')) ??
    (session ? readMilliseconds(firstAttributeValue(session.attributes, 'ptime')) : undefined)
  );
}

/** The maximum packet time accepted, media level first, then session level; undefined if absent or malformed. */
export function maxptimeOf(media: MediaDescription, session?: SessionDescription): number | undefined {
  return (
    readMilliseconds(firstAttributeValue(media.attributes, 'maxptime')) ??
    (session ? readMilliseconds(firstAttributeValue(session.attributes, 'maxptime')) : undefined)
  );
}
