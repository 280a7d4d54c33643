import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAnswer } from './apply-answer.js';
import { directionOf } from './direction.js';
import { crlf, fixture, FIXTURES } from './fixtures.test-support.js';
import { fmtpOf } from './fmtp.js';
import { holdOffer } from './hold.js';
import { negotiateAnswer } from './negotiate-answer.js';
import { testDeps } from './negotiation.test-support.js';
import { parseSdp } from './parse-sdp.js';
import { maxptimeOf, ptimeOf } from './ptime.js';
import { rtcpOf } from './rtcp-attribute.js';
import { codecOf, payloadTypesOf } from './rtpmap.js';
import { SdpParseError } from './sdp-errors.js';
import { serializeSdp } from './serialize-sdp.js';
import type {
  Attribute,
  Bandwidth,
  Connection,
  MediaDescription,
  SessionDescription,
  TimeDescription,
} from './session-description.js';

// ---- Generators of valid descriptions (the grammar of RFC 8866 §9, restricted to what parseSdp reads back) ----

const token = fc.stringMatching(/^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]{1,10}$/);
const word = fc.stringMatching(/^[\x21-\x7e]{1,12}$/); // one field: visible ASCII, no space
const address = fc.stringMatching(/^[0-9a-zA-Z.:-]{1,20}$/);
const text = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !/[\0\r\n]/.test(s));
const digits = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String);
const typedTime = fc.tuple(fc.nat(99999), fc.constantFrom('', 'd', 'h', 'm', 's')).map(([n, u]) => `${n}${u}`);

const connection: fc.Arbitrary<Connection> = fc.oneof(
  fc.record(
    {
      netType: fc.constant('IN'),
      addrType: fc.constant('IP4'),
      address,
      ttl: fc.integer({ min: 0, max: 255 }),
    },
    { requiredKeys: ['netType', 'addrType', 'address'] },
  ),
  fc.record({
    netType: fc.constant('IN'),
    addrType: fc.constant('IP4'),
    address,
    ttl: fc.integer({ min: 0, max: 255 }),
    addressCount: fc.integer({ min: 1, max: 1000 }),
  }),
  fc.record(
    { netType: fc.constant('IN'), addrType: fc.constant('IP6'), address, addressCount: fc.integer({ min: 1, max: 1000 }) },
    { requiredKeys: ['netType', 'addrType', 'address'] },
  ),
  fc.record({ netType: token.filter((t) => t !== 'IN'), addrType: token, address: word }),
);

const bandwidth: fc.Arbitrary<Bandwidth> = fc.record({ type: token, value: fc.nat(10_000_000) });

const attribute: fc.Arbitrary<Attribute> = fc.record({ name: token, value: text }, { requiredKeys: ['name'] });

const timing: fc.Arbitrary<TimeDescription> = fc.record({
  start: fc.nat(2 ** 32),
  stop: fc.nat(2 ** 32),
  repeats: fc.array(
    fc.record({ interval: typedTime, duration: typedTime, offsets: fc.array(typedTime, { minLength: 1, maxLength: 3 }) }),
    { maxLength: 2 },
  ),
});

const media: fc.Arbitrary<MediaDescription> = fc.record(
  {
    type: token,
    port: fc.integer({ min: 0, max: 65535 }),
    portCount: fc.nat(100),
    proto: word,
    formats: fc.array(word, { maxLength: 5 }),
    information: text,
    connections: fc.array(connection, { maxLength: 2 }),
    bandwidths: fc.array(bandwidth, { maxLength: 2 }),
    key: text,
    attributes: fc.array(attribute, { maxLength: 6 }),
  },
  { requiredKeys: ['type', 'port', 'proto', 'formats', 'connections', 'bandwidths', 'attributes'] },
);

const session: fc.Arbitrary<SessionDescription> = fc.record(
  {
    version: fc.constant(0 as const),
    origin: fc.record({
      username: word,
      sessionId: digits,
      sessionVersion: digits,
      netType: word,
      addrType: word,
      address: word,
    }),
    sessionName: text,
    information: text,
    uri: text,
    emails: fc.array(text, { maxLength: 2 }),
    phones: fc.array(text, { maxLength: 2 }),
    connection,
    bandwidths: fc.array(bandwidth, { maxLength: 2 }),
    times: fc.array(timing, { maxLength: 2 }),
    timeZones: fc.array(
      fc.record({ time: fc.nat(2 ** 32), offset: fc.tuple(fc.constantFrom('', '-'), typedTime).map(([s, t]) => s + t) }),
      { minLength: 1, maxLength: 2 },
    ),
    key: text,
    attributes: fc.array(attribute, { maxLength: 4 }),
    media: fc.array(media, { maxLength: 3 }),
  },
  {
    requiredKeys: ['version', 'origin', 'sessionName', 'emails', 'phones', 'bandwidths', 'times', 'attributes', 'media'],
  },
);

