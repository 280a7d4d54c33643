/**
 * Fuzz / property tests of the message layer (ARCHITECTURE.md: the oracle is a typed ParseError or a value that
 * serializes back to an equivalent message; nothing else may escape).
 *
 * Inputs: random bytes; "SIP soup" (random sequences of SIP-ish fragments); the RFC 4475 corpus and typical
 * messages mutated (bit flips, truncations, duplications, deletions, inserted CR/LF/NUL/quotes/brackets/...);
 * messages generated from a grammar-shaped arbitrary; and messages built through the API.
 *
 * For every input: parseMessage throws nothing but ParseError; a parsed message survives every accessor and
 * validateMessage (only ParseError), serializes without error, and parses back to an equal message; the stream
 * framer, fed the same bytes in random chunks, throws nothing but ParseError; readResponseContext never throws.
 * Seeds are fixed, so a failure is reproducible; raise numRuns locally for a longer campaign.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipUri } from '../uri/sip-uri.js';
import { messageEquals } from './message-equals.js';
import { ParseError } from './parse-error.js';
import { parseMessage } from './parse-message.js';
import { makeResponseFromContext, readResponseContext } from './response-context.js';
import { INVITE_200_OK, TRUNK_INVITE } from './sample-messages.test-support.js';
import { serializeMessage } from './serialize-message.js';
import type { SipMessage } from './sip-message.js';
import { SipRequest } from './sip-request.js';
import { SipResponse } from './sip-response.js';
import { SipStreamFramer } from './stream-framer.js';
import { validateMessage } from './validate-message.js';

const DIR = new URL('../../../test/data/rfc4475/', import.meta.url);
const CORPUS: Buffer[] = [
  ...readdirSync(DIR)
    .filter((f) => f.endsWith('.dat'))
    .sort()
    .map((f) => readFileSync(new URL(f, DIR))),
  Buffer.from(TRUNK_INVITE),
  Buffer.from(INVITE_200_OK),
];

function onlyParseErrors(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
}

function exercise(m: SipMessage): void {
  const reads: Array<() => unknown> = [
    () => m.vias.map((v) => [v.branch, v.received, v.rport, v.ttl, v.toString()]),
    () => m.from.toString(),
    () => m.to.tag,
    () => m.callId,
    () => m.cseq.toString(),
    () => m.maxForwards,
    () => m.contacts.map((c) => c.toString()),
    () => m.isContactWildcard,
    () => m.routes.map((r) => r.toString()),
    () => m.recordRoutes,
    () => m.expires,
    () => m.contentLength,
    () => m.contentType?.toString(),
    () => m.date,
  ];
  for (const read of reads) onlyParseErrors(read);
  for (const p of validateMessage(m)) expect(p).toBeInstanceOf(ParseError);
}

/** The oracle. Returns whether the input parsed. */
function check(bytes: Uint8Array, chunking: number[] = []): boolean {
  let m: SipMessage | undefined;
  onlyParseErrors(() => {
    m = parseMessage(bytes);
  });
  const ctx = readResponseContext(bytes);
  if (ctx) serializeMessage(makeResponseFromContext(ctx, 400));
  if (m) {
    exercise(m);
    const again = parseMessage(serializeMessage(m));
    expect(messageEquals(again, m)).toBe(true);
    onlyParseErrors(() => expect(again.vias.map(String)).toEqual(m!.vias.map(String)));
    onlyParseErrors(() => expect(again.from.toString()).toBe(m!.from.toString()));
  }
  const framer = new SipStreamFramer({ maxMessageBytes: 4096, maxHeaderBytes: 2048 });
  let at = 0;
  for (const size of [...chunking, bytes.length]) {
    if (at >= bytes.length) break;
    const chunk = bytes.subarray(at, at + Math.max(1, size));
    at += chunk.length;
    let outputs: ReturnType<SipStreamFramer['push']> = [];
    try {
      outputs = framer.push(chunk);
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      break;
    }
    for (const o of outputs) {
      if (o.kind === 'message' && o.message) {
        expect(messageEquals(parseMessage(serializeMessage(o.message)), o.message)).toBe(true);
      }
    }
  }
  return m !== undefined;
}

const INSERTS = ['\r', '\n', '\r\n', '\r\n\r\n', '\0', '"', '\\', '<', '>', ',', ';', ':', ' ', '\t', '%', '=', '@', '[', ']', '\xff', '\xc3'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...INSERTS) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(base: Buffer, steps: Mutation[]): Buffer {
  let b = Buffer.from(base);
  for (const s of steps) {
    const at = b.length === 0 ? 0 : s.at % b.length;
    switch (s.kind) {
      case 'flip':
        if (b.length > 0) b[at] = b[at]! ^ (1 << s.bit);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'duplicate':
        b = Buffer.concat([b.subarray(0, at + s.len), b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + s.len)]);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(s.text, 'latin1'), b.subarray(at)]);
        break;
    }
  }
  return b;
}

const SOUP = [
  'INVITE', 'SIP/2.0', 'SIP/2.0 200 OK', ' ', 'sip:', 'sips:', 'tel:+1', 'a@b', 'example.com', '[::1]', ':5060', '\r\n',
  '\r\n\r\n', '\r\n ', ':', ';', ',', '<', '>', '"', '\\', '=', 'tag', 'branch=z9hG4bK', 'Via:', 'v:', 'From:', 'To:',
  'Contact:', 'm:', '*', 'Call-ID:', 'CSeq:', '1', '4294967296', 'Content-Length:', 'l:', '0', '5', '-1', 'Route:',
  'Max-Forwards:', 'Expires:', 'Date:', 'Sat, 15 Oct 2005 04:44:56 GMT', 'Content-Type:', 'application/sdp', 'lr',
  'rport', 'received=', '%41', '%', 'é', '\0',
];
const soup = fc.array(fc.constantFrom(...SOUP), { maxLength: 60 }).map((parts) => Buffer.from(parts.join(''), 'utf8'));

