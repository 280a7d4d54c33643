import type { Attribute, MediaDescription, SessionDescription } from './session-description.js';

/**
 * The media direction attributes (RFC 8866 §6.7): `a=sendrecv`, `a=sendonly`, `a=recvonly`, `a=inactive`, each
 * from the point of view of the writer of the description. Used for hold (RFC 3264 §8.4).
 */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

export function isDirection(name: string): name is Direction {
  return (DIRECTIONS as readonly string[]).includes(name);
}

function directionIn(attributes: readonly Attribute[]): Direction | undefined {
  // A direction attribute is a property attribute; `a=sendonly:x` is not one and is ignored.
  return attributes.find((a): a is Attribute & { name: Direction } => a.value === undefined && isDirection(a.name))
    ?.name;
}

/**
 * The direction that applies to a media section: its own attribute, else the session-level one, else `sendrecv`
 * (RFC 8866 §6.7: with none of the four present, sendrecv is assumed; a media-level attribute overrides the
 * session-level one).
 */
export function directionOf(session: SessionDescription, media?: MediaDescription): Direction {
  return (media && directionIn(media.attributes)) ?? directionIn(session.attributes) ?? 'sendrecv';
}

const SENDS: Readonly<Record<Direction, boolean>> = {
  sendrecv: true,
  sendonly: true,
  recvonly: false,
  inactive: false,
};
const RECEIVES: Readonly<Record<Direction, boolean>> = {
  sendrecv: true,
  sendonly: false,
  recvonly: true,
  inactive: false,
};

export function sends(d: Direction): boolean {
  return SENDS[d];
}

export function receives(d: Direction): boolean {
  return RECEIVES[d];
}

export function directionFrom(send: boolean, receive: boolean): Direction {
  if (send) return receive ? 'sendrecv' : 'sendonly';
  return receive ? 'recvonly' : 'inactive';
}

/** The other side's view of a direction: what one sends, the other receives (RFC 3264 §6.1). */
export function mirrorDirection(d: Direction): Direction {
  return directionFrom(receives(d), sends(d));
}

/** What both allow: sending only if both allow sending, receiving only if both allow receiving. */
export function intersectDirections(a: Direction, b: Direction): Direction {
  return directionFrom(sends(a) && sends(b), receives(a) && receives(b));
}

/**
 * The attribute list with every direction attribute replaced by `direction`, written where the first one stood (or
 * at the end). A new list; the input is not changed.
 */
export function withDirection(attributes: readonly Attribute[], direction: Direction): Attribute[] {
  const result: Attribute[] = [];
  let placed = false;
  for (const a of attributes) {
    if (a.value === undefined && isDirection(a.name)) {
      if (!placed) result.push({ name: direction });
      placed = true;
    } else {
      result.push(a);
    }
  }
  if (!placed) result.push({ name: direction });
  return result;
}

/** The attribute list without any direction attribute. */
export function withoutDirection(attributes: readonly Attribute[]): Attribute[] {
  return attributes.filter((a) => !(a.value === undefined && isDirection(a.name)));
}
