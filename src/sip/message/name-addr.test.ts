import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipUri } from '../uri/sip-uri.js';
import { NameAddr } from './name-addr.js';
import { ParseError } from './parse-error.js';

const parse = (text: string, header = 'to'): NameAddr => NameAddr.parse(text, header);

describe('NameAddr (RFC 3261 §20.10, §25.1)', () => {
  it('reads a quoted display name with escapes, the URI and tag (RFC 4475 §3.1.1.1)', () => {
    const a = parse('"J Rosenberg \\\\\\""       <sip:jdrosen@example.com> ; tag = 98asjd8', 'from');
    expect(a.displayName).toBe('J Rosenberg \\"');
    expect(a.uri.toString()).toBe('sip:jdrosen@example.com');
    expect(a.tag).toBe('98asjd8');
    expect(a.toString()).toBe('"J Rosenberg \\\\\\"" <sip:jdrosen@example.com>;tag=98asjd8');
  });

  it('reads token display names, also without LWS before < (RFC 4475 §3.1.1.6)', () => {
    expect(parse('caller<sip:caller@example.com>;tag=323').displayName).toBe('caller');
    const b = parse("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;tag=_token~1'+`*%!-.");
    expect(b.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(b.displayNameQuoted).toBe(false);
    expect(b.tag).toBe("_token~1'+`*%!-.");
  });

  it('distinguishes header parameters of an addr-spec from URI parameters of a name-addr (RFC 4475 §3.3.12, §3.3.13)', () => {
    const bare = parse('sip:+19725552222@gw1.example.net;unknownparam', 'contact');
    expect(bare.param('unknownparam')).toBeNull();
    expect((bare.uri as SipUri).params).toEqual([]);
    const bracketed = parse('<sip:+19725552222@gw1.example.net;unknownparam>', 'contact');
    expect(bracketed.params).toEqual([]);
    expect((bracketed.uri as SipUri).hasParam('unknownparam')).toBe(true);
  });

  it('reads quoted parameter values with UTF-8 and other schemes', () => {
    const c = parse('<sip:a@b>;x="работающий";tag=1');
    expect(c.param('X')).toBe('работающий');
    expect(c.toString()).toBe('<sip:a@b>;x="работающий";tag=1');
    expect(parse('<http://www.example.com>;tag=3234233').uri.kind).toBe('absolute');
    expect(parse('isbn:2983792873').uri.toString()).toBe('isbn:2983792873');
  });

  it.each([
    ['"Mr. J. User <sip:j.user@example.com>', 'unterminated quote (RFC 4475 §3.1.2.6)'],
    ['"Watson, Thomas" < sip:t.watson@example.org >', 'spaces inside <> (§3.1.2.14)'],
    ['Watson, Thomas <sip:t.watson@example.org>', 'unquoted comma in display name (§3.1.2.15)'],
    ['sip:user@example.com?Route=%3Csip:sip.example.com%3E', 'addr-spec with ? (§3.1.2.13)'],
    ['"Joe" <sip:joe@example.org>;;;;', 'empty parameters (§3.1.2.1)'],
    ['<sip:a@b', 'missing >'],
    ['<sip:a@b> junk', 'trailing text'],
    ['', 'empty'],
  ])('rejects %s: %s', (text) => {
    expect(() => parse(text)).toThrow(ParseError);
  });

  it('requires angle brackets where the grammar does (Route)', () => {
    expect(() => NameAddr.parse('sip:p1.example.com;lr', 'route', { requireAngleBrackets: true })).toThrow(ParseError);
    expect(NameAddr.parse('<sip:p1.example.com;lr>', 'route', { requireAngleBrackets: true }).toString()).toBe('<sip:p1.example.com;lr>');
  });

  it('withTag adds or replaces the tag', () => {
    expect(parse('<sip:bob@b.com>').withTag('abc').toString()).toBe('<sip:bob@b.com>;tag=abc');
    expect(parse('sip:bob@b.com;tag=x').withTag('y').toString()).toBe('sip:bob@b.com;tag=y');
  });

  it('parse(toString(a)) equals a for generated addresses', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ unit: fc.constantFrom(...'ab "\\,;<>\u0007\u00e9\t'), maxLength: 8 }), { nil: undefined }),
        fc.array(fc.tuple(fc.constantFrom('tag', 'q', 'x-y', 'expires'), fc.option(fc.string({ unit: fc.constantFrom(...'a1.:"\\ ;,'), maxLength: 5 }), { nil: null })), { maxLength: 3 }),
        fc.boolean(),
        (displayName, params, angle) => {
          let a = new NameAddr({ uri: SipUri.parse('sip:alice@example.com;transport=tcp'), displayName, angleBrackets: angle });
          for (const [k, v] of params) a = a.withParam(k, v);
          const again = NameAddr.parse(a.toString(), 'to');
          expect(again.toString()).toBe(a.toString());
          expect(again.displayName).toBe(a.displayName);
          expect(again.params).toEqual(a.params);
        },
      ),
      { numRuns: 300 },
    );
  });
});
