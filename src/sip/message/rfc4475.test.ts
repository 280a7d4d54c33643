/**
 * RFC 4475 torture messages, one test per message, named after the RFC section and short name. The bytes live in
 * test/data/rfc4475/<name>.dat (see the README there for provenance).
 *
 * - Valid messages (§3.1.1, and the §3.2-§3.4 ones that are syntactically valid) parse, expose what the RFC says
 *   they contain, and round-trip: parse(serialize(m)) equals m.
 * - Invalid messages either throw ParseError from parseMessage (framing and start-line faults), or parse and have
 *   their fault reported by the typed accessor and validateMessage (faults in one header's value, or semantic ones
 *   that the RFC itself assigns to the transaction or application layer). Each such test says which layer rejects
 *   the message and asserts that the message API exposes the problem.
 * - Nothing throws anything but ParseError, whatever is asked of the message.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AbsoluteUri } from '../uri/absolute-uri.js';
import type { SipUri } from '../uri/sip-uri.js';
import { messageEquals } from './message-equals.js';
import { ParseError, type ParseErrorReason, statusForParseError } from './parse-error.js';
import { parseMessage } from './parse-message.js';
import { makeResponseFromContext, readResponseContext } from './response-context.js';
import { serializeMessage } from './serialize-message.js';
import type { SipMessage } from './sip-message.js';
import type { SipRequest } from './sip-request.js';
import type { SipResponse } from './sip-response.js';
import { SipStreamFramer } from './stream-framer.js';
import { validateMessage } from './validate-message.js';

const DIR = new URL('../../../test/data/rfc4475/', import.meta.url);
const dat = (name: string): Buffer => readFileSync(new URL(`${name}.dat`, DIR));

/** Calls every accessor; only ParseError may come out. */
function touchEverything(m: SipMessage): void {
  const reads: Array<() => unknown> = [
    () => m.vias, () => m.from, () => m.to, () => m.callId, () => m.cseq, () => m.maxForwards, () => m.contacts,
    () => m.isContactWildcard, () => m.routes, () => m.recordRoutes, () => m.expires, () => m.contentLength,
    () => m.contentType, () => m.date,
  ];
  for (const read of reads) {
    try {
      read();
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
  }
  for (const p of validateMessage(m)) expect(p).toBeInstanceOf(ParseError);
}

function parsesAndRoundTrips(name: string): SipMessage {
  const m = parseMessage(dat(name));
  touchEverything(m);
  const again = parseMessage(serializeMessage(m));
  expect(messageEquals(again, m)).toBe(true);
  expect(serializeMessage(again)).toEqual(serializeMessage(m));
  return m;
}

function rejectedByParser(name: string, reason: ParseErrorReason): ParseError {
  let error: unknown;
  try {
    parseMessage(dat(name));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ParseError);
  expect((error as ParseError).reason).toBe(reason);
  return error as ParseError;
}

/** Parses, and validateMessage reports exactly these `reason:header` problems. */
function problemsOf(name: string): string[] {
  const m = parseMessage(dat(name));
  touchEverything(m);
  return validateMessage(m).map((e) => `${e.reason}${e.header ? ':' + e.header : ''}`);
}

/** A request that failed can still be answered: the context reads back into a 400 that parses. */
function answerable(name: string, status = 400): SipResponse {
  const ctx = readResponseContext(dat(name));
  expect(ctx).not.toBeNull();
  const res = parseMessage(serializeMessage(makeResponseFromContext(ctx!, status))) as SipResponse;
  expect(res.status).toBe(status);
  expect(res.headers.get('call-id')).toBe(ctx!.callId);
  return res;
}

const VALID_SHA256: Record<string, string> = {
  wsinv: 'd6f6cdee99cd0a1f8e3d9a0fdd67c877700e19ab86d8186dada06f61260e3e61',
  intmeth: 'b957a8292c1c0a9851fe94705b90f94320738f43aacde64998e401f742ef688d',
  esc01: 'be3a316d4ce5f69cad474646191e390dd4b50fc8371e44b5197fe1237781973e',
  escnull: '263fe2ecd12a5ccbb6c67b3174e9211d11da9b600e7d69666a86d2ee42873e90',
  esc02: '9a9c59449f00327b02071feafc8e5c2a261c98c818044167894cc17809a12199',
  lwsdisp: 'd1b36b6316c12824f6f04bf6b1fd1f021cade9b74871693b9c3474cd9fa7f4e6',
  longreq: '185739292bc676760e5b1cca77c87705aa570240171c506ad76f8c35af0ecdaa',
  dblreq: 'a6be48426565c2a705389c4ce2ea17e57b891cb13f80490a2cb9392c797b46ef',
  semiuri: '87bbaed6b4b354dbd3c5c7a20e66686303c63e43a0aa19b89de1ac75231611a2',
  transports: '33b4553a3b9418121b099ff07882535151edd6a1e81898c63a916aad2cbf90bc',
  mpart01: '92147c8e24997bac59629e1b163767697d0d6d499af87f89e325d69968bec3ba',
  unreason: '4f939d6ebf4817eea70f011d3209e83732872ffc20ffd304b244084dc392f4d7',
  noreason: '07e11e470a69fffa3674de805e5165d1351a9439a91045ee70c9570ea24ab4fe',
};

describe('RFC 4475 corpus', () => {
  it('holds the 49 messages of §3 (13 valid, 19 invalid, 1 transaction-layer, 15 application-layer, 1 RFC 2543)', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.dat'))).toHaveLength(49);
  });

  it('valid messages are bit-exact (SHA-256 of the RFC Appendix A archive members)', () => {
    for (const [name, sha] of Object.entries(VALID_SHA256)) {
      expect(createHash('sha256').update(dat(name)).digest('hex'), name).toBe(sha);
    }
  });
});

