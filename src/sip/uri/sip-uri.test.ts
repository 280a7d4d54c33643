import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../message/parse-error.js';
import { SipUri } from './sip-uri.js';
import { parseUri } from './uri.js';

describe('SipUri (RFC 3261 §19.1.1)', () => {
  it('reads every component of a full SIP URI', () => {
    const u = SipUri.parse('sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr;maddr=239.255.255.1;ttl=15?subject=project%20x&priority=urgent');
    expect(u.scheme).toBe('sips');
    expect(u.user).toBe('alice');
    expect(u.password).toBe('secret');
    expect(u.host).toBe('2001:db8::1');
    expect(u.hostKind).toBe('ipv6');
    expect(u.port).toBe(5061);
    expect(u.transport).toBe('tcp');
    expect(u.lr).toBe(true);
    expect(u.maddr).toBe('239.255.255.1');
    expect(u.param('ttl')).toBe('15');
    expect(u.ttl).toBe(15);
    expect(SipUri.parse('sip:a.com;method=REGISTER').methodParam).toBe('REGISTER');
    expect(u.headers).toEqual([
      { name: 'subject', value: 'project%20x' },
      { name: 'priority', value: 'urgent' },
    ]);
    expect(u.hostport).toBe('[2001:db8::1]:5061');
  });

  it('parameter names are case-insensitive and unescaped on lookup; values unescape once (RFC 4475 §3.1.1.3)', () => {
    const u = SipUri.parse('sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31');
    expect(u.decodedUser).toBe('caller');
    expect(u.lr).toBe(true);
    expect(u.param('NAME')).toBe('value%41');
  });

  it('the user part may hold ; ? / and escaped @ (RFC 4475 §3.1.1.9 semiuri)', () => {
    const u = SipUri.parse('sip:user;par=u%40example.net@example.com');
    expect(u.user).toBe('user;par=u%40example.net');
    expect(u.decodedUser).toBe('user;par=u@example.net');
    expect(u.host).toBe('example.com');
    expect(u.params).toEqual([]);
  });

  it('reads the unusual but legal userinfo of RFC 4475 §3.1.1.2 (intmeth)', () => {
    const u = SipUri.parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com");
    expect(u.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(u.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(u.host).toBe('example.com');
  });

  it('keeps escaped NULs without shortening the user (RFC 4475 §3.1.1.4)', () => {
    expect(SipUri.parse('sip:null-%00-null@example.com').decodedUser).toBe('null-\u0000-null');
  });

  it.each([
    'sip:',
    'sip:@example.com',
    'sip:user@',
    'sip:user@exa mple.com',
    'sip:user@example.com:99999',
    'sip:user@example.com:',
    'sip:user@[::1',
    'sip:user@[1::2::3]',
    'sip:user@1.2.3.256',
    'sip:user@example.com;;lr',
    'sip:user@example.com?novalue',
    'sip:us%2@example.com',
    'sip:us<er@example.com',
    'http://example.com',
  ])('rejects %s with a ParseError', (text) => {
    expect(() => SipUri.parse(text)).toThrow(ParseError);
  });

  it('serializes back to its input (scheme lower-cased)', () => {
    for (const text of [
      'sip:alice@atlanta.com',
      'sip:alice:@atlanta.com',
      'sip:+1-212-555-1212:1234@gateway.com;user=phone',
      'sips:1212@gateway.com',
      'sip:alice@192.0.2.4',
      'sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com',
      'sip:alice;day=tuesday@atlanta.com',
      'sip:[::ffff:192.0.2.1]:5060;transport=udp',
    ]) {
      expect(SipUri.parse(text).toString()).toBe(text);
    }
    expect(SipUri.parse('SIP:ALICE@AtLanTa.CoM;Transport=udp').toString()).toBe('sip:ALICE@AtLanTa.CoM;Transport=udp');
  });

  it('create() escapes what the grammar requires and round-trips through parse()', () => {
    const u = SipUri.create({ user: 'I have spaces', host: '::1', port: 5070, params: [['transport', 'tcp'], ['lr', null]] });
    expect(u.toString()).toBe('sip:I%20have%20spaces@[::1]:5070;transport=tcp;lr');
    expect(SipUri.parse(u.toString())).toEqual(u);
    expect(u.decodedUser).toBe('I have spaces');
  });

  it('withParam / withoutParam / withoutHeaders return new URIs', () => {
    const u = SipUri.parse('sip:bob@biloxi.com;transport=udp?subject=x');
    expect(u.withParam('Transport', 'tcp').toString()).toBe('sip:bob@biloxi.com;Transport=tcp?subject=x');
    expect(u.withoutParam('TRANSPORT').toString()).toBe('sip:bob@biloxi.com?subject=x');
    expect(u.withoutHeaders().toString()).toBe('sip:bob@biloxi.com;transport=udp');
    expect(u.toString()).toBe('sip:bob@biloxi.com;transport=udp?subject=x');
  });

  it('parse(toString(u)) equals u for generated URIs', () => {
    const text = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.!~*()%&=+$,;?/: @<>"\u00e9\u0000'), maxLength: 12 });
    fc.assert(
      fc.property(
        fc.record({
          scheme: fc.constantFrom<'sip' | 'sips'>('sip', 'sips'),
          user: fc.option(text.filter((s) => s.length > 0), { nil: undefined }),
          host: fc.constantFrom('example.com', '192.0.2.1', '2001:db8::7', 'a-b.c_d.org.'),
          port: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
          params: fc.array(fc.tuple(text.filter((s) => s.length > 0), fc.option(text.filter((s) => s.length > 0), { nil: null })), { maxLength: 3 }),
          headers: fc.array(fc.tuple(text.filter((s) => s.length > 0), text), { maxLength: 2 }),
        }),
        (init) => {
          const u = SipUri.create(init);
          expect(parseUri(u.toString())).toEqual(u);
        },
      ),
      { numRuns: 300 },
    );
  });
});
