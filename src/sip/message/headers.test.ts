import { describe, expect, it } from 'vitest';
import { EncodeError } from './encode-error.js';
import { splitList } from './header-list.js';
import { headerKey } from './header-names.js';
import { Headers } from './headers.js';

describe('header names (RFC 3261 §7.3.1, §7.3.3)', () => {
  it.each([
    ['i', 'call-id'], ['m', 'contact'], ['e', 'content-encoding'], ['l', 'content-length'], ['c', 'content-type'],
    ['f', 'from'], ['s', 'subject'], ['k', 'supported'], ['t', 'to'], ['v', 'via'], ['o', 'event'], ['r', 'refer-to'],
    ['b', 'referred-by'], ['u', 'allow-events'], ['x', 'session-expires'], ['y', 'identity'], ['a', 'accept-contact'],
    ['j', 'reject-contact'], ['d', 'request-disposition'], ['V', 'via'], ['CALL-id', 'call-id'], ['q', 'q'],
  ])('compact or mixed-case %s means %s', (name, key) => {
    expect(headerKey(name)).toBe(key);
  });
});

describe('splitList (RFC 3261 §7.3.1)', () => {
  it('splits at commas outside quotes and angle brackets', () => {
    expect(splitList('"Bell, Alexander" <sip:a@b;x=1,2>;q=0.5 , <sip:c@d>')).toEqual([
      '"Bell, Alexander" <sip:a@b;x=1,2>;q=0.5',
      '<sip:c@d>',
    ]);
    expect(splitList('"a \\" , b" <sip:x@y>, sip:z@w')).toEqual(['"a \\" , b" <sip:x@y>', 'sip:z@w']);
  });
  it('keeps empty elements so typed parsers can reject them (RFC 4475 §3.1.2.1)', () => {
    expect(splitList('SIP/2.0/UDP 192.0.2.15;;,;,,')).toEqual(['SIP/2.0/UDP 192.0.2.15;;', ';', '', '']);
    expect(splitList('')).toEqual([]);
  });
});

describe('Headers', () => {
  const h = (): Headers =>
    new Headers([
      ['Via', 'SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com;branch=z9hG4bK2'],
      ['v', 'SIP/2.0/UDP c.example.com;branch=z9hG4bK3'],
      ['To', '<sip:bob@example.com>'],
      ['WWW-Authenticate', 'Digest realm="atlanta.com", nonce="84a4cc6f", qop="auth"'],
      ['Date', 'Sat, 13 Nov 2010 23:29:00 GMT'],
      ['X-Unknown', 'a, b, c'],
    ]);

  it('looks names up case-insensitively and through compact forms, keeping names as written', () => {
    const headers = h();
    expect(headers.get('VIA')).toBe('SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com;branch=z9hG4bK2');
    expect(headers.getAll('v')).toHaveLength(2);
    expect(headers.get('t')).toBe('<sip:bob@example.com>');
    expect(headers.has('via')).toBe(true);
    expect(headers.count('Via')).toBe(2);
    expect(headers.entries().map(([n]) => n)).toEqual(['Via', 'v', 'To', 'WWW-Authenticate', 'Date', 'X-Unknown']);
  });

  it('splits list headers into values, across lines, in order', () => {
    expect(h().values('via')).toEqual([
      'SIP/2.0/UDP a.example.com;branch=z9hG4bK1',
      'SIP/2.0/TCP b.example.com;branch=z9hG4bK2',
      'SIP/2.0/UDP c.example.com;branch=z9hG4bK3',
    ]);
  });

  it('never splits headers that are not lists: WWW-Authenticate, Date, unknown ones', () => {
    const headers = h();
    expect(headers.values('www-authenticate')).toEqual(['Digest realm="atlanta.com", nonce="84a4cc6f", qop="auth"']);
    expect(headers.values('date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(headers.values('x-unknown')).toEqual(['a, b, c']);
  });

  it('append, prepend, set, delete and shiftValue keep order', () => {
    const headers = h();
    headers.prepend('Via', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp');
    expect(headers.values('via')[0]).toBe('SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp');
    expect(headers.shiftValue('via')).toBe('SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp');
    expect(headers.shiftValue('via')).toBe('SIP/2.0/UDP a.example.com;branch=z9hG4bK1');
    expect(headers.getAll('via')).toEqual(['SIP/2.0/TCP b.example.com;branch=z9hG4bK2', 'SIP/2.0/UDP c.example.com;branch=z9hG4bK3']);
    headers.set('VIA', 'SIP/2.0/UDP only.example.com');
    expect(headers.getAll('via')).toEqual(['SIP/2.0/UDP only.example.com']);
    expect(headers.nameAt(0)).toBe('VIA');
    expect(headers.delete('x-unknown')).toBe(1);
    headers.append('Subject', '  padded  ');
    expect(headers.get('s')).toBe('padded');
  });

  it('refuses CR/LF in values and non-token names (header injection)', () => {
    const headers = new Headers();
    expect(() => headers.append('Subject', 'a\r\nVia: evil')).toThrow(EncodeError);
    expect(() => headers.append('Bad Name', 'x')).toThrow(EncodeError);
    expect(() => headers.set('X', 'a\nb')).toThrow(EncodeError);
  });

  it('drops the typed cache on every mutation', () => {
    const headers = h();
    let computed = 0;
    const read = (): string => headers.memo('k', () => `${++computed}`);
    expect(read()).toBe('1');
    expect(read()).toBe('1');
    headers.append('X', 'y');
    expect(read()).toBe('2');
  });
});
