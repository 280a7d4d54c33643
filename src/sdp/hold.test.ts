import { describe, expect, it } from 'vitest';
import { createOffer } from './create-offer.js';
import { directionOf } from './direction.js';
import { holdOffer, resumeOffer } from './hold.js';
import { negotiateAnswer } from './negotiate-answer.js';
import { sdpText, testDeps } from './negotiation.test-support.js';
import { parseSdp } from './parse-sdp.js';
import { serializeSdp } from './serialize-sdp.js';

const ACTIVE = createOffer({ address: '198.51.100.7', port: 20000, codecs: ['PCMU'], telephoneEvent: 101 }, testDeps());
const version = (v: string): bigint => BigInt(v);

describe('hold and resume re-offers (RFC 3264 §8.4)', () => {
  it('"If the stream to be placed on hold was previously a sendrecv media stream, it is placed on hold by marking it sendonly"', () => {
    const held = holdOffer(ACTIVE);
    expect(directionOf(held, held.media[0])).toBe('sendonly');
    expect(held.media[0]!.attributes.filter((a) => a.name === 'sendonly')).toHaveLength(1);
    expect(held.media[0]!.attributes.some((a) => a.name === 'sendrecv')).toBe(false);
  });

  it('"If the stream to be placed on hold was previously a recvonly media stream, it is placed on hold by marking it inactive"', () => {
    const recvonly = createOffer({ address: '198.51.100.7', port: 20000, codecs: ['PCMU'], direction: 'recvonly' }, testDeps());
    const held = holdOffer(recvonly);
    expect(directionOf(held, held.media[0])).toBe('inactive');
  });

  it('hold with inactive stops media both ways', () => {
    const held = holdOffer(ACTIVE, 'inactive');
    expect(directionOf(held, held.media[0])).toBe('inactive');
  });

  it('RFC 3264 §8: every new offer increments the o= version by one and keeps the rest of o=', () => {
    const held = holdOffer(ACTIVE);
    const resumed = resumeOffer(held);
    expect(version(held.origin.sessionVersion)).toBe(version(ACTIVE.origin.sessionVersion) + 1n);
    expect(version(resumed.origin.sessionVersion)).toBe(version(ACTIVE.origin.sessionVersion) + 2n);
    expect({ ...resumed.origin, sessionVersion: '' }).toStrictEqual({ ...ACTIVE.origin, sessionVersion: '' });
    expect(directionOf(resumed, resumed.media[0])).toBe('sendrecv');
    // Apart from o=, resuming gives back the original description.
    expect(serializeSdp({ ...resumed, origin: ACTIVE.origin })).toBe(serializeSdp(ACTIVE));
  });

  it('a session-level direction is replaced by media-level ones; rejected streams are left alone', () => {
    const previous = parseSdp(
      sdpText(
        'v=0',
        'o=- 1 1 IN IP4 192.0.2.1',
        's=-',
        'c=IN IP4 192.0.2.1',
        't=0 0',
        'a=sendrecv',
        'm=audio 4000 RTP/AVP 0',
        'm=video 0 RTP/AVP 31',
      ),
    );
    const held = holdOffer(previous);
    expect(held.attributes).toStrictEqual([]);
    expect(held.media[0]!.attributes).toStrictEqual([{ name: 'sendonly' }]);
    expect(held.media[1]).toStrictEqual(previous.media[1]);
    expect(held.origin.sessionVersion).toBe('2');
  });

  it('the other side answers our hold with recvonly', () => {
    const result = negotiateAnswer(holdOffer(ACTIVE), { address: '203.0.113.5', port: 30000, codecs: ['PCMU'] }, testDeps());
    expect(result).toMatchObject({ ok: true, direction: 'recvonly' });
    expect(result.ok && directionOf(result.answer, result.answer.media[0])).toBe('recvonly');
  });
});
