/**
 * URI equality.
 *
 * SIP/SIPS, RFC 3261 §19.1.4:
 *  - sip and sips never match; userinfo compares case-sensitively, host case-insensitively, all after unescaping;
 *  - a port, transport, user, ttl, method or maddr present in one URI must be present in the other with an equal
 *    value (an omitted default never matches an explicit one);
 *  - other uri-parameters are compared only when both URIs carry them (names and values case-insensitive);
 *  - header components are never ignored: both URIs must carry the same set (names case-insensitive).
 * tel, RFC 3966 §4: same global/local kind, same digits ignoring visual separators, same parameter set.
 * Other schemes: scheme case-insensitive, the rest byte for byte.
 */
import { unescapeText } from './chars.js';
import { hostKey } from './host.js';
import type { SipUri } from './sip-uri.js';
import { type TelUri, telParamKey } from './tel-uri.js';
import type { Uri } from './uri.js';

const MUST_MATCH = new Set(['transport', 'user', 'ttl', 'method', 'maddr']);

export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind === 'sip' && b.kind === 'sip') return sipUriEquals(a, b);
  if (a.kind === 'tel' && b.kind === 'tel') return telUriEquals(a, b);
  if (a.kind === 'absolute' && b.kind === 'absolute') return a.scheme === b.scheme && a.rest === b.rest;
  return false;
}

function paramMap(uri: SipUri): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const p of uri.params) {
    const name = unescapeText(p.name).toLowerCase();
    if (!m.has(name)) m.set(name, p.value === null ? null : unescapeText(p.value).toLowerCase());
  }
  return m;
}

function headerSet(uri: SipUri): string[] {
  return uri.headers.map((h) => `${unescapeText(h.name).toLowerCase()}=${unescapeText(h.value)}`).sort();
}

export function sipUriEquals(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  if ((a.user === undefined) !== (b.user === undefined)) return false;
  if (a.user !== undefined && unescapeText(a.user) !== unescapeText(b.user!)) return false;
  if ((a.password === undefined) !== (b.password === undefined)) return false;
  if (a.password !== undefined && unescapeText(a.password) !== unescapeText(b.password!)) return false;
  if (a.hostKind !== b.hostKind || hostKey(a.host, a.hostKind) !== hostKey(b.host, b.hostKind)) return false;
  if (a.port !== b.port) return false;

  const pa = paramMap(a);
  const pb = paramMap(b);
  for (const [name, value] of pa) {
    if (pb.has(name)) {
      if (pb.get(name) !== value) return false;
    } else if (MUST_MATCH.has(name)) {
      return false;
    }
  }
  for (const name of pb.keys()) if (!pa.has(name) && MUST_MATCH.has(name)) return false;

  const ha = headerSet(a);
  const hb = headerSet(b);
  return ha.length === hb.length && ha.every((h, i) => h === hb[i]);
}

export function telUriEquals(a: TelUri, b: TelUri): boolean {
  if (a.isGlobal !== b.isGlobal || a.digits.toLowerCase() !== b.digits.toLowerCase()) return false;
  const ka = a.params.map((p) => telParamKey(p.name, p.value)).sort();
  const kb = b.params.map((p) => telParamKey(p.name, p.value)).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}
