/**
 * URI parameters (`;name=value`, RFC 3261 §19.1.1 uri-parameters, RFC 3966 §3 par) and SIP URI headers
 * (`?name=value&...`). They are stored as written, escapes and all, so a URI serializes back to its own bytes;
 * lookups compare names case-insensitively after unescaping, as RFC 3261 §19.1.4 compares them.
 */
import { type CharTable, escapeText, isEscapedText, unescapeText } from './chars.js';

export interface UriParam {
  /** The name as written (escaped form). */
  readonly name: string;
  /** The value as written (escaped form), or null for a flag such as `lr`. */
  readonly value: string | null;
}

export interface UriHeader {
  readonly name: string;
  readonly value: string;
}

/** Parses `a=b;c;d=e` (the text after the first `;`). Returns null when any parameter is malformed. */
export function parseUriParams(text: string, nameChars: CharTable, valueChars: CharTable): UriParam[] | null {
  const out: UriParam[] = [];
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? null : part.slice(eq + 1);
    if (!isEscapedText(name, nameChars)) return null;
    if (value !== null && !isEscapedText(value, valueChars)) return null;
    out.push({ name, value });
  }
  return out;
}

/** Parses `a=b&c=d` (the text after `?`). hvalue may be empty (RFC 3261 §25.1). */
export function parseUriHeaders(text: string, chars: CharTable): UriHeader[] | null {
  const out: UriHeader[] = [];
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq === -1) return null;
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (!isEscapedText(name, chars) || !isEscapedText(value, chars, true)) return null;
    out.push({ name, value });
  }
  return out;
}

export function formatUriParams(params: readonly UriParam[]): string {
  let out = '';
  for (const p of params) out += p.value === null ? `;${p.name}` : `;${p.name}=${p.value}`;
  return out;
}

export function formatUriHeaders(headers: readonly UriHeader[]): string {
  return headers.length === 0 ? '' : '?' + headers.map((h) => `${h.name}=${h.value}`).join('&');
}

function sameName(written: string, wanted: string): boolean {
  if (written.length === wanted.length && written.toLowerCase() === wanted) return true;
  return written.indexOf('%') !== -1 && unescapeText(written).toLowerCase() === wanted;
}

/** The unescaped value of `name`: a string, null for a flag parameter, undefined when absent. */
export function findUriParam(params: readonly UriParam[], name: string): string | null | undefined {
  const wanted = name.toLowerCase();
  for (const p of params) {
    if (sameName(p.name, wanted)) return p.value === null ? null : unescapeText(p.value);
  }
  return undefined;
}

/** Returns a copy of `params` with `name` set (replacing every earlier occurrence) to an unescaped value. */
export function withUriParam(
  params: readonly UriParam[],
  name: string,
  value: string | null,
  chars: CharTable,
): UriParam[] {
  const wanted = name.toLowerCase();
  const encoded: UriParam = { name: escapeText(name, chars), value: value === null ? null : escapeText(value, chars) };
  const out: UriParam[] = [];
  let placed = false;
  for (const p of params) {
    if (sameName(p.name, wanted)) {
      if (!placed) out.push(encoded);
      placed = true;
    } else {
      out.push(p);
    }
  }
  if (!placed) out.push(encoded);
  return out;
}

export function withoutUriParam(params: readonly UriParam[], name: string): UriParam[] {
  const wanted = name.toLowerCase();
  return params.filter((p) => !sameName(p.name, wanted));
}
