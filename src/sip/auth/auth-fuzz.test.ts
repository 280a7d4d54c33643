import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthParseError } from './auth-errors.js';
import type { AuthParam } from './auth-params.js';
import { makeClient, makeServer, REGISTER } from './digest-auth.test-support.js';
import { type DigestChallenge, parseDigestChallenge, serializeDigestChallenge } from './digest-challenge.js';
import { type DigestCredentials, parseDigestCredentials, serializeDigestCredentials } from './digest-credentials.js';

// ---- Generators of valid values ----

const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,10}$/);
const text = fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !/[\0\r\n]/.test(s));
const KNOWN = ['realm', 'nonce', 'domain', 'opaque', 'stale', 'algorithm', 'qop', 'username', 'uri', 'response', 'cnonce', 'nc'];

const extensions: fc.Arbitrary<AuthParam[]> = fc.uniqueArray(
  fc.oneof(
    fc.record({ name: token, value: text, quoted: fc.constant(true) }),
    fc.record({ name: token, value: token, quoted: fc.constant(false) }),
  ),
  { maxLength: 3, selector: (p) => p.name.toLowerCase() },
).map((ps) => ps.filter((p) => !KNOWN.includes(p.name.toLowerCase())));

const challenge: fc.Arbitrary<DigestChallenge> = fc.record(
  {
    realm: text,
    nonce: text,
    domain: text,
    opaque: text,
    stale: fc.boolean(),
    algorithm: text,
    qop: fc.array(token, { maxLength: 3 }),
    extensions,
  },
  { requiredKeys: ['realm', 'nonce', 'extensions'] },
);

const credentials: fc.Arbitrary<DigestCredentials> = fc
  .tuple(
    fc.record(
      {
        username: text,
        realm: text,
        nonce: text,
        uri: text,
        response: text,
        algorithm: text,
        cnonce: text,
        opaque: text,
        extensions,
      },
      { requiredKeys: ['username', 'realm', 'nonce', 'uri', 'response', 'extensions'] },
    ),
    fc.option(fc.tuple(text, fc.stringMatching(/^[0-9a-fA-F]{8}$/), text)),
  )
  .map(([c, counted]) => (counted ? { ...c, qop: counted[0], nc: counted[1], cnonce: counted[2] } : c));

// ---- Mutations of real header values ----

const SAMPLES = [
  'Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
  'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  'Digest realm="a \\"b\\" c", nonce="n",\r\n qop="auth, auth-int", algorithm=SHA-256, charset=UTF-8',
];
const SPECIALS = ['"', '\\', ',', '=', ' ', '\r\n ', '\n', '\0', 'realm="x"', 'nc=00000002', 'qop=auth', ''];

const mutated = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ maxLength: 3 }))), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([s, edits]) =>
    edits.reduce((acc, [at, remove, insert]) => {
      const i = at % (acc.length + 1);
      return acc.slice(0, i) + insert + acc.slice(i + remove);
    }, s),
  );

// ---- Oracles ----

function onlyAuthParseError<T>(parse: (s: string) => T, serialize: (v: T) => string, input: string): void {
  let value: T;
  try {
    value = parse(input);
  } catch (e) {
    if (!(e instanceof AuthParseError)) throw e;
    return;
  }
  expect(parse(serialize(value))).toStrictEqual(value);
}

describe('Digest header fuzz', () => {
  it('parse(serialize(x)) deep-equals x for challenges and credentials', () => {
    fc.assert(
      fc.property(challenge, (c) => {
        const plain = structuredClone(c); // fast-check records have no prototype
        expect(parseDigestChallenge(serializeDigestChallenge(plain))).toStrictEqual(plain);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(credentials, (c) => {
        const plain = structuredClone(c);
        expect(parseDigestCredentials(serializeDigestCredentials(plain))).toStrictEqual(plain);
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  it('mutated and random header values: only AuthParseError escapes, and what parses round-trips', () => {
    const inputs = fc.oneof(
      mutated,
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({ maxLength: 60 }).map((s) => `Digest ${s}`),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        onlyAuthParseError(parseDigestChallenge, serializeDigestChallenge, input);
        onlyAuthParseError(parseDigestCredentials, serializeDigestCredentials, input);
      }),
      { numRuns: 3000 },
    );
  }, 30_000);

  it('the server and the client return typed results for any header value, never throw', async () => {
    const { server } = makeServer();
    const client = makeClient();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(mutated, fc.string({ maxLength: 60 })), { maxLength: 3 }), async (values) => {
        const verified = await server.verify(values, REGISTER);
        expect(typeof verified.ok).toBe('boolean');
        expect(typeof client.begin(REGISTER).onChallenge(values).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});
