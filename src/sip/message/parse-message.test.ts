import { describe, expect, it } from 'vitest';
import type { SipUri } from '../uri/sip-uri.js';
import { ParseError } from './parse-error.js';
import { parseMessage } from './parse-message.js';
import { INVITE_200_OK, TRUNK_INVITE, TRUNK_SDP_OFFER } from './sample-messages.test-support.js';
import type { SipRequest } from './sip-request.js';
import type { SipResponse } from './sip-response.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const req = (s: string): SipRequest => parseMessage(bytes(s)) as SipRequest;
const parseError = (input: Uint8Array | string): ParseError => {
  try {
    parseMessage(typeof input === 'string' ? bytes(input) : input);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
};

describe('parseMessage (RFC 3261 §7)', () => {
  it('reads a trunk INVITE: start line eagerly, header values on access', () => {
    const m = req(TRUNK_INVITE);
    expect(m.kind).toBe('request');
    expect(m.method).toBe('INVITE');
    expect(m.requestUriText).toBe('sip:+4930123456@203.0.113.10:5060');
    expect((m.requestUri as SipUri).port).toBe(5060);
    expect(m.via.branch).toBe('z9hG4bK-524287-1---a5c7b0e3f1d2c4b6');
    expect(m.via.hasRport).toBe(true);
    expect(m.from.displayName).toBe('+49301234567');
    expect(m.from.tag).toBe('as6f8c2a1b');
    expect(m.to.tag).toBeUndefined();
    expect(m.callId).toBe('4f2b8c1e7d3a9f60273c5e1b@198.51.100.20');
    expect(m.cseq.seq).toBe(102);
    expect(m.cseq.method).toBe('INVITE');
    expect(m.maxForwards).toBe(69);
    expect(m.contacts[0]!.uri.toString()).toBe('sip:+49301234567@198.51.100.20:5060');
    expect(m.headers.values('allow')).toHaveLength(11);
    expect(m.contentType?.essence).toBe('application/sdp');
    expect(m.contentLength).toBe(249);
    expect(m.body.toString()).toBe(TRUNK_SDP_OFFER);
    expect(m.expires).toBeUndefined();
  });

  it('reads a 200 OK', () => {
    const m = parseMessage(bytes(INVITE_200_OK)) as SipResponse;
    expect([m.kind, m.status, m.reason]).toEqual(['response', 200, 'OK']);
    expect(m.via.received).toBe('198.51.100.20');
    expect(m.via.rport).toBe(5060);
    expect(m.to.tag).toBe('hl-7f3a9c21');
  });

  it('unfolds continuation lines into one SP and trims values (§7.3.1)', () => {
    const m = req('OPTIONS sip:a@b SIP/2.0\r\nSubject: one\r\n  two\r\n\tthree\r\nTO :\r\n sip:a@b\r\nContent-Length: 0\r\n\r\n');
    expect(m.headers.get('subject')).toBe('one two three');
    expect(m.headers.get('to')).toBe('sip:a@b');
    expect(m.headers.nameAt(1)).toBe('TO');
  });

  it('skips CRLFs before the start line (§7.5) and ignores octets after Content-Length on a datagram (§18.3)', () => {
    const m = req('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\nhiEXTRA');
    expect(m.body.toString()).toBe('hi');
  });

  it('takes the rest of a datagram as the body when Content-Length is absent, and records it (§18.3)', () => {
    const m = req('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhello');
    expect(m.body.toString()).toBe('hello');
    expect(m.headers.get('content-length')).toBe('5');
    expect(m.headers.nameAt(m.headers.size - 1)).toBe('Content-Length');
  });

  it('normalises the Content-Length value (l: 0150 → 150)', () => {
    const body = 'x'.repeat(150);
    const m = req(`MESSAGE sip:a@b SIP/2.0\r\nl: 0150\r\n\r\n${body}`);
    expect(m.headers.get('content-length')).toBe('150');
    expect(m.headers.nameAt(0)).toBe('l');
  });

  it('requires Content-Length on streams', () => {
    expect(() => parseMessage(bytes('OPTIONS sip:a@b SIP/2.0\r\n\r\n'), { transport: 'stream' })).toThrow(ParseError);
  });

  it('decodes a UTF-8 head as UTF-8 and a non-UTF-8 head as Latin-1', () => {
    const utf = req('OPTIONS sip:a@b SIP/2.0\r\nFrom: "Jörg" <sip:j@b>\r\n\r\n');
    expect(utf.from.displayName).toBe('Jörg');
    const latin = Buffer.concat([bytes('OPTIONS sip:a@b SIP/2.0\r\nFrom: "J'), Buffer.from([0xf6]), bytes('rg" <sip:j@b>\r\n\r\n')]);
    expect((parseMessage(latin) as SipRequest).from.displayName).toBe('Jörg');
  });

  it('accepts a plain Uint8Array', () => {
    const u8 = new Uint8Array(bytes('SIP/2.0 100 Trying\r\nl:0\r\n\r\n'));
    expect((parseMessage(u8) as SipResponse).status).toBe(100);
  });

  it.each<[string, string, string]>([
    ['', 'empty', 'nothing'],
    ['\r\n\r\n', 'empty', 'only CRLF'],
    ['OPTIONS sip:a@b SIP/2.0\r\nTo: x\r\n', 'headers-unterminated', 'no empty line'],
    ['OPTIONS sip:a@b SIP/2.0\r\nTo x\r\n\r\n', 'bad-header-line', 'no colon'],
    ['OPTIONS sip:a@b SIP/2.0\r\n To: x\r\n\r\n', 'bad-header-line', 'continuation first'],
    ['OPTIONS sip:a@b SIP/2.0\r\nT o: x\r\n\r\n', 'bad-header-line', 'space in name'],
    ['OPTIONS sip:a@b SIP/2.0\r\nTo: x\ny\r\n\r\n', 'bare-line-break', 'bare LF'],
    ['OPTIONS sip:a@b SIP/2.0\rX\r\n\r\n', 'bare-line-break', 'bare CR in start line'],
    ['OPTIONS sip:a@b SIP/2.0\r\nContent-Length: five\r\n\r\n', 'bad-content-length', 'non-numeric'],
    ['OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nshort', 'body-truncated', 'short body'],
    ['OPTIONS  sip:a@b SIP/2.0\r\n\r\n', 'bad-start-line', 'double SP'],
    ['OPTIONS sip:a@b SIP/2.0 \r\n\r\n', 'bad-start-line', 'trailing SP'],
    ['OPTIONS <sip:a@b> SIP/2.0\r\n\r\n', 'bad-request-uri', 'bracketed URI'],
    ['OPTIONS sip:a@b SIP/3.0\r\n\r\n', 'unsupported-version', 'version'],
    ['OPTIONS sip:a@b HTTP/1.1\r\n\r\n', 'bad-start-line', 'not SIP'],
    ['SIP/2.0 2000 OK\r\n\r\n', 'bad-status-code', 'four digits'],
    ['SIP/2.0 099 Low\r\n\r\n', 'bad-status-code', 'below 100'],
    ['SIP/2.0\r\n\r\n', 'bad-start-line', 'no code'],
  ])('rejects %j with %s (%s)', (text, reason) => {
    expect(parseError(text).reason).toBe(reason);
  });

  it('reports the byte offset of a bad header line', () => {
    const e = parseError('OPTIONS sip:a@b SIP/2.0\r\nTo: x\r\nbad line\r\n\r\n');
    expect(e.offset).toBe(Buffer.byteLength('OPTIONS sip:a@b SIP/2.0\r\nTo: x\r\n'));
  });

  it('rejects a head beyond maxHeaderBytes', () => {
    const e = parseError(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nX: ${'a'.repeat(70_000)}\r\n\r\n`));
    expect(e.reason).toBe('headers-too-large');
  });

  it('accepts a status line without the SP before an empty reason (RFC 4475 §3.1.1.13 liberal reading)', () => {
    expect((parseMessage(bytes('SIP/2.0 180\r\n\r\n')) as SipResponse).reason).toBe('');
  });
});
