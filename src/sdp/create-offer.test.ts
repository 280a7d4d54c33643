import { describe, expect, it } from 'vitest';
import { createOffer, type OfferOptions } from './create-offer.js';
import { FIRST_VERSION, sdpText, testDeps } from './negotiation.test-support.js';
import { parseSdp } from './parse-sdp.js';
import { InvalidSdpOptionsError } from './sdp-errors.js';
import { serializeSdp } from './serialize-sdp.js';

const OPTIONS: OfferOptions = { address: '198.51.100.7', port: 20000, codecs: ['PCMU', 'PCMA'], telephoneEvent: 101 };

describe('createOffer (RFC 3264 §5)', () => {
  it('offers G.711 in our order of preference, telephone-event 0-16, ptime and direction', () => {
    expect(serializeSdp(createOffer(OPTIONS, testDeps()))).toBe(
      sdpText(
        'v=0',
        `o=- 1 ${FIRST_VERSION} IN IP4 198.51.100.7`,
        's=-',
        'c=IN IP4 198.51.100.7',
        't=0 0',
        'm=audio 20000 RTP/AVP 0 8 101',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
      ),
    );
  });

  it('takes session id and version from the options, ptime, direction, IPv6, and no DTMF when not asked', () => {
    const offer = createOffer(
      {
        address: '2001:db8::7',
        port: 30000,
        codecs: ['PCMA'],
        ptime: 30,
        direction: 'sendonly',
        sessionId: '42',
        sessionVersion: '7',
      },
      testDeps(),
    );
    expect(serializeSdp(offer)).toBe(
      sdpText(
        'v=0',
        'o=- 42 7 IN IP6 2001:db8::7',
        's=-',
        'c=IN IP6 2001:db8::7',
        't=0 0',
        'm=audio 30000 RTP/AVP 8',
        'a=rtpmap:8 PCMA/8000',
        'a=ptime:30',
        'a=sendonly',
      ),
    );
  });

  it('session ids come from the injected Rng, so two offers differ', () => {
    const deps = testDeps();
    expect(createOffer(OPTIONS, deps).origin.sessionId).not.toBe(createOffer(OPTIONS, deps).origin.sessionId);
  });

  it('RFC 3264 §8: a new offer keeps the previous o= and increments the version by one when something changed', () => {
    const first = createOffer(OPTIONS, testDeps());
    const same = createOffer({ ...OPTIONS, previous: first }, testDeps());
    expect(same).toStrictEqual(first);
    const moved = createOffer({ ...OPTIONS, port: 20002, previous: first }, testDeps());
    expect(moved.origin.sessionId).toBe(first.origin.sessionId);
    expect(BigInt(moved.origin.sessionVersion) - BigInt(first.origin.sessionVersion)).toBe(1n);
  });

  it('its output parses back to itself', () => {
    const offer = createOffer(OPTIONS, testDeps());
    expect(parseSdp(serializeSdp(offer))).toStrictEqual(offer);
  });

  it('rejects options that cannot make a valid offer', () => {
    const deps = testDeps();
    expect(() => createOffer({ ...OPTIONS, telephoneEvent: 8 }, deps)).toThrow(InvalidSdpOptionsError);
    expect(() => createOffer({ ...OPTIONS, port: 70000 }, deps)).toThrow(InvalidSdpOptionsError);
    expect(() => createOffer({ ...OPTIONS, codecs: [] }, deps)).toThrow(InvalidSdpOptionsError);
    expect(() => createOffer({ ...OPTIONS, sessionId: 'abc' }, deps)).toThrow(InvalidSdpOptionsError);
    expect(() => createOffer({ ...OPTIONS, ptime: 0 }, deps)).toThrow(InvalidSdpOptionsError);
  });
});