// A grammar-shaped message: mostly valid structure, arbitrary-ish values, optional folding and Content-Length.
const text = (chars: string, max = 12): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...chars), maxLength: max });
const token = text('abcXYZ09-.!%*_+`\'~', 8).filter((s) => s.length > 0);
const uri = fc.oneof(
  fc.record({ user: fc.option(text('abc1;?/&=+$,%~ é', 8).filter((s) => s.length > 0), { nil: undefined }), host: fc.constantFrom('example.com', '192.0.2.1', '::1'), port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }) }).map((p) => SipUri.create(p).toString()),
  fc.constantFrom('tel:+1-201-555-0123;ext=7', 'urn:service:sos', 'sip:a@b;lr', '<sip:x@y>', 'sip:a b@c'),
);
const headerValue: Record<string, fc.Arbitrary<string>> = {
  Via: fc.tuple(fc.constantFrom('UDP', 'TCP', 'X'), fc.constantFrom('h.example.com', '192.0.2.1:5060', '[::1]'), token).map(([t, h, b]) => `SIP/2.0/${t} ${h};branch=z9hG4bK${b};rport`),
  From: fc.tuple(fc.option(text('ab "\\,', 6), { nil: undefined }), uri, token).map(([d, u, t]) => `${d === undefined ? '' : `"${d}" `}<${u}>;tag=${t}`),
  To: uri.map((u) => `<${u}>`),
  'Call-ID': text('abc123@.-%<>', 16),
  CSeq: fc.tuple(fc.nat(), token).map(([n, m]) => `${n} ${m}`),
  Contact: fc.oneof(fc.constant('*'), uri.map((u) => `<${u}>;expires=60;q=0.5`), uri),
  'Max-Forwards': fc.nat(300).map(String),
  Expires: fc.nat().map(String),
  Route: uri.map((u) => `<${u};lr>`),
  Subject: text('ab ,;"é\t', 20),
  'X-Custom': text('ab ,;"<>\\é\0', 20),
};
const header = fc.constantFrom(...Object.keys(headerValue)).chain((name) =>
  fc.tuple(fc.constantFrom(name, name.toLowerCase(), name.toUpperCase()), headerValue[name]!, fc.boolean()),
);
const generated = fc
  .record({
    request: fc.boolean(),
    method: fc.oneof(fc.constantFrom('INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER'), token),
    ruri: uri,
    status: fc.integer({ min: 90, max: 710 }),
    reason: text('OK é\t', 8),
    headers: fc.array(header, { maxLength: 10 }),
    body: fc.uint8Array({ maxLength: 80 }),
    length: fc.constantFrom('right', 'none', 'wrong', 'twice'),
  })
  .map((g) => {
    const lines = [g.request ? `${g.method} ${g.ruri} SIP/2.0` : `SIP/2.0 ${g.status} ${g.reason}`];
    for (const [name, value, fold] of g.headers) lines.push(`${name}: ${fold ? value.replace(' ', '\r\n  ') : value}`);
    if (g.length === 'right' || g.length === 'twice') lines.push(`Content-Length: ${g.body.length}`);
    if (g.length === 'twice') lines.push(`l: ${g.body.length}`);
    if (g.length === 'wrong') lines.push(`Content-Length: ${g.body.length + 3}`);
    return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), g.body]);
  });

const chunking = fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 8 });

describe('message layer fuzzing: only ParseError escapes, whatever parses round-trips', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), chunking, (b, c) => void check(b, c)), { numRuns: 800, seed: 4475 });
  });

  it('SIP soup', () => {
    fc.assert(fc.property(soup, chunking, (b, c) => void check(b, c)), { numRuns: 1200, seed: 3261 });
  });

  it('mutated RFC 4475 corpus and typical messages', () => {
    let parsed = 0;
    fc.assert(
      fc.property(fc.constantFrom(...CORPUS), fc.array(mutation, { minLength: 1, maxLength: 4 }), chunking, (base, steps, c) => {
        if (check(mutate(base, steps), c)) parsed++;
      }),
      { numRuns: 2000, seed: 5626 },
    );
    expect(parsed).toBeGreaterThan(200); // the mutations must reach beyond the start line
  });

  it('generated messages', () => {
    let parsed = 0;
    fc.assert(
      fc.property(generated, chunking, (b, c) => {
        if (check(b, c)) parsed++;
      }),
      { numRuns: 1200, seed: 3966 },
    );
    expect(parsed).toBeGreaterThan(400);
  });

  it('messages built through the API: serialize never fails and parse(serialize(m)) equals m', () => {
    const value = fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !/[\r\n]/.test(s) && !/[\uD800-\uDFFF]/.test(s));
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(fc.constantFrom('Via', 'X-A', 'Subject', 'f', 'Content-Length', 'Warning'), value), { maxLength: 8 }),
        fc.uint8Array({ maxLength: 64 }),
        value,
        (request, headers, body, reason) => {
          const m: SipMessage = request
            ? new SipRequest({ method: 'MESSAGE', requestUri: 'sip:bob@example.com', headers, body })
            : new SipResponse({ status: 200, reason, headers, body });
          const again = parseMessage(serializeMessage(m));
          expect(messageEquals(again, m)).toBe(true);
          check(serializeMessage(m));
        },
      ),
      { numRuns: 400, seed: 18 },
    );
  });
});
