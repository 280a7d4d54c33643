/**
 * Splitting a list header's value at its separating commas (RFC 3261 §7.3.1). A comma inside a quoted-string
 * (`"Bell, Alexander" <sip:...>`, with `\"` escapes) or inside angle brackets (`<sip:a@b;x=1,2>`) is data, not a
 * separator. Elements are trimmed of SP/HTAB; empty elements are kept (as `''`) so that typed parsers can reject
 * `;;,;,,` (RFC 4475 §3.1.2.1) instead of silently skipping it.
 */

export function splitList(value: string): string[] {
  if (value.length === 0) return [];
  if (value.indexOf(',') === -1) return [trimWs(value)];
  const out: string[] = [];
  let start = 0;
  let inQuotes = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuotes) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22) inQuotes = false;
    } else if (c === 0x22 /* " */) {
      inQuotes = true;
    } else if (c === 0x3c /* < */) {
      angle = true;
    } else if (c === 0x3e /* > */) {
      angle = false;
    } else if (c === 0x2c /* , */ && !angle) {
      out.push(trimWs(value.slice(start, i)));
      start = i + 1;
    }
  }
  out.push(trimWs(value.slice(start)));
  return out;
}

/** Trims SP and HTAB (the only whitespace left in a header value once folding is undone). */
export function trimWs(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
