import { describe, expect, it } from 'vitest';
import { digestAlgorithm, hashHex } from './digest-algorithm.js';
import { computeDigestResponse, computeHa1, digestsEqual } from './digest-response.js';

const MD5 = digestAlgorithm('MD5')!;
const SHA256 = digestAlgorithm('SHA-256')!;

describe('the digest computation (RFC 7616 §3.4.1)', () => {
  it('RFC 2617 §3.5 example: Mufasa / "Circle Of Life" gives 6629fae49393a05397450978507c4ef1', () => {
    const response = computeDigestResponse({
      algorithm: MD5,
      ha1: computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life'),
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  // RFC 7616 §3.9.1 (password "Circle of Life" with a lower-case "of", erratum 4495).
  const rfc7616 = {
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    method: 'GET',
    uri: '/dir/index.html',
    qop: 'auth' as const,
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  };

  it('RFC 7616 §3.9.1 example with MD5 gives 8ca523f5e9506fed4657c9700eebdbec', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(computeDigestResponse({ algorithm: MD5, ha1, ...rfc7616 })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('RFC 7616 §3.9.1 example with SHA-256 gives 753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1', () => {
    const ha1 = computeHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(computeDigestResponse({ algorithm: SHA256, ha1, ...rfc7616 })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('a SIP REGISTER without qop (RFC 2069 form), from a gateway manual: HA1, A2 and response', () => {
    // A vendor's worked example: user 122, realm audiocodes.com, REGISTER sip:10.2.2.222. Its stated HA1 is used as
    // given (the manual's password does not hash to it); its A2 and response are consistent with RFC 2069.
    const ha1 = 'a8f17d4b41ab8dab6c95d3c14e34a9e1';
    expect(hashHex('MD5', 'REGISTER:sip:10.2.2.222')).toBe('a9a031cfddcb10d91c8e7b4926086f7e');
    const response = computeDigestResponse({
      algorithm: MD5,
      ha1,
      nonce: '11432d6bce58ddf02e3b5e1c77c010d2',
      method: 'REGISTER',
      uri: 'sip:10.2.2.222',
    });
    expect(response).toBe('b9c45d0234a5abf5ddf5c704029b38cf');
  });

  it('RFC 7616 §3.4.2: -sess algorithms use H(H(user:realm:pass):nonce:cnonce) as H(A1)', () => {
    const ha1 = computeHa1('SHA-256', 'alice', 'pbx.example.com', 'secret');
    const sessionKey = hashHex('SHA-256', `${ha1}:n:c`);
    const ha2 = hashHex('SHA-256', 'INVITE:sip:bob@example.com');
    expect(
      computeDigestResponse({
        algorithm: digestAlgorithm('sha-256-SESS')!,
        ha1,
        nonce: 'n',
        cnonce: 'c',
        nc: '00000002',
        qop: 'auth',
        method: 'INVITE',
        uri: 'sip:bob@example.com',
      }),
    ).toBe(hashHex('SHA-256', `${sessionKey}:n:00000002:c:auth:${ha2}`));
  });

  it('RFC 7616 §3.4.3: qop=auth-int puts H(entity-body) into A2', () => {
    const ha1 = computeHa1('MD5', 'alice', 'r', 'p');
    const ha2 = hashHex('MD5', `INVITE:sip:x:${hashHex('MD5', 'v=0\r\n')}`);
    expect(
      computeDigestResponse({
        algorithm: MD5,
        ha1,
        nonce: 'n',
        cnonce: 'c',
        nc: '00000001',
        qop: 'auth-int',
        method: 'INVITE',
        uri: 'sip:x',
        body: 'v=0\r\n',
      }),
    ).toBe(hashHex('MD5', `${ha1}:n:00000001:c:auth-int:${ha2}`));
  });

  it('algorithm names are case-insensitive, absent means MD5 (RFC 7616 §3.3), unknown ones are undefined', () => {
    expect(digestAlgorithm(undefined)).toStrictEqual({ name: 'MD5', hash: 'MD5', session: false });
    expect(digestAlgorithm('sha-256')?.name).toBe('SHA-256');
    expect(digestAlgorithm('SHA-512-256-sess')).toStrictEqual({ name: 'SHA-512-256-sess', hash: 'SHA-512-256', session: true });
    expect(digestAlgorithm('SHA-1')).toBeUndefined();
    expect(hashHex('SHA-512-256', 'abc')).toBe('53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23');
  });

  it('compares digests case-insensitively and rejects other lengths', () => {
    expect(digestsEqual('abcdef', 'ABCDEF')).toBe(true);
    expect(digestsEqual('abcdef', 'abcdee')).toBe(false);
    expect(digestsEqual('abcdef', 'abcdef0')).toBe(false);
  });
});
