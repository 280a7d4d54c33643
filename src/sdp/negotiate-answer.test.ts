import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-support.js';
import { type AnswerOptions, negotiateAnswer } from './negotiate-answer.js';
import type { NegotiationResult, NegotiationSuccess } from './negotiation-result.js';
import { audioOffer, FIRST_VERSION, sdpText, testDeps } from './negotiation.test-support.js';
import { parseSdp } from './parse-sdp.js';
import { InvalidSdpOptionsError } from './sdp-errors.js';
import { serializeSdp } from './serialize-sdp.js';

const LOCAL: AnswerOptions = { address: '198.51.100.7', port: 20000, codecs: ['PCMU', 'PCMA'] };

function answer(offerText: string, options: Partial<AnswerOptions> = {}): NegotiationResult {
  return negotiateAnswer(parseSdp(offerText), { ...LOCAL, ...options }, testDeps());
}

function ok(result: NegotiationResult): NegotiationSuccess {
  if (!result.ok) throw new Error(`negotiation failed: ${result.reason} (${result.detail})`);
  return result;
}

/** The accepted m= section of the answer, as text. */
function answeredMedia(result: NegotiationSuccess): string {
  const text = serializeSdp(result.answer);
  return text.slice(text.indexOf('m=audio'));
}

describe('negotiateAnswer (RFC 3264 §6)', () => {
  it('answers a SIPp offer (PCMU, PCMA, telephone-event 101) with PCMU and DTMF events', () => {
    const result = ok(answer(fixture('sipp-offer')));
    expect(result).toMatchObject({
      codec: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
      telephoneEvent: 101,
      remote: { address: '127.0.0.1', port: 6000, rtcp: { address: '127.0.0.1', port: 6001 } },
      direction: 'sendrecv',
      ptime: 20,
      mediaIndex: 0,
    });
    expect(serializeSdp(result.answer)).toBe(
      sdpText(
        'v=0',
        `o=- 1 ${FIRST_VERSION} IN IP4 198.51.100.7`,
        's=-',
        'c=IN IP4 198.51.100.7',
        't=0 0',
        'm=audio 20000 RTP/AVP 0 101',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-15',
        'a=ptime:20',
        'a=sendrecv',
      ),
    );
  });

  it('RFC 3264 §6.1: the offer’s order wins over ours (first of the offer’s codecs we support)', () => {
    expect(ok(answer(fixture('sipp-offer'), { codecs: ['PCMA', 'PCMU'] })).codec.name).toBe('PCMU');
    expect(ok(answer(fixture('baresip-offer'))).codec).toStrictEqual({ name: 'PCMU', payloadType: 0, clockRate: 8000 });
  });

  it('answers a PCMA-only offer with PCMA', () => {
    const result = ok(answer(audioOffer('8', 'a=rtpmap:8 PCMA/8000')));
    expect(result.codec).toStrictEqual({ name: 'PCMA', payloadType: 8, clockRate: 8000 });
    expect(result.telephoneEvent).toBeUndefined();
    expect(answeredMedia(result)).toBe(sdpText('m=audio 20000 RTP/AVP 8', 'a=rtpmap:8 PCMA/8000', 'a=ptime:20', 'a=sendrecv'));
  });

  it('answers only with codecs we support: a PCMA-only endpoint takes PCMA from a PCMU-first offer', () => {
    expect(ok(answer(fixture('sipp-offer'), { codecs: ['PCMA'] })).codec.payloadType).toBe(8);
  });

  it('RFC 3261 §13.3.1.1: no common codec is a typed failure (the UAS answers 488)', () => {
    const result = answer(audioOffer('18 96', 'a=rtpmap:18 G729/8000', 'a=rtpmap:96 opus/48000/2'));
    expect(result).toMatchObject({ ok: false, reason: 'no-common-codec' });
    expect(answer(fixture('sipp-offer'), { codecs: ['PCMA'] }).ok).toBe(true);
    expect(answer(audioOffer('0'), { codecs: ['PCMA'] })).toMatchObject({ ok: false, reason: 'no-common-codec' });
  });

  it('refuses audio over a profile other than RTP/AVP (a WebRTC offer is UDP/TLS/RTP/SAVPF)', () => {
    expect(answer(fixture('chrome-offer'))).toMatchObject({ ok: false, reason: 'unsupported-transport' });
  });

  it('fails with no-audio-stream when there is no active audio', () => {
    const offer = sdpText('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=video 5000 RTP/AVP 31');
    expect(answer(offer)).toMatchObject({ ok: false, reason: 'no-audio-stream' });
    expect(answer(audioOffer('0').replace('m=audio 4000', 'm=audio 0'))).toMatchObject({ reason: 'no-audio-stream' });
  });

  it('RFC 8866 §5.7: a stream without any c= cannot be answered', () => {
    const offer = sdpText('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 0');
    expect(answer(offer)).toMatchObject({ ok: false, reason: 'no-connection-address' });
  });

  describe('telephone-event (RFC 4733)', () => {
    it('is left out when the offer has none', () => {
      const result = ok(answer(audioOffer('0 8')));
      expect(result.telephoneEvent).toBeUndefined();
      expect(result.answer.media[0]!.formats).toStrictEqual(['0']);
    });

    it('keeps the offer’s payload type number (RFC 3264 §6.1) and the events both support', () => {
      const result = ok(answer(audioOffer('8 96', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-16')));
      expect(result.telephoneEvent).toBe(96);
      expect(answeredMedia(result)).toContain('m=audio 20000 RTP/AVP 8 96\r\n');
      expect(answeredMedia(result)).toContain('a=fmtp:96 0-16\r\n');
    });

    it.each([
      ['0-15', '0-15'],
      ['0-16', '0-16'],
      ['0-11,16', '0-11,16'],
      ['0-255', '0-16'],
    ])('answers events %s with %s', (offered, answered) => {
      const result = ok(answer(audioOffer('0 101', 'a=rtpmap:101 telephone-event/8000', `a=fmtp:101 ${offered}`)));
      expect(answeredMedia(result)).toContain(`a=fmtp:101 ${answered}\r\n`);
    });

    it('RFC 4733 §2.4.1: without an fmtp, events 0-15 are meant', () => {
      const result = ok(answer(audioOffer('0 101', 'a=rtpmap:101 telephone-event/8000')));
      expect(answeredMedia(result)).toContain('a=fmtp:101 0-15\r\n');
    });

    it('is matched by name and clock rate: telephone-event/48000 does not go with PCMU', () => {
      const offer = audioOffer('0 110 126', 'a=rtpmap:110 telephone-event/48000', 'a=rtpmap:126 TELEPHONE-EVENT/8000');
      const result = ok(answer(offer));
      expect(result.telephoneEvent).toBe(126);
      expect(ok(answer(audioOffer('0 110', 'a=rtpmap:110 telephone-event/48000'))).telephoneEvent).toBeUndefined();
    });

    it('is left out when we do not want it', () => {
      expect(ok(answer(fixture('sipp-offer'), { telephoneEvent: false })).telephoneEvent).toBeUndefined();
    });
  });

  it('keeps a dynamic payload number the offer gave to a G.711 codec', () => {
    const result = ok(answer(audioOffer('97', 'a=rtpmap:97 pcmu/8000')));
    expect(result.codec).toStrictEqual({ name: 'PCMU', payloadType: 97, clockRate: 8000 });
    expect(answeredMedia(result)).toContain('a=rtpmap:97 PCMU/8000\r\n');
  });

  describe('directions and hold (RFC 3264 §6.1, §8.4)', () => {
    it.each([
      ['sendrecv', 'sendrecv'],
      ['sendonly', 'recvonly'],
      ['recvonly', 'sendonly'],
      ['inactive', 'inactive'],
    ] as const)('an offer marked %s is answered %s', (offered, answered) => {
      const result = ok(answer(audioOffer('0', `a=${offered}`)));
      expect(result.direction).toBe(answered);
      expect(result.answer.media[0]!.attributes.at(-1)).toStrictEqual({ name: answered });
    });

    it('reads a session-level direction when the media has none', () => {
      const text = fixture('sipp-offer').replace('a=sendrecv\n', '').replace('t=0 0\n', 't=0 0\na=sendonly\n');
      expect(ok(answer(text)).direction).toBe('recvonly');
    });

    it('narrows by our own direction: we hold (sendonly) an offer that is sendrecv', () => {
      expect(ok(answer(fixture('sipp-offer'), { direction: 'sendonly' })).direction).toBe('sendonly');
      expect(ok(answer(audioOffer('0', 'a=sendonly'), { direction: 'sendonly' })).direction).toBe('inactive');
    });

    it('RFC 3264 §8.4: c=0.0.0.0 (RFC 2543 hold) means nothing may be sent to the offerer', () => {
      const result = ok(answer(audioOffer('0').replace('c=IN IP4 192.0.2.1', 'c=IN IP4 0.0.0.0')));
      expect(result.direction).toBe('recvonly');
      expect(result.remote.address).toBe('0.0.0.0');
    });
  });

  describe('several streams (RFC 3264 §6)', () => {
    const offer = sdpText(
      'v=0',
      'o=- 1 1 IN IP4 192.0.2.1',
      's=-',
      'c=IN IP4 192.0.2.1',
      't=0 0',
      'm=video 5000 RTP/AVP 31 34',
      'a=rtpmap:31 H261/90000',
      'm=audio 0 RTP/AVP 0',
      'm=audio 4000 RTP/SAVP 0',
      'm=audio 4002 RTP/AVP 8',
      'm=audio 4004 RTP/AVP 0',
    );

    it('answers with as many m= lines as offered; all but the accepted audio get port 0 with the offered formats', () => {
      const result = ok(answer(offer));
      expect(result.mediaIndex).toBe(3);
      expect(result.remote.port).toBe(4002);
      expect(result.answer.media.map((m) => `${m.type} ${m.port} ${m.proto} ${m.formats.join(' ')}`)).toStrictEqual([
        'video 0 RTP/AVP 31 34',
        'audio 0 RTP/AVP 0',
        'audio 0 RTP/SAVP 0',
        'audio 20000 RTP/AVP 8',
        'audio 0 RTP/AVP 0',
      ]);
      expect(result.answer.media[0]!.attributes).toStrictEqual([]);
    });

    it('reports the first problem when no stream can be accepted', () => {
      const text = offer.replace('m=audio 4002 RTP/AVP 8\r\n', '').replace('m=audio 4004 RTP/AVP 0\r\n', '');
      expect(answer(text)).toMatchObject({ ok: false, reason: 'unsupported-transport' });
    });
  });

  it('answers an IPv6 offer with our address, and reads the remote RTCP from a=rtcp (RFC 3605)', () => {
    const result = ok(answer(fixture('ipv6-offer'), { address: '2001:db8::7' }));
    expect(result.remote).toStrictEqual({
      address: '2001:db8::10',
      port: 49170,
      rtcp: { address: '2001:db8::11', port: 49171 },
    });
    expect(result.codec.name).toBe('PCMA');
    expect(serializeSdp(result.answer)).toContain('c=IN IP6 2001:db8::7\r\n');
    expect(result.answer.origin.addrType).toBe('IP6');
  });

  it('answers an offer whose c= is only at media level', () => {
    const result = ok(answer(fixture('media-level-connection')));
    expect(result.remote).toMatchObject({ address: '198.51.100.1', port: 49170 });
    expect(result.direction).toBe('sendonly'); // session-level a=recvonly mirrored
    expect(result.answer.media.map((m) => m.port)).toStrictEqual([20000, 0, 0]);
  });

  it('RFC 3264 §6: the t= line of the answer equals that of the offer', () => {
    const result = ok(answer(fixture('media-level-connection')));
    expect(result.answer.times).toStrictEqual(parseSdp(fixture('media-level-connection')).times);
  });

  it('sends with the ptime the offerer asked for, bounded by its maxptime', () => {
    expect(ok(answer(audioOffer('0', 'a=ptime:30'))).ptime).toBe(30);
    expect(ok(answer(audioOffer('0', 'a=ptime:40', 'a=maxptime:30'))).ptime).toBe(30);
    expect(ok(answer(audioOffer('0'), { ptime: 10 })).ptime).toBe(10);
  });

  it('RFC 3264 §8: a re-answer keeps o= and bumps the version only when something changed', () => {
    const first = ok(answer(fixture('sipp-offer')));
    const same = ok(answer(fixture('sipp-offer'), { previous: first.answer }));
    expect(same.answer).toStrictEqual(first.answer);
    const held = ok(answer(audioOffer('0', 'a=sendonly'), { previous: first.answer }));
    expect(held.answer.origin).toStrictEqual({
      ...first.answer.origin,
      sessionVersion: String(BigInt(first.answer.origin.sessionVersion) + 1n),
    });
  });

  it('the answer it builds parses back to itself', () => {
    for (const name of ['sipp-offer', 'baresip-offer', 'ipv6-offer', 'media-level-connection'] as const) {
      const result = ok(answer(fixture(name)));
      expect(parseSdp(serializeSdp(result.answer))).toStrictEqual(result.answer);
    }
  });

  it('bad local options are a programming error: InvalidSdpOptionsError', () => {
    expect(() => answer(fixture('sipp-offer'), { port: 0 })).toThrow(InvalidSdpOptionsError);
    expect(() => answer(fixture('sipp-offer'), { codecs: [] })).toThrow(InvalidSdpOptionsError);
    expect(() => answer(fixture('sipp-offer'), { address: 'a b' })).toThrow(InvalidSdpOptionsError);
  });
});
