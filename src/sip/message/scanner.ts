/**
 * A cursor over one (unfolded) header value, with the separators of RFC 3261 §25.1:
 *
 *   SWS = [LWS]; SEMI = SWS ";" SWS; EQUAL = SWS "=" SWS; COMMA, SLASH, COLON, LAQUOT, RAQUOT alike
 *   quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
 *   qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
 *   quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
 *
 * Values reach the scanner unfolded, so LWS is just SP / HTAB here. Every failure is a ParseError naming the header.
 */
import { type CharTable, TOKEN_CHARS, inTable } from '../uri/chars.js';
import { EncodeError } from './encode-error.js';
import { ParseError } from './parse-error.js';

export class Scanner {
  pos = 0;

  constructor(
    readonly text: string,
    /** Canonical header name, for error messages. */
    readonly header: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  fail(what: string): never {
    throw new ParseError('bad-header-value', `${this.header}: ${what} at column ${this.pos} of ${JSON.stringify(this.text)}`, {
      header: this.header,
    });
  }

  /** Skips SP / HTAB; returns whether any was skipped. */
  skipWs(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09) break;
      this.pos++;
    }
    return this.pos > start;
  }

  /** A separator with optional whitespace around it (SEMI, EQUAL, COLON, SLASH ...); false leaves pos unchanged. */
  sep(ch: number): boolean {
    const start = this.pos;
    this.skipWs();
    if (this.peek() === ch) {
      this.pos++;
      this.skipWs();
      return true;
    }
    this.pos = start;
    return false;
  }

  expect(ch: number, what: string): void {
    if (this.peek() !== ch) this.fail(`expected ${what}`);
    this.pos++;
  }

  /** 1*chars of `table`; fails with `what` when there is none. */
  run(table: CharTable, what: string): string {
    const start = this.pos;
    while (this.pos < this.text.length && inTable(table, this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.text.slice(start, this.pos);
  }

  token(what = 'token'): string {
    return this.run(TOKEN_CHARS, what);
  }

  /** A quoted-string at pos (after optional SWS); returns its content with quoted-pairs resolved. */
  quotedString(): string {
    this.skipWs();
    this.expect(0x22, 'opening quote');
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated quoted-string');
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x5c /* \ */) {
        const next = this.text.charCodeAt(this.pos + 1);
        if (Number.isNaN(next) || next > 0x7f || next === 0x0a || next === 0x0d) this.fail('bad quoted-pair');
        out += this.text.slice(chunk, this.pos) + this.text[this.pos + 1];
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) this.fail('control character in quoted-string');
      this.pos++;
    }
  }

  /** Fails unless only whitespace is left. */
  end(): void {
    this.skipWs();
    if (!this.done) this.fail('unexpected text');
  }
}

/** Writes `value` as a quoted-string, escaping `"`, `\` and control characters (RFC 3261 §25.1). */
export function quote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) throw new EncodeError('a quoted-string cannot carry CR or LF');
    if (c === 0x22 || c === 0x5c || (c < 0x20 && c !== 0x09) || c === 0x7f) out += '\\';
    out += value[i];
  }
  return out + '"';
}