describe('RFC 4475 §3.1.1 valid messages: parse and round-trip', () => {
  it('§3.1.1.1 wsinv: A Short Tortuous INVITE', () => {
    const m = parsesAndRoundTrips('wsinv') as SipRequest;
    expect(m.requestUriText).toBe('sip:vivekg@chair-dnrc.example.com;unknownparam');
    expect(m.to.tag).toBe('1918181833n');
    expect(m.from.displayName).toBe('J Rosenberg \\"');
    expect(m.from.tag).toBe('98asjd8');
    expect(m.maxForwards).toBe(68);
    expect([m.cseq.seq, m.cseq.method]).toEqual([9, 'INVITE']);
    expect(m.vias.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(m.headers.get('subject')).toBe('');
    expect(m.headers.get('NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(m.headers.values('UnknownHeaderWithUnusualValue')).toEqual([';;,,;;,;']);
    expect(m.routes[0]!.uri.toString()).toBe('sip:services.example.com;lr;unknownwith=value;unknown-no-value');
    const contact = m.contacts[0]!;
    expect([contact.displayName, contact.param('newparam'), contact.param('secondparam'), contact.param('q')]).toEqual([
      'Quoted string ""', 'newvalue', null, '0.33',
    ]);
    expect(m.body.length).toBe(150);
  });

  it('§3.1.1.2 intmeth: Wide Range of Valid Characters', () => {
    const m = parsesAndRoundTrips('intmeth') as SipRequest;
    expect(m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    const ruri = m.requestUri as SipUri;
    expect([ruri.user, ruri.password]).toEqual(["1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"]);
    expect(m.via.branch).toBe("z9hG4bK-.!%66*_+`'~");
    expect(m.to.displayName).toBe('BEL:\u0007 NUL:\u0000 DEL:\u007f');
    expect(m.from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(m.from.param("fromParam''~+*_!.-%")).toBe('работающий');
    expect(m.from.tag).toBe("_token~1'+`*%!-.");
    expect(m.callId).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    expect(m.cseq.method).toBe(m.method);
    expect(m.headers.get("extensionHeader-!.%*+_`'~")).toBe('\ufeff大停電');
  });

  it('§3.1.1.3 esc01: Valid Use of the % Escaping Mechanism', () => {
    const m = parsesAndRoundTrips('esc01') as SipRequest;
    expect((m.requestUri as SipUri).decodedUser).toBe('sips:user@example.com');
    expect((m.to.uri as SipUri).decodedUser).toBe('user');
    expect((m.from.uri as SipUri).decodedUser).toBe('I have spaces');
    const c = m.contacts[0]!.uri as SipUri;
    expect([c.decodedUser, c.lr, c.param('name')]).toEqual(['caller', true, 'value%41']);
  });

  it('§3.1.1.4 escnull: Escaped Nulls in URIs', () => {
    const m = parsesAndRoundTrips('escnull') as SipRequest;
    expect((m.to.uri as SipUri).decodedUser).toBe('null-\u0000-null');
    expect(m.contacts.map((c) => (c.uri as SipUri).decodedUser)).toEqual(['\u0000', '\u0000\u0000']);
  });

  it('§3.1.1.5 esc02: Use of % When It Is Not an Escape', () => {
    const m = parsesAndRoundTrips('esc02') as SipRequest;
    expect(m.method).toBe('RE%47IST%45R');
    expect(m.to.displayName).toBe('%Z%45');
    expect(m.via.branch).toBe('z9hG4bK209%fzsnel234');
    expect(m.contacts.map((c) => c.uri.toString())).toEqual(['sip:alias1@host1.example.com', 'sip:alias3@host3.example.com']);
    expect(m.headers.get('C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
  });

  it('§3.1.1.6 lwsdisp: Message with No LWS between Display Name and <', () => {
    const m = parsesAndRoundTrips('lwsdisp') as SipRequest;
    expect([m.from.displayName, m.from.tag]).toEqual(['caller', '323']);
  });

  it('§3.1.1.7 longreq: Long Values in Header Fields', () => {
    const m = parsesAndRoundTrips('longreq') as SipRequest;
    expect(m.vias).toHaveLength(34);
    expect(m.vias[33]!.branch).toBe(`very${'long'.repeat(50)}branchvalue`);
    expect(m.from.tag).toBe(`12${'982'.repeat(50)}424`);
    expect(m.to.displayName).toBe(`I have a user name of ${'extreme'.repeat(10)} proportion`);
    expect((m.to.uri as SipUri).port).toBe(6000);
    expect(m.callId).toBe(`longreq.one${'really'.repeat(20)}longcallid`);
  });

  it('§3.1.1.8 dblreq: Extra Trailing Octets in a UDP Datagram', () => {
    const m = parsesAndRoundTrips('dblreq') as SipRequest;
    expect(m.method).toBe('REGISTER');
    expect(m.body.length).toBe(0);
    expect(serializeMessage(m).includes('INVITE')).toBe(false);
  });

  it('§3.1.1.9 semiuri: Semicolon-Separated Parameters in URI User Part', () => {
    const m = parsesAndRoundTrips('semiuri') as SipRequest;
    const u = m.requestUri as SipUri;
    expect([u.decodedUser, u.host, u.params]).toEqual(['user;par=u@example.net', 'example.com', []]);
    expect(m.headers.values('accept')).toHaveLength(6);
  });

  it('§3.1.1.10 transports: Varied and Unknown Transport Types', () => {
    const m = parsesAndRoundTrips('transports') as SipRequest;
    expect(m.vias.map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    expect(m.callId).toBe('transports.kijh4akdnaqjkwendsasfdj');
  });

  it('§3.1.1.11 mpart01: Multipart MIME Message', () => {
    const m = parsesAndRoundTrips('mpart01') as SipRequest;
    expect(m.body.length).toBe(553);
    expect(m.contentType?.param('boundary')).toBe('7a9cbec02ceef655');
    expect(m.via.hasRport).toBe(true);
    expect(m.date?.toISOString()).toBe('2005-10-15T04:44:56.000Z');
    expect(m.body.includes(0x00)).toBe(true);
  });

  it('§3.1.1.12 unreason: Unusual Reason Phrase', () => {
    const m = parsesAndRoundTrips('unreason') as SipResponse;
    expect(m.status).toBe(200);
    expect(m.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
  });

  it('§3.1.1.13 noreason: Empty Reason Phrase', () => {
    const m = parsesAndRoundTrips('noreason') as SipResponse;
    expect([m.status, m.reason]).toEqual([100, '']);
  });
});

describe('RFC 4475 §3.1.2 invalid messages', () => {
  it('§3.1.2.1 badinv01: Extraneous Header Field Separators — parses; the Via and Contact accessors reject it, the UAS answers 400', () => {
    expect(problemsOf('badinv01')).toEqual(['bad-header-value:via', 'bad-header-value:contact']);
    answerable('badinv01');
  });

  it('§3.1.2.2 clerr: Content Length Larger Than Message — ParseError on a datagram; a stream waits for more', () => {
    rejectedByParser('clerr', 'body-truncated');
    answerable('clerr');
    const framer = new SipStreamFramer();
    expect(framer.push(dat('clerr'))).toEqual([]);
    expect(framer.bufferedBytes).toBe(dat('clerr').length);
  });

  it('§3.1.2.3 ncl: Negative Content-Length — ParseError, and a stream carrying it is unframeable', () => {
    rejectedByParser('ncl', 'bad-content-length');
    answerable('ncl');
    expect(() => new SipStreamFramer().push(dat('ncl'))).toThrow(ParseError);
  });

  it('§3.1.2.4 scalar02: Request Scalar Fields with Overlarge Values — parses; accessors reject CSeq, Max-Forwards, Expires, contact expires', () => {
    expect(problemsOf('scalar02')).toEqual([
      'bad-header-value:cseq', 'bad-header-value:max-forwards', 'bad-header-value:contact', 'bad-header-value:expires',
    ]);
    answerable('scalar02');
  });

  it('§3.1.2.5 scalarlg: Response Scalar Fields with Overlarge Values — parses; the CSeq accessor rejects it, so the transaction layer cannot match it and drops it', () => {
    expect(problemsOf('scalarlg')).toEqual(['bad-header-value:cseq']);
    expect(readResponseContext(dat('scalarlg'))).toBeNull(); // responses are never answered
  });

  it('§3.1.2.6 quotbal: Unterminated Quoted String in Display Name — parses; the To accessor rejects it, the UAS answers 400', () => {
    expect(problemsOf('quotbal')).toEqual(['bad-header-value:to']);
    expect(answerable('quotbal').headers.get('to')).toBe('"Mr. J. User <sip:j.user@example.com>');
  });

  it('§3.1.2.7 ltgtruri: <> Enclosing Request-URI — ParseError', () => {
    rejectedByParser('ltgtruri', 'bad-request-uri');
    answerable('ltgtruri');
  });

  it('§3.1.2.8 lwsruri: Malformed SIP Request-URI (embedded LWS) — ParseError', () => {
    rejectedByParser('lwsruri', 'bad-start-line');
    answerable('lwsruri');
  });

  it('§3.1.2.9 lwsstart: Multiple SP Separating Request-Line Elements — ParseError', () => {
    rejectedByParser('lwsstart', 'bad-start-line');
    answerable('lwsstart');
  });

  it('§3.1.2.10 trws: SP Characters at End of Request-Line — ParseError', () => {
    rejectedByParser('trws', 'bad-start-line');
    answerable('trws');
  });

  it('§3.1.2.11 escruri: Escaped Headers in SIP Request-URI — parses; validateMessage reports the headers, the UAS answers 400', () => {
    expect(problemsOf('escruri')).toEqual(['request-uri-has-headers']);
  });

  it('§3.1.2.12 baddate: Invalid Time Zone in Date Header Field — parses; the Date accessor rejects EST', () => {
    expect(problemsOf('baddate')).toEqual(['bad-header-value:date']);
  });

  it('§3.1.2.13 regbadct: Failure to Enclose name-addr URI in <> — parses; the Contact accessor rejects it', () => {
    expect(problemsOf('regbadct')).toEqual(['bad-header-value:contact']);
  });

  it('§3.1.2.14 badaspec: Spaces within addr-spec — parses; the To accessor rejects it', () => {
    expect(problemsOf('badaspec')).toEqual(['bad-header-value:to']);
  });

  it('§3.1.2.15 baddn: Non-token Characters in Display Name — ParseError (the archived bytes lack the empty line); with it, the From and To accessors reject it', () => {
    rejectedByParser('baddn', 'headers-unterminated');
    expect(answerable('baddn').headers.get('cseq')).toBe('3923239 OPTIONS');
    const m = parseMessage(Buffer.concat([dat('baddn'), Buffer.from('\r\n')]));
    expect(validateMessage(m).map((e) => `${e.reason}:${e.header}`)).toEqual(['bad-header-value:from', 'bad-header-value:to']);
  });

  it('§3.1.2.16 badvers: Unknown Protocol Version — ParseError unsupported-version, answered 505', () => {
    const e = rejectedByParser('badvers', 'unsupported-version');
    expect(statusForParseError(e)).toBe(505);
    answerable('badvers', 505);
  });

  it('§3.1.2.17 mismatch01: Start Line and CSeq Method Mismatch — parses; validateMessage reports it, the UAS answers 400', () => {
    expect(problemsOf('mismatch01')).toEqual(['cseq-method-mismatch:cseq']);
  });

  it('§3.1.2.18 mismatch02: Unknown Method with CSeq Method Mismatch — parses; validateMessage reports the mismatch, the UA answers 501 for the method', () => {
    expect(problemsOf('mismatch02')).toEqual(['cseq-method-mismatch:cseq']);
    expect((parseMessage(dat('mismatch02')) as SipRequest).method).toBe('NEWMETHOD');
  });

  it('§3.1.2.19 bigcode: Overlarge Response Code — ParseError, the response is dropped', () => {
    rejectedByParser('bigcode', 'bad-status-code');
    expect(readResponseContext(dat('bigcode'))).toBeNull();
  });
});

describe('RFC 4475 §3.2 transaction-layer semantics', () => {
  it('§3.2.1 badbranch: Missing Transaction Identifier — parses; the Via exposes the bare magic cookie for the transaction layer to reject or fall back on', () => {
    const m = parsesAndRoundTrips('badbranch') as SipRequest;
    expect([m.via.branch, m.via.hasMagicCookie]).toEqual(['z9hG4bK', true]);
    expect(validateMessage(m)).toEqual([]);
  });
});

describe('RFC 4475 §3.3 application-layer semantics: well-formed, judged above the message layer', () => {
  it('§3.3.1 insuf: Missing Required Header Fields — parses; validateMessage reports To, From, Call-ID; the UAS answers 400', () => {
    expect(problemsOf('insuf')).toEqual(['missing-header:from', 'missing-header:to', 'missing-header:call-id']);
    expect(readResponseContext(dat('insuf'))).toBeNull(); // nothing to build a 400 from: §8.2.2 drops it
  });

  it('§3.3.2 unkscm: Request-URI with Unknown Scheme — parses; the UA answers 416 from requestUri.kind', () => {
    const m = parsesAndRoundTrips('unkscm') as SipRequest;
    expect([m.requestUri.kind, (m.requestUri as AbsoluteUri).scheme]).toEqual(['absolute', 'nobodyknowsthisscheme']);
  });

  it('§3.3.3 novelsc: Request-URI with Known but Atypical Scheme — parses; the UA answers 416', () => {
    const m = parsesAndRoundTrips('novelsc') as SipRequest;
    expect((m.requestUri as AbsoluteUri).scheme).toBe('soap.beep');
  });

  it('§3.3.4 unksm2: Unknown URI Schemes in Header Fields — parses; To, From, Contact carry opaque URIs', () => {
    const m = parsesAndRoundTrips('unksm2') as SipRequest;
    expect([m.to.uri.toString(), m.from.uri.toString(), m.contacts[0]!.uri.toString()]).toEqual([
      'isbn:2983792873', 'http://www.example.com', 'name:John_Smith',
    ]);
  });

  it('§3.3.5 bext01: Proxy-Require and Require — parses; the UA answers 420 from the listed option tags', () => {
    const m = parsesAndRoundTrips('bext01') as SipRequest;
    expect(m.headers.values('require')).toEqual(['nothingSupportsThis', 'nothingSupportsThisEither']);
    expect(m.headers.values('proxy-require')).toEqual(['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
  });

  it('§3.3.6 invut: Unknown Content-Type — parses; the UA answers 415', () => {
    const m = parsesAndRoundTrips('invut') as SipRequest;
    expect(m.contentType?.essence).toBe('application/unknownformat');
    expect(m.body.toString()).toContain('<pcmu port="443"/>');
  });

  it('§3.3.7 regaut01: Unknown Authorization Scheme — parses; Authorization is not split; the registrar answers 401', () => {
    const m = parsesAndRoundTrips('regaut01') as SipRequest;
    expect(m.headers.values('authorization')).toEqual(['NoOneKnowsThisScheme opaque-data=here']);
  });

  it('§3.3.8 multi01: Multiple Values in Single Value Required Fields — parses; validateMessage reports each repeated field, the UAS answers 400', () => {
    expect(problemsOf('multi01')).toEqual([
      'duplicate-header:from', 'duplicate-header:to', 'duplicate-header:call-id', 'duplicate-header:cseq', 'duplicate-header:max-forwards',
    ]);
  });

  it('§3.3.9 mcl01: Multiple Content-Length Values — ParseError at the message layer: the body cannot be framed (stricter than the RFC, which allows the application to decide)', () => {
    rejectedByParser('mcl01', 'bad-content-length');
    answerable('mcl01');
  });

  it('§3.3.10 bcast: 200 OK Response with Broadcast Via Header Field Value — parses; responses follow the top Via only, the broadcast one is a proxy concern', () => {
    const m = parsesAndRoundTrips('bcast') as SipResponse;
    expect(m.vias.map((v) => v.host)).toEqual(['192.0.2.198', '255.255.255.255']);
  });

  it('§3.3.11 zeromf: Max-Forwards of Zero — parses; a proxy answers 483, a UA answers the OPTIONS', () => {
    expect((parsesAndRoundTrips('zeromf') as SipRequest).maxForwards).toBe(0);
  });

  it('§3.3.12 cparam01: REGISTER with a Contact Header Parameter — parses; unknownparam is a contact parameter', () => {
    const c = (parsesAndRoundTrips('cparam01') as SipRequest).contacts[0]!;
    expect([c.param('unknownparam'), (c.uri as SipUri).params]).toEqual([null, []]);
  });

  it('§3.3.13 cparam02: REGISTER with a url-parameter — parses; unknownparam belongs to the URI', () => {
    const c = (parsesAndRoundTrips('cparam02') as SipRequest).contacts[0]!;
    expect([c.params, (c.uri as SipUri).param('unknownparam')]).toEqual([[], null]);
  });

  it('§3.3.14 regescrt: REGISTER with a URL Escaped Header — parses; the registrar strips the Route header from the binding', () => {
    const c = (parsesAndRoundTrips('regescrt') as SipRequest).contacts[0]!;
    expect((c.uri as SipUri).headers).toEqual([{ name: 'Route', value: '%3Csip:sip.example.com%3E' }]);
  });

  it('§3.3.15 sdp01: Unacceptable Accept Offering — parses; the UA answers 406 from Accept', () => {
    expect((parsesAndRoundTrips('sdp01') as SipRequest).headers.values('accept')).toEqual(['text/nobodyKnowsThis']);
  });
});

describe('RFC 4475 §3.4 backward compatibility', () => {
  it('§3.4.1 inv2543: INVITE with RFC 2543 Syntax — parses; no Max-Forwards, no Content-Length (body is the datagram), no branch', () => {
    const m = parsesAndRoundTrips('inv2543') as SipRequest;
    expect([m.maxForwards, m.via.branch, m.to.tag]).toEqual([undefined, undefined, undefined]);
    expect(m.body.toString()).toMatch(/^v=0\r\n[\s\S]*m=audio 49217 RTP\/AVP 0\r\n$/);
    expect(validateMessage(m)).toEqual([]);
  });
});
