/**
 * Splits a message head (start line and header fields, RFC 3261 §7) into lines and fields. Shared by the datagram
 * parser and the stream framer, which needs Content-Length before it knows where a message ends.
 *
 *   message-header = field-name HCOLON field-value CRLF;  HCOLON = *( SP / HTAB ) ":" SWS
 *   LWS = [*WSP CRLF] 1*WSP   ; a line starting with SP/HTAB continues the previous field (§7.3.1)
 *
 * Decisions:
 *  - Lines end in CRLF only; a bare CR or LF in the head is an error (`bare-line-break`), never a line end.
 *  - Folding is undone when the head is split: each `*WSP CRLF 1*WSP` becomes one SP; values are trimmed.
 *  - The head is decoded as UTF-8 (RFC 3261 §7.3.1 / §25: TEXT-UTF8) when it is valid UTF-8, and as ISO-8859-1
 *    otherwise, so a legacy gateway's Latin-1 display name is read rather than rejected. Nothing is lost either
 *    way; serialization always writes UTF-8.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TOKEN_CHARS } from '../uri/chars.js';
import { headerKey } from './header-names.js';
import { trimWs } from './header-list.js';
import { ParseError } from './parse-error.js';

export interface Head {
  readonly startLine: string;
  readonly names: string[];
  readonly values: string[];
  readonly keys: string[];
}

const FOLD = /[ \t]*\r\n[ \t]+/g;

/** Decodes `buf[start, end)`: ASCII and invalid UTF-8 as Latin-1, valid UTF-8 as UTF-8. */
export function decodeHead(buf: Buffer, start: number, end: number): string {
  const bytes = buf.subarray(start, end);
  return isAscii(bytes) || !isUtf8(bytes) ? buf.toString('latin1', start, end) : buf.toString('utf8', start, end);
}

function offsetOf(buf: Buffer, start: number, end: number, text: string, index: number): number {
  // Only on error paths: map a string index back to a byte offset (they differ when the head was UTF-8).
  return start + (text.length === end - start ? index : Buffer.byteLength(text.slice(0, index)));
}

/**
 * Splits `buf[start, end)`, the head without its final empty line. Throws ParseError with the byte offset of the
 * offending line.
 */
export function splitHead(buf: Buffer, start: number, end: number): Head {
  const text = decodeHead(buf, start, end);

  let lineEnd = text.indexOf('\r\n');
  if (lineEnd === -1) lineEnd = text.length;
  const startLine = text.slice(0, lineEnd);
  if (startLine.indexOf('\r') !== -1 || startLine.indexOf('\n') !== -1) {
    throw new ParseError('bare-line-break', 'bare CR or LF in the start line', { offset: start });
  }

  const names: string[] = [];
  const values: string[] = [];
  const keys: string[] = [];
  let pos = lineEnd + 2;
  while (pos < text.length) {
    const first = text.charCodeAt(pos);
    if (first === 0x20 || first === 0x09) {
      throw new ParseError('bad-header-line', 'continuation line without a header field', { offset: offsetOf(buf, start, end, text, pos) });
    }
    let stop = text.indexOf('\r\n', pos);
    if (stop === -1) stop = text.length;
    let folded = false;
    for (;;) {
      const next = text.charCodeAt(stop + 2);
      if (stop >= text.length || (next !== 0x20 && next !== 0x09)) break;
      folded = true;
      stop = text.indexOf('\r\n', stop + 2);
      if (stop === -1) stop = text.length;
    }
    const colon = text.indexOf(':', pos);
    if (colon === -1 || colon > stop) {
      throw new ParseError('bad-header-line', 'header line without a colon', { offset: offsetOf(buf, start, end, text, pos) });
    }
    let nameEnd = colon;
    while (nameEnd > pos && (text.charCodeAt(nameEnd - 1) === 0x20 || text.charCodeAt(nameEnd - 1) === 0x09)) nameEnd--;
    const name = text.slice(pos, nameEnd);
    if (!isTokenName(name)) {
      throw new ParseError('bad-header-line', `bad header name ${JSON.stringify(name)}`, { offset: offsetOf(buf, start, end, text, pos) });
    }
    let value = text.slice(colon + 1, stop);
    if (folded) value = value.replace(FOLD, ' ');
    if (value.indexOf('\r') !== -1 || value.indexOf('\n') !== -1) {
      throw new ParseError('bare-line-break', `bare CR or LF in header ${name}`, { offset: offsetOf(buf, start, end, text, pos) });
    }
    names.push(name);
    values.push(trimWs(value));
    keys.push(headerKey(name));
    pos = stop + 2;
  }
  return { startLine, names, values, keys };
}

function isTokenName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] !== 1) return false;
  }
  return true;
}
