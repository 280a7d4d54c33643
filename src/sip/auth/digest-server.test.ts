import { describe, expect, it } from 'vitest';
import { parseDigestChallenge } from './digest-challenge.js';
import { parseDigestCredentials, serializeDigestCredentials } from './digest-credentials.js';
import { computeHa1 } from './digest-response.js';
import { DigestServer, type DigestVerifyResult } from './digest-server.js';
import { INVITE, makeClient, makeServer, REALM, REGISTER, SECRET } from './digest-auth.test-support.js';
import { FakeClock } from '../../lib/fake-clock.js';
import { SequenceRng } from '../../lib/rng.js';

/** Runs one client answer to the server's current challenge; returns the Authorization value. */
function answer(server: DigestServer, request = REGISTER, client = makeClient()): string {
  const result = client.begin(request).onChallenge(server.challenge());
  if (!result.ok) throw new Error(result.reason);
  return result.authorization;
}

function reason(result: DigestVerifyResult): string {
  return result.ok ? 'ok' : result.reason;
}

describe('DigestServer (RFC 3261 §22.4, RFC 8760)', () => {
  it('RFC 8760 §2.4: offers one challenge per algorithm, SHA-256 first, then MD5, each with qop=auth', () => {
    const { server } = makeServer();
    const [sha, md5, ...rest] = server.challenge();
    expect(rest).toStrictEqual([]);
    expect(sha).toMatch(/^Digest realm="pbx\.example\.com", qop="auth", nonce="[A-Za-z0-9_-]{43}", algorithm=SHA-256$/);
    expect(md5).toMatch(/algorithm=MD5$/);
    expect(parseDigestChallenge(sha!).nonce).toBe(parseDigestChallenge(md5!).nonce);
    expect(server.challenge()[0]).not.toBe(sha); // a fresh nonce each time
  });

  it('RFC 3261 §22.4: a request without credentials is answered with a challenge', async () => {
    const { server } = makeServer();
    const result = await server.verify(undefined, REGISTER);
    expect(result).toMatchObject({ ok: false, reason: 'missing' });
    expect(result.ok || result.challenge).toHaveLength(2);
    expect(reason(await server.verify([], REGISTER))).toBe('missing');
  });

  it('accepts the right password (SHA-256, as the client prefers) for REGISTER and INVITE', async () => {
    const { server } = makeServer();
    expect(await server.verify(answer(server), REGISTER)).toStrictEqual({
      ok: true,
      username: 'alice',
      realm: REALM,
      algorithm: 'SHA-256',
    });
    expect(reason(await server.verify(answer(server, INVITE), INVITE))).toBe('ok');
  });

  it('accepts MD5 from a client that only does MD5', async () => {
    const { server } = makeServer();
    const md5Only = server.challenge().filter((c) => c.endsWith('algorithm=MD5'));
    const result = makeClient().begin(REGISTER).onChallenge(md5Only);
    expect(result.ok && (await server.verify(result.authorization, REGISTER))).toMatchObject({ ok: true, algorithm: 'MD5' });
  });

  it('checks against a stored HA1 of the hash in use', async () => {
    const { server } = makeServer();
    const bob = makeClient('bob', 'builder');
    expect(reason(await server.verify(answer(server, REGISTER, bob), REGISTER))).toBe('ok');
  });

  it('wrong password: bad-response, and the new challenge is not stale', async () => {
    const { server } = makeServer();
    const result = await server.verify(answer(server, REGISTER, makeClient('alice', 'looking-glass')), REGISTER);
    expect(result).toMatchObject({ ok: false, reason: 'bad-response' });
    expect(result.ok || result.challenge.every((c) => parseDigestChallenge(c).stale === undefined)).toBe(true);
  });

  it('unknown user', async () => {
    const { server } = makeServer();
    expect(reason(await server.verify(answer(server, REGISTER, makeClient('mallory', 'x')), REGISTER))).toBe('unknown-user');
  });

  it('RFC 7616 §3.3: an expired nonce with a right response is stale, and the new challenge says stale=true', async () => {
    const { server, clock } = makeServer({ nonceTtlMs: 60_000 });
    const authorization = answer(server);
    clock.advance(60_001);
    const result = await server.verify(authorization, REGISTER);
    expect(result).toMatchObject({ ok: false, reason: 'stale' });
    expect(result.ok || result.challenge.map((c) => parseDigestChallenge(c).stale)).toStrictEqual([true, true]);
  });

  it('RFC 2617 §3.2.1: stale only "with a valid digest": an expired nonce with a wrong password is bad-response', async () => {
    const { server, clock } = makeServer({ nonceTtlMs: 60_000 });
    const authorization = answer(server, REGISTER, makeClient('alice', 'wrong'));
    clock.advance(60_001);
    expect(reason(await server.verify(authorization, REGISTER))).toBe('bad-response');
  });

  it('a nonce signed with another secret (say, before a restart) is stale when the response is right', async () => {
    const { server: before } = makeServer({ secret: 'the previous secret, long enough' });
    const { server: after } = makeServer();
    expect(reason(await after.verify(answer(before), REGISTER))).toBe('stale');
  });

  it('another node with the same secret accepts a nonce this node issued (no shared state)', async () => {
    const clock = new FakeClock();
    const { server: node1 } = makeServer({ clock });
    const { server: node2 } = makeServer({ clock });
    expect(reason(await node2.verify(answer(node1), REGISTER))).toBe('ok');
  });

  describe('RFC 7616 §3.4 nonce counts', () => {
    it('the same nc twice for one nonce is a replay', async () => {
      const { server } = makeServer();
      const authorization = answer(server);
      expect(reason(await server.verify(authorization, REGISTER))).toBe('ok');
      expect(reason(await server.verify(authorization, REGISTER))).toBe('replay');
    });

    it('a higher nc on the same nonce is accepted, a lower one is a replay', async () => {
      const { server } = makeServer();
      const client = makeClient();
      const first = client.begin(REGISTER).onChallenge(server.challenge());
      const second = client.preemptive(REGISTER)!;
      const third = client.preemptive(REGISTER)!;
      expect(parseDigestCredentials(third).nc).toBe('00000003');
      expect(reason(await server.verify(third, REGISTER))).toBe('ok');
      expect(reason(await server.verify(second, REGISTER))).toBe('replay');
      expect(reason(await server.verify(first.ok ? first.authorization : '', REGISTER))).toBe('replay');
    });

    it('nc 00000000 is malformed: counting starts at 1', async () => {
      const { server } = makeServer();
      const c = parseDigestCredentials(answer(server));
      expect(reason(await server.verify(serializeDigestCredentials({ ...c, nc: '00000000' }), REGISTER))).toBe('malformed');
    });

    it('a nonce pushed out of the bounded window is refused as stale, so its replays cannot pass', async () => {
      const { server } = makeServer({ maxTrackedNonces: 1 });
      const old = answer(server);
      const old2 = makeClient().begin(REGISTER).onChallenge(server.challenge());
      expect(reason(await server.verify(old2.ok ? old2.authorization : '', REGISTER))).toBe('ok');
      expect(reason(await server.verify(answer(server), REGISTER))).toBe('ok'); // pushes old2's nonce out
      expect(reason(await server.verify(old, REGISTER))).toBe('stale');
    });
  });

  it('RFC 2069 responses (no qop) are accepted once per nonce; a reuse gets stale=true', async () => {
    const { server } = makeServer({ algorithms: ['MD5'] });
    const legacy = server.challenge().map((c) => c.replace('qop="auth", ', ''));
    const result = makeClient().begin(REGISTER).onChallenge(legacy);
    const authorization = result.ok ? result.authorization : '';
    expect(parseDigestCredentials(authorization).qop).toBeUndefined();
    expect(reason(await server.verify(authorization, REGISTER))).toBe('ok');
    expect(reason(await server.verify(authorization, REGISTER))).toBe('stale');
    const { server: strict } = makeServer({ algorithms: ['MD5'], acceptLegacyNoQop: false });
    const strictAnswer = makeClient().begin(REGISTER).onChallenge(strict.challenge().map((c) => c.replace('qop="auth", ', '')));
    expect(reason(await strict.verify(strictAnswer.ok ? strictAnswer.authorization : '', REGISTER))).toBe(
      'unsupported-algorithm',
    );
  });

  it('a REGISTER from a gateway manual (RFC 2069 form, stored HA1): digest right, nonce not ours → stale', async () => {
    const { server } = makeServer({
      realm: 'audiocodes.com',
      algorithms: ['MD5'],
      lookup: (user) => (user === '122' ? { ha1: 'a8f17d4b41ab8dab6c95d3c14e34a9e1' } : undefined),
    });
    const authorization = (response: string): string =>
      `Digest username="122", realm="audiocodes.com", nonce="11432d6bce58ddf02e3b5e1c77c010d2", uri="sip:10.2.2.222", response="${response}"`;
    const request = { method: 'REGISTER', uri: 'sip:10.2.2.222' };
    expect(reason(await server.verify(authorization('b9c45d0234a5abf5ddf5c704029b38cf'), request))).toBe('stale');
    expect(reason(await server.verify(authorization('b9c45d0234a5abf5ddf5c704029b38ce'), request))).toBe('bad-response');
  });

  it('malformed credentials, and credentials that are not Digest', async () => {
    const { server } = makeServer();
    expect(reason(await server.verify('Digest username="alice", realm=', REGISTER))).toBe('malformed');
    expect(reason(await server.verify('Basic YWxpY2U6d29uZGVybGFuZA==', REGISTER))).toBe('malformed');
    expect(reason(await server.verify('Digest username="alice"', REGISTER))).toBe('malformed');
  });

  it('RFC 3261 §22.3: of several Authorization headers, the one for our realm counts', async () => {
    const { server } = makeServer();
    const ours = answer(server);
    const theirs = ours.replace(`realm="${REALM}"`, 'realm="proxy.example.net"');
    expect(reason(await server.verify([theirs, ours], REGISTER))).toBe('ok');
    expect(reason(await server.verify([theirs], REGISTER))).toBe('realm-mismatch');
  });

  it('RFC 2617 §3.2.2.5: the uri parameter must be the Request-URI', async () => {
    const { server } = makeServer();
    expect(reason(await server.verify(answer(server), { method: 'REGISTER', uri: 'sip:other.example.com' }))).toBe(
      'uri-mismatch',
    );
    const lenient = makeServer({ uriMatches: (a, b) => a.toLowerCase() === b.toLowerCase() }).server;
    expect(reason(await lenient.verify(answer(lenient), { method: 'REGISTER', uri: 'SIP:PBX.EXAMPLE.COM' }))).toBe('ok');
  });

  it('the method is part of the digest: a REGISTER answer does not authenticate an INVITE', async () => {
    const { server } = makeServer({ uriMatches: () => true });
    expect(reason(await server.verify(answer(server, REGISTER), INVITE))).toBe('bad-response');
  });

  it('refuses algorithms it did not offer, -sess variants, and qop=auth-int', async () => {
    const { server } = makeServer({ algorithms: ['MD5'] });
    const c = parseDigestCredentials(answer(server));
    for (const algorithm of ['SHA-256', 'MD5-sess', 'SHA-1']) {
      expect(reason(await server.verify(serializeDigestCredentials({ ...c, algorithm }), REGISTER)), algorithm).toBe(
        'unsupported-algorithm',
      );
    }
    expect(reason(await server.verify(serializeDigestCredentials({ ...c, qop: 'auth-int' }), REGISTER))).toBe(
      'unsupported-algorithm',
    );
  });

  it('accepts upper-case hex in the response (compared in constant time, case-insensitively)', async () => {
    const { server } = makeServer();
    const c = parseDigestCredentials(answer(server));
    const upper = serializeDigestCredentials({ ...c, response: c.response.toUpperCase() });
    expect(reason(await server.verify(upper, REGISTER))).toBe('ok');
  });

  it('works with an asynchronous lookup', async () => {
    const { server } = makeServer({
      lookup: (user, realm, hash) =>
        Promise.resolve(user === 'carol' ? { ha1: computeHa1(hash, user, realm, 'pw') } : undefined),
    });
    expect(reason(await server.verify(answer(server, REGISTER, makeClient('carol', 'pw')), REGISTER))).toBe('ok');
  });

  it('refuses a configuration that cannot work', () => {
    const base = { realm: REALM, lookup: () => undefined, clock: new FakeClock(), rng: new SequenceRng() };
    expect(() => new DigestServer({ ...base, secret: 'short' })).toThrow(RangeError);
    expect(() => new DigestServer({ ...base, secret: SECRET, algorithms: [] })).toThrow(RangeError);
  });
});
