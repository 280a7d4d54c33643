import { describe, expect, it } from 'vitest';
import { AuthParseError } from './auth-errors.js';
import { parseDigestCredentials, serializeDigestCredentials } from './digest-credentials.js';

const RFC2617 =
  'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

describe('Digest credentials (Authorization / Proxy-Authorization values)', () => {
  it('round-trips the RFC 2617 §3.5 example byte for byte', () => {
    const c = parseDigestCredentials(RFC2617);
    expect(c).toStrictEqual({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      response: '6629fae49393a05397450978507c4ef1',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      extensions: [],
    });
    expect(serializeDigestCredentials(c)).toBe(RFC2617);
  });

  it('reads the RFC 7616 §3.9.1 SHA-256 credentials in their own order', () => {
    const c = parseDigestCredentials(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    expect(c).toMatchObject({ algorithm: 'SHA-256', qop: 'auth', nc: '00000001' });
    expect(parseDigestCredentials(serializeDigestCredentials(c))).toStrictEqual(c);
  });

  it('RFC 7616 §3.4: "a sender MUST NOT generate the quoted string syntax" for algorithm, qop, nc, but we read it', () => {
    const c = parseDigestCredentials(RFC2617.replace('qop=auth', 'qop="auth"').replace('nc=00000001', 'nc="00000001"'));
    expect(serializeDigestCredentials({ ...c, algorithm: 'MD5' })).toContain('algorithm=MD5, qop=auth, nc=00000001,');
  });

  it('reads a SIP REGISTER Authorization with a sip: uri', () => {
    const c = parseDigestCredentials(
      'Digest username="alice", realm="pbx.example.com", nonce="abc", uri="sip:pbx.example.com;transport=tcp", response="0123456789abcdef0123456789abcdef", algorithm=MD5',
    );
    expect(c.uri).toBe('sip:pbx.example.com;transport=tcp');
    expect(c.qop).toBeUndefined();
  });

  it('RFC 2617 §3.2.2: username, realm, nonce, uri and response are required', () => {
    const parts: Record<string, string> = {
      username: 'username="Mufasa"',
      realm: 'realm="testrealm@host.com"',
      nonce: 'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"',
      uri: 'uri="/dir/index.html"',
      response: 'response="1949323746fe6a43ef61f9606e7febea"',
    };
    expect(parseDigestCredentials(`Digest ${Object.values(parts).join(', ')}`).qop).toBeUndefined();
    for (const name of Object.keys(parts)) {
      const without = Object.entries(parts).filter(([k]) => k !== name).map(([, v]) => v);
      expect(() => parseDigestCredentials(`Digest ${without.join(', ')}`), name).toThrow(AuthParseError);
    }
  });

  it('RFC 7616 §3.4: nc is 8 hex digits, and qop comes with cnonce and nc', () => {
    expect(() => parseDigestCredentials(RFC2617.replace('nc=00000001', 'nc=1'))).toThrow(/8 hex digits/);
    expect(() => parseDigestCredentials(RFC2617.replace('nc=00000001, ', ''))).toThrow(/cnonce and nc/);
    expect(() => parseDigestCredentials(RFC2617.replace('qop=auth, ', ''))).toThrow(/nc without qop/);
  });
});
