import { describe, expect, it } from 'vitest';
import { AuthParseError, AuthValueError } from './auth-errors.js';
import { parseAuthHeaderValue, quoteString, serializeAuthHeaderValue } from './auth-params.js';

function parseError(text: string): AuthParseError {
  try {
    parseAuthHeaderValue(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AuthParseError);
    return e as AuthParseError;
  }
  throw new Error('expected an AuthParseError');
}

describe('auth-param lists (RFC 3261 §25.1)', () => {
  it('reads the scheme and token / quoted-string params, remembering which were quoted', () => {
    expect(parseAuthHeaderValue('Digest realm="atlanta.com", algorithm=MD5, qop="auth,auth-int"')).toStrictEqual({
      scheme: 'Digest',
      params: [
        { name: 'realm', value: 'atlanta.com', quoted: true },
        { name: 'algorithm', value: 'MD5', quoted: false },
        { name: 'qop', value: 'auth,auth-int', quoted: true },
      ],
    });
  });

  it('quoted-pair: \\" and \\\\ inside a quoted string are the characters themselves', () => {
    const { params } = parseAuthHeaderValue('Digest realm="a \\"quoted\\" realm \\\\ x", opaque="\\a"');
    expect(params.map((p) => p.value)).toStrictEqual(['a "quoted" realm \\ x', 'a']);
    expect(serializeAuthHeaderValue({ scheme: 'Digest', params })).toBe(
      'Digest realm="a \\"quoted\\" realm \\\\ x", opaque="a"',
    );
  });

  it('RFC 3261 §7.3.1: a folded value (CRLF + whitespace) reads as one line', () => {
    const folded = 'Digest username="bob",\r\n realm="biloxi.com",\r\n\tnonce="n"';
    expect(parseAuthHeaderValue(folded).params.map((p) => p.name)).toStrictEqual(['username', 'realm', 'nonce']);
  });

  it('SWS: accepts whitespace around = and , and empty list elements', () => {
    const { params } = parseAuthHeaderValue('Digest  realm = "r" ,, nonce= "n",algorithm =MD5 ,');
    expect(params.map((p) => `${p.name}=${p.value}`)).toStrictEqual(['realm=r', 'nonce=n', 'algorithm=MD5']);
  });

  it('reads a bare value that is not a token (lenient) and writes it back bare', () => {
    const v = parseAuthHeaderValue('Digest uri=sip:bob@biloxi.com');
    expect(v.params[0]).toStrictEqual({ name: 'uri', value: 'sip:bob@biloxi.com', quoted: false });
    expect(serializeAuthHeaderValue(v)).toBe('Digest uri=sip:bob@biloxi.com');
  });

  it('reports where reading stopped', () => {
    expect(parseError('').position).toBe(0);
    expect(parseError('Digest realm').reason).toMatch(/expected '='/);
    expect(parseError('Digest realm="open').reason).toMatch(/unterminated/);
    expect(parseError('Digest realm=').reason).toMatch(/no value/);
    expect(parseError('Digest realm="a" nonce="b"').position).toBe(17);
    expect(parseError('Digest, username: 122').position).toBe(6);
    expect(parseError('Digest realm="a\nb"')).toBeInstanceOf(AuthParseError);
  });

  it('refuses to write CR, LF or NUL, which no quoted-pair can carry (header injection)', () => {
    expect(() => quoteString('username', 'bob\r\nVia: evil')).toThrow(AuthValueError);
  });
});
