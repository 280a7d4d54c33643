import { describe, expect, it } from 'vitest';
import { ParseError } from './parse-error.js';
import { INVITE_200_OK, TRUNK_INVITE } from './sample-messages.test-support.js';
import type { SipRequest } from './sip-request.js';
import { SipStreamFramer, type SipStreamFramerOutput } from './stream-framer.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const kinds = (out: SipStreamFramerOutput[]): string[] =>
  out.map((o) => (o.kind === 'ping' ? 'ping' : o.message ? o.message.kind : `error:${o.error.reason}`));

describe('SipStreamFramer (RFC 3261 §18.3, RFC 5626 §4.4.1)', () => {
  it('frames back-to-back messages by Content-Length, whatever the chunking', () => {
    const stream = b(TRUNK_INVITE + INVITE_200_OK + TRUNK_INVITE);
    for (const size of [1, 2, 7, 64, 500, stream.length]) {
      const f = new SipStreamFramer();
      const out: SipStreamFramerOutput[] = [];
      for (let i = 0; i < stream.length; i += size) out.push(...f.push(stream.subarray(i, i + size)));
      expect(kinds(out)).toEqual(['request', 'response', 'request']);
      expect(f.bufferedBytes).toBe(0);
      const first = out[0]!;
      expect(first.kind === 'message' && first.bytes.toString()).toBe(TRUNK_INVITE);
    }
  });

  it('reports a double-CRLF ping and skips lone CRLF keep-alives between messages', () => {
    const f = new SipStreamFramer();
    expect(kinds(f.push(b('\r\n\r\n')))).toEqual(['ping']);
    expect(kinds(f.push(b('\r\n')))).toEqual([]); // could be half a ping: wait
    expect(kinds(f.push(b('\r\n')))).toEqual(['ping']);
    expect(kinds(f.push(b('\r\n' + TRUNK_INVITE + '\r\n\r\n')))).toEqual(['request', 'ping']);
  });

  it('hands over a framed message that fails to parse, with its bytes, and keeps going', () => {
    const f = new SipStreamFramer();
    const bad = 'INVITE  sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n';
    const out = f.push(b(bad + TRUNK_INVITE));
    expect(kinds(out)).toEqual(['error:bad-start-line', 'request']);
    expect(out[0]!.kind === 'message' && out[0]!.bytes.toString()).toBe(bad);
  });

  it('throws a ParseError when the stream cannot be framed, and keeps throwing it', () => {
    const f = new SipStreamFramer();
    expect(() => f.push(b('OPTIONS sip:a@b SIP/2.0\r\nTo: x\r\n\r\n'))).toThrow(ParseError);
    expect(f.error?.reason).toBe('missing-content-length');
    expect(() => f.push(b(TRUNK_INVITE))).toThrow(ParseError);
    const g = new SipStreamFramer();
    expect(() => g.push(b('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n'))).toThrow(ParseError);
    expect(g.error?.reason).toBe('bad-content-length');
  });

  it('returns the messages completed before a fatal error, then throws on the next push', () => {
    const f = new SipStreamFramer();
    expect(kinds(f.push(b(TRUNK_INVITE + 'GARBAGE\r\n\r\n')))).toEqual(['request']);
    expect(f.error?.reason).toBe('missing-content-length');
    expect(() => f.push(b('x'))).toThrow(ParseError);
  });

  it('enforces the head limit without waiting for the end of the head', () => {
    const f = new SipStreamFramer({ maxHeaderBytes: 1000 });
    expect(() => f.push(b('OPTIONS sip:a@b SIP/2.0\r\nX: ' + 'a'.repeat(2000)))).toThrow(ParseError);
    expect(f.error?.reason).toBe('headers-too-large');
  });

  it('enforces the message limit as soon as Content-Length is known', () => {
    const f = new SipStreamFramer({ maxMessageBytes: 10_000 });
    expect(() => f.push(b('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 999999\r\n\r\nabc'))).toThrow(ParseError);
    expect(f.error?.reason).toBe('message-too-large');
  });

  it('yields parsed messages with their typed accessors ready', () => {
    const out = new SipStreamFramer().push(b(TRUNK_INVITE));
    const m = out[0]!.kind === 'message' ? (out[0]!.message as SipRequest) : undefined;
    expect(m?.cseq.seq).toBe(102);
  });
});
