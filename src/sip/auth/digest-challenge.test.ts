import { describe, expect, it } from 'vitest';
import { AuthParseError } from './auth-errors.js';
import { parseDigestChallenge, serializeDigestChallenge } from './digest-challenge.js';

describe('Digest challenges (WWW-Authenticate / Proxy-Authenticate values)', () => {
  it('round-trips the RFC 3261 §20.44 example byte for byte', () => {
    const text =
      'Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5';
    const c = parseDigestChallenge(text);
    expect(c).toStrictEqual({
      realm: 'atlanta.com',
      domain: 'sip:boxesbybob.com',
      qop: ['auth'],
      nonce: 'f84f1cec41e6cbe5aea9c8e88d359',
      opaque: '',
      stale: false,
      algorithm: 'MD5',
      extensions: [],
    });
    expect(serializeDigestChallenge(c)).toBe(text.replace('stale=FALSE', 'stale=false'));
  });

  it('reads the RFC 7616 §3.9.1 challenge, with qop-options "auth, auth-int"', () => {
    const c = parseDigestChallenge(
      'Digest\r\n realm="http-auth@example.org",\r\n qop="auth, auth-int",\r\n algorithm=SHA-256,\r\n nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    expect(c).toMatchObject({ realm: 'http-auth@example.org', qop: ['auth', 'auth-int'], algorithm: 'SHA-256' });
    expect(parseDigestChallenge(serializeDigestChallenge(c))).toStrictEqual(c);
  });

  it('RFC 7616 §3.3: stale is TRUE case-insensitively, anything else is false', () => {
    expect(parseDigestChallenge('Digest realm="r", nonce="n", stale=TRUE').stale).toBe(true);
    expect(parseDigestChallenge('Digest realm="r", nonce="n", stale="true"').stale).toBe(true);
    expect(parseDigestChallenge('Digest realm="r", nonce="n", stale=no').stale).toBe(false);
  });

  it('keeps unknown parameters verbatim, quoted or not', () => {
    const text = 'Digest realm="r", nonce="n", userhash=true, charset="UTF-8"';
    const c = parseDigestChallenge(text);
    expect(c.extensions).toStrictEqual([
      { name: 'userhash', value: 'true', quoted: false },
      { name: 'charset', value: 'UTF-8', quoted: true },
    ]);
    expect(serializeDigestChallenge(c)).toBe(text);
  });

  it('parameter names are case-insensitive', () => {
    expect(parseDigestChallenge('digest REALM="r", Nonce="n"')).toMatchObject({ realm: 'r', nonce: 'n' });
  });

  it('RFC 2617 §3.2.1: realm and nonce are required', () => {
    expect(() => parseDigestChallenge('Digest nonce="n"')).toThrow(AuthParseError);
    expect(() => parseDigestChallenge('Digest realm="r"')).toThrow(AuthParseError);
  });

  it('RFC 7235 §2.1: each parameter name occurs only once per challenge', () => {
    expect(() => parseDigestChallenge('Digest realm="r", nonce="n", realm="s"')).toThrow(/twice/);
  });

  it('RFC 3261 §22.1: Basic is not a Digest challenge', () => {
    expect(() => parseDigestChallenge('Basic realm="r"')).toThrow(AuthParseError);
  });
});
