import { describe, expect, it } from 'vitest';
import { SequenceRng } from '../../lib/rng.js';
import { DigestClient } from './digest-client.js';
import { parseDigestCredentials } from './digest-credentials.js';
import { fixedCnonce, makeClient, makeServer, REGISTER } from './digest-auth.test-support.js';

const RFC7616_CHALLENGE = (algorithm: string): string =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
const GET = { method: 'GET', uri: '/dir/index.html' };

function authorize(client: DigestClient, challenges: string[], request = GET): string {
  const result = client.begin(request).onChallenge(challenges);
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.authorization;
}

describe('DigestClient (RFC 3261 §22.2-22.3)', () => {
  const mufasa = (password: string, cnonce: string): DigestClient =>
    new DigestClient({ username: 'Mufasa', password, rng: fixedCnonce(cnonce) });

  it('RFC 7616 §3.9.1: answers the SHA-256 challenge with response 753927fa...b6c1, echoing algorithm and opaque', () => {
    const client = mufasa('Circle of Life', 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ');
    expect(authorize(client, [RFC7616_CHALLENGE('SHA-256'), RFC7616_CHALLENGE('MD5')])).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", uri="/dir/index.html", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });

  it('RFC 7616 §3.9.1: answers the MD5 challenge with response 8ca523f5e9506fed4657c9700eebdbec', () => {
    const client = mufasa('Circle of Life', 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ');
    expect(parseDigestCredentials(authorize(client, [RFC7616_CHALLENGE('MD5')])).response).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  it('RFC 2617 §3.5: reproduces the example Authorization header exactly', () => {
    const client = mufasa('Circle Of Life', '0a4f113b');
    const challenge =
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    expect(authorize(client, [challenge])).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
  });

  it('RFC 2069: a challenge without qop gets a response without qop, nc and cnonce', () => {
    const client = mufasa('CircleOfLife', 'unused');
    const challenge =
      'Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    expect(authorize(client, [challenge])).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="1949323746fe6a43ef61f9606e7febea", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
  });

  it('prefers SHA-256 when offered, even below MD5 (local policy, RFC 8760 §2.4)', () => {
    const client = makeClient();
    expect(parseDigestCredentials(authorize(client, [RFC7616_CHALLENGE('MD5'), RFC7616_CHALLENGE('SHA-256')])).algorithm).toBe(
      'SHA-256',
    );
  });

  it('RFC 7616 §3.4: counts requests per nonce (nc), a new nonce starts again at 1, cnonces come from the Rng', () => {
    const client = makeClient('alice', 'wonderland', new SequenceRng('c'));
    const first = parseDigestCredentials(authorize(client, [RFC7616_CHALLENGE('SHA-256')], REGISTER));
    const second = parseDigestCredentials(client.preemptive(REGISTER)!);
    expect([first.nc, second.nc]).toStrictEqual(['00000001', '00000002']);
    expect(first.cnonce).not.toBe(second.cnonce);
    const renewed = RFC7616_CHALLENGE('SHA-256').replace('7ypf', 'new-');
    expect(parseDigestCredentials(authorize(client, [renewed], REGISTER)).nc).toBe('00000001');
    expect(new DigestClient({ username: 'a', password: 'b', rng: new SequenceRng() }).preemptive(REGISTER)).toBeUndefined();
  });

  it('answers qop=auth-int with the body when auth is not offered', () => {
    const client = makeClient();
    const challenge = 'Digest realm="r", nonce="n", qop="auth-int"';
    const result = client.begin({ method: 'INVITE', uri: 'sip:x', body: 'v=0\r\n' }).onChallenge([challenge]);
    expect(result.ok && parseDigestCredentials(result.authorization).qop).toBe('auth-int');
  });

  it('typed failures: no challenge, unreadable challenges, nothing we support, another realm', () => {
    const client = makeClient();
    const attempt = (values: string[]) => client.begin(REGISTER).onChallenge(values);
    expect(attempt([])).toMatchObject({ ok: false, reason: 'no-challenge' });
    expect(attempt(['Basic realm="r"', 'Digest realm='])).toMatchObject({ ok: false, reason: 'malformed' });
    expect(attempt(['Digest realm="r", nonce="n", algorithm=SHA-1'])).toMatchObject({ ok: false, reason: 'unsupported' });
    expect(attempt(['Digest realm="r", nonce="n", qop="auth-conf"'])).toMatchObject({ ok: false, reason: 'unsupported' });
    expect(attempt(['Digest realm="r", nonce="n", algorithm=MD5-sess'])).toMatchObject({ ok: false, reason: 'unsupported' });
    const trunk = new DigestClient({ username: 'u', password: 'p', rng: new SequenceRng(), realm: 'trunk.example.net' });
    expect(trunk.begin(REGISTER).onChallenge(['Digest realm="other", nonce="n"'])).toMatchObject({ reason: 'unsupported' });
    const two = ['Digest realm="other", nonce="n"', 'Digest realm="trunk.example.net", nonce="m"'];
    expect(trunk.begin(REGISTER).onChallenge(two)).toMatchObject({ ok: true, realm: 'trunk.example.net' });
  });

  describe('re-challenges (RFC 3261 §22.2, RFC 7616 §3.3)', () => {
    it('stale=true: retries once with the new nonce, and the server accepts it', async () => {
      const { server, clock } = makeServer({ nonceTtlMs: 1_000 });
      const attempt = makeClient().begin(REGISTER);
      const first = attempt.onChallenge(server.challenge());
      clock.advance(1_001);
      const rejected = await server.verify(first.ok ? first.authorization : '', REGISTER);
      expect(rejected).toMatchObject({ ok: false, reason: 'stale' });
      const retry = attempt.onChallenge(rejected.ok ? [] : rejected.challenge);
      expect(retry.ok).toBe(true);
      expect(attempt.stateOf('pbx.example.com')).toBe('retried');
      expect(await server.verify(retry.ok ? retry.authorization : '', REGISTER)).toMatchObject({ ok: true });
    });

    it('"SHOULD NOT re-attempt requests with the credentials that have just been rejected": a non-stale second 401', async () => {
      const { server } = makeServer();
      const attempt = makeClient('alice', 'wrong').begin(REGISTER);
      const first = attempt.onChallenge(server.challenge());
      const rejected = await server.verify(first.ok ? first.authorization : '', REGISTER);
      expect(rejected).toMatchObject({ reason: 'bad-response' });
      expect(attempt.onChallenge(rejected.ok ? [] : rejected.challenge)).toMatchObject({ ok: false, reason: 'rejected' });
      expect(attempt.onChallenge(server.challenge(true))).toMatchObject({ ok: false, reason: 'rejected' });
    });

    it('retries after stale only once: a second stale challenge means rejected', () => {
      const { server } = makeServer();
      const attempt = makeClient().begin(REGISTER);
      expect(attempt.onChallenge(server.challenge()).ok).toBe(true);
      expect(attempt.onChallenge(server.challenge(true)).ok).toBe(true);
      expect(attempt.onChallenge(server.challenge(true))).toMatchObject({ ok: false, reason: 'rejected' });
    });

    it('rejected credentials are not reused preemptively', () => {
      const { server } = makeServer();
      const client = makeClient();
      const attempt = client.begin(REGISTER);
      attempt.onChallenge(server.challenge());
      attempt.onChallenge(server.challenge());
      expect(client.preemptive(REGISTER)).toBeUndefined();
    });

    it('a challenge of a second realm (a proxy after the registrar) is answered on its own', () => {
      const attempt = makeClient().begin(REGISTER);
      const registrar = attempt.onChallenge(['Digest realm="registrar", nonce="a", qop="auth"']);
      expect(registrar).toMatchObject({ ok: true, realm: 'registrar' });
      const proxy = attempt.onChallenge(['Digest realm="proxy", nonce="b", qop="auth"']);
      expect(proxy).toMatchObject({ ok: true, realm: 'proxy' });
    });
  });
});