// ---- Mutations of real descriptions ----

const LINE_POOL = [
  'a=sendonly',
  'a=rtpmap:101 telephone-event/8000',
  'a=rtpmap:x',
  'a=fmtp:101 0-',
  'a=ptime:abc',
  'a=rtcp:99999',
  'c=IN IP4 0.0.0.0',
  'c=IN IP4 224.0.0.1/300',
  'm=audio 0 RTP/AVP 0',
  'm=audio 70000 RTP/AVP 0',
  'b=AS:',
  't=0 0',
  'z=0 -1h',
  'x=y',
  'v=0',
  '',
  ' ',
];

type Mutation = (lines: string[]) => string[];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (ls) => ls.filter((_, j) => j !== i % Math.max(1, ls.length))),
  fc.nat().map((i): Mutation => (ls) => ls.flatMap((l, j) => (j === i % Math.max(1, ls.length) ? [l, l] : [l]))),
  fc.tuple(fc.nat(), fc.nat()).map(([i, k]): Mutation => (ls) => {
    const out = [...ls];
    const a = i % Math.max(1, out.length);
    const b = k % Math.max(1, out.length);
    [out[a], out[b]] = [out[b]!, out[a]!];
    return out;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...LINE_POOL)).map(([i, l]): Mutation => (ls) => {
    const out = [...ls];
    out.splice(i % (out.length + 1), 0, l);
    return out;
  }),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })).map(([i, p, s]): Mutation => (ls) =>
    ls.map((l, j) => (j === i % Math.max(1, ls.length) ? l.slice(0, p % (l.length + 1)) + s + l.slice(p % (l.length + 1)) : l)),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([i, p]): Mutation => (ls) =>
    ls.map((l, j) => (j === i % Math.max(1, ls.length) ? l.slice(0, p % (l.length + 1)) : l)),
  ),
);

const mutatedSdp = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([name, mutations, useCrlf]) => {
    const lines = mutations.reduce((ls, m) => m(ls), fixture(name).split('\n'));
    const joined = lines.join('\n');
    return useCrlf ? crlf(joined) : joined;
  });

const randomLines = fc
  .array(
    fc.tuple(fc.constantFrom('v', 'o', 's', 'c', 't', 'm', 'a', 'b', 'i', 'x', ''), fc.string({ maxLength: 20 })),
    { maxLength: 12 },
  )
  .map((ls) => ls.map(([t, v]) => `${t}=${v}`).join('\r\n'));

// ---- The oracle (ARCHITECTURE.md: either a typed ParseError, or a value that serializes back to itself) ----

const LOCAL = { address: '198.51.100.7', port: 20000, codecs: ['PCMU', 'PCMA'] as const };

function checkOracle(input: string): void {
  let parsed: SessionDescription;
  try {
    parsed = parseSdp(input);
  } catch (e) {
    if (!(e instanceof SdpParseError)) throw e;
    expect(e.line).toBeGreaterThanOrEqual(0);
    return;
  }
  expect(parseSdp(serializeSdp(parsed))).toStrictEqual(parsed);
  // Nothing built on a parsed description may throw either.
  negotiateAnswer(parsed, { ...LOCAL, codecs: [...LOCAL.codecs] }, testDeps());
  applyAnswer(parsed, parsed);
  holdOffer(parsed);
  for (const m of parsed.media) {
    directionOf(parsed, m);
    ptimeOf(m, parsed);
    maxptimeOf(m, parsed);
    rtcpOf(m);
    for (const pt of payloadTypesOf(m)) {
      codecOf(m, pt);
      fmtpOf(m, pt);
    }
  }
}

describe('SDP fuzz', () => {
  it('parse(serialize(x)) deep-equals x for any valid description', () => {
    fc.assert(
      fc.property(session, (generated) => {
        // fast-check builds records without a prototype; a plain copy compares like what parseSdp returns.
        const sd = structuredClone(generated);
        expect(parseSdp(serializeSdp(sd))).toStrictEqual(sd);
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  it('mutated real-world descriptions: only SdpParseError may escape, and what parses round-trips', () => {
    fc.assert(fc.property(mutatedSdp, checkOracle), { numRuns: 2000 });
  }, 30_000);

  it('random lines and random text: only SdpParseError may escape', () => {
    fc.assert(fc.property(randomLines, checkOracle), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkOracle), { numRuns: 1000 });
  }, 30_000);
});
