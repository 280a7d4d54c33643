import { describe, expect, it } from 'vitest';
import { CSeq } from './cseq.js';
import { EncodeError } from './encode-error.js';
import { MediaType } from './media-type.js';
import { ParseError } from './parse-error.js';
import { parseCallId, parseDeltaSeconds, parseMaxForwards } from './scalar-headers.js';
import { formatSipDate, parseSipDate } from './sip-date.js';

describe('scalar header fields', () => {
  it('CSeq: number with leading zeros, LWS, method (RFC 4475 §3.1.1.1)', () => {
    expect(CSeq.parse('0009 INVITE')).toEqual(new CSeq(9, 'INVITE'));
    expect(CSeq.parse("139122385 !interesting-Method0123456789_*+`.%indeed'~").method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(new CSeq(4294967295, 'BYE').toString()).toBe('4294967295 BYE');
  });

  it.each(['36893488147419103232 REGISTER', '4294967296 OPTIONS', 'INVITE', '1INVITE', '1 INVITE x', '-1 INVITE'])(
    'CSeq rejects %s (RFC 4475 §3.1.2.4)',
    (text) => expect(() => CSeq.parse(text)).toThrow(ParseError),
  );

  it('CSeq construction refuses values it could not write', () => {
    expect(() => new CSeq(2 ** 32, 'INVITE')).toThrow(EncodeError);
    expect(() => new CSeq(1, 'IN VITE')).toThrow(EncodeError);
  });

  it('Max-Forwards is 0-255 with leading zeros allowed', () => {
    expect(parseMaxForwards('0068')).toBe(68);
    expect(parseMaxForwards('0')).toBe(0);
    expect(() => parseMaxForwards('300')).toThrow(ParseError);
    expect(() => parseMaxForwards('')).toThrow(ParseError);
  });

  it('Expires (delta-seconds) is at most 2**32-1', () => {
    expect(parseDeltaSeconds('3600')).toBe(3600);
    expect(() => parseDeltaSeconds('1' + '0'.repeat(100))).toThrow(ParseError);
    expect(() => parseDeltaSeconds('280297596632815')).toThrow(ParseError);
  });

  it('Call-ID takes every word character and at most one @ (RFC 4475 §3.1.1.2)', () => {
    expect(parseCallId("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    expect(() => parseCallId('a b')).toThrow(ParseError);
    expect(() => parseCallId('a@b@c')).toThrow(ParseError);
    expect(() => parseCallId('')).toThrow(ParseError);
  });

  it('Date is an RFC 1123 date in GMT only (RFC 4475 §3.1.2.12)', () => {
    const d = parseSipDate('Sat, 15 Oct 2005 04:44:56 GMT');
    expect(d.toISOString()).toBe('2005-10-15T04:44:56.000Z');
    expect(formatSipDate(d)).toBe('Sat, 15 Oct 2005 04:44:56 GMT');
    expect(() => parseSipDate('Fri, 01 Jan 2010 16:00:00 EST')).toThrow(ParseError);
    expect(() => parseSipDate('Fri, 31 Feb 2010 16:00:00 GMT')).toThrow(ParseError);
  });

  it('Content-Type: type/subtype lower-cased, parameters kept', () => {
    const m = MediaType.parse('Multipart/Mixed;boundary=7a9cbec02ceef655');
    expect(m.essence).toBe('multipart/mixed');
    expect(m.param('BOUNDARY')).toBe('7a9cbec02ceef655');
    expect(m.toString()).toBe('multipart/mixed;boundary=7a9cbec02ceef655');
    expect(() => MediaType.parse('application')).toThrow(ParseError);
  });
});
