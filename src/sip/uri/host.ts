/**
 * host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1), shared by SIP URIs and the Via sent-by.
 *
 *   hostname    = *( domainlabel "." ) toplabel [ "." ]
 *   IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT
 *   IPv6reference = "[" IPv6address "]"
 *
 * Deliberately lenient on one point: `_` is accepted in labels (DNS SRV-style names appear in the wild).
 */
import { HEXDIG, inTable } from './chars.js';

export type HostKind = 'hostname' | 'ipv4' | 'ipv6';

export interface ParsedHost {
  /** The host as written, without the brackets of an IPv6 reference. */
  readonly host: string;
  readonly kind: HostKind;
}

/** Parses a host; `text` carries brackets for IPv6 (`[::1]`). Returns null when it is not a valid host. */
export function parseHost(text: string): ParsedHost | null {
  if (text.length === 0) return null;
  if (text.charCodeAt(0) === 0x5b /* [ */) {
    if (text.charCodeAt(text.length - 1) !== 0x5d) return null;
    const inner = text.slice(1, -1);
    return isIPv6(inner) ? { host: inner, kind: 'ipv6' } : null;
  }
  if (isIPv4(text)) return { host: text, kind: 'ipv4' };
  return isHostname(text) ? { host: text, kind: 'hostname' } : null;
}

export function formatHost(host: string, kind: HostKind): string {
  return kind === 'ipv6' ? `[${host}]` : host;
}

/** A comparison key: hostnames compare case-insensitively, IPv6 addresses by value (RFC 3261 §19.1.4). */
export function hostKey(host: string, kind: HostKind): string {
  if (kind === 'ipv6') return expandIPv6(host) ?? host.toLowerCase();
  return host.toLowerCase();
}

export function isIPv4(text: string): boolean {
  // Hand-rolled rather than split('.'): this runs for every host of every Via and URI.
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 0x2e : text.charCodeAt(i);
    if (c === 0x2e /* . */) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else {
      return false;
    }
  }
  return parts === 4;
}

function isHostname(text: string): boolean {
  // One pass over the labels: alphanum, "-", "_"; no empty label (a final "." is allowed); no leading "-".
  let labelStart = 0;
  let topAllDigits = true;
  const end = text.charCodeAt(text.length - 1) === 0x2e ? text.length - 1 : text.length;
  if (end === 0) return false;
  for (let i = 0; i <= end; i++) {
    const c = i === end ? 0x2e : text.charCodeAt(i);
    if (c === 0x2e /* . */) {
      if (i === labelStart || i - labelStart > 63) return false;
      if (i < end) topAllDigits = true;
      labelStart = i + 1;
      continue;
    }
    const digit = c >= 0x30 && c <= 0x39;
    if (!digit) topAllDigits = false;
    const ok = digit || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c === 0x2d && i > labelStart);
    if (!ok) return false;
  }
  // toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum: an all-digit last label is a malformed IPv4 address.
  return !topAllDigits;
}

export function isIPv6(text: string): boolean {
  return expandIPv6(text) !== null;
}

/** Expands an IPv6 address to eight 4-digit lower-case groups, or returns null when it is malformed. */
function expandIPv6(text: string): string | null {
  let body = text;
  let v4Groups: string[] = [];
  if (text.indexOf('.') !== -1) {
    // A trailing dotted quad stands for the last two groups (IPv6address = ... ls32; ls32 = ... / IPv4address).
    const lastColon = text.lastIndexOf(':');
    if (lastColon === -1) return null;
    const v4 = text.slice(lastColon + 1);
    if (!isIPv4(v4)) return null;
    const o = v4.split('.').map(Number);
    v4Groups = [((o[0]! << 8) | o[1]!).toString(16), ((o[2]! << 8) | o[3]!).toString(16)];
    body = text.charCodeAt(lastColon - 1) === 0x3a ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const dbl = body.indexOf('::');
  if (dbl !== -1 && body.indexOf('::', dbl + 1) !== -1) return null;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  let groups: string[];
  if (dbl === -1) {
    groups = [...split(body), ...v4Groups];
    if (groups.length !== 8) return null;
  } else {
    const left = split(body.slice(0, dbl));
    const right = [...split(body.slice(dbl + 2)), ...v4Groups];
    const missing = 8 - left.length - right.length;
    if (missing < 1) return null;
    groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  }
  for (const g of groups) {
    if (g.length < 1 || g.length > 4) return null;
    for (let i = 0; i < g.length; i++) if (!inTable(HEXDIG, g.charCodeAt(i))) return null;
  }
  return groups.map((g) => g.toLowerCase().padStart(4, '0')).join(':');
}
