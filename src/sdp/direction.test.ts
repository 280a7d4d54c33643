import { describe, expect, it } from 'vitest';
import {
  DIRECTIONS,
  directionOf,
  intersectDirections,
  mirrorDirection,
  withDirection,
  withoutDirection,
} from './direction.js';
import { parseSdp } from './parse-sdp.js';

const HEAD = 'v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n';

describe('direction attributes', () => {
  it('RFC 8866 §6.7: with no direction attribute, sendrecv is assumed', () => {
    const sd = parseSdp(`${HEAD}m=audio 4000 RTP/AVP 0\n`);
    expect(directionOf(sd, sd.media[0])).toBe('sendrecv');
    expect(directionOf(sd)).toBe('sendrecv');
  });

  it('RFC 8866 §6.7: a media-level direction overrides the session-level one', () => {
    const sd = parseSdp(`${HEAD}a=sendonly\nm=audio 4000 RTP/AVP 0\na=inactive\nm=audio 4002 RTP/AVP 0\n`);
    expect(directionOf(sd, sd.media[0])).toBe('inactive');
    expect(directionOf(sd, sd.media[1])).toBe('sendonly');
  });

  it('RFC 3264 §6.1: the answer mirrors the offer (sendonly → recvonly, recvonly → sendonly)', () => {
    expect(mirrorDirection('sendonly')).toBe('recvonly');
    expect(mirrorDirection('recvonly')).toBe('sendonly');
    expect(mirrorDirection('sendrecv')).toBe('sendrecv');
    expect(mirrorDirection('inactive')).toBe('inactive');
  });

  it('intersection keeps only what both allow', () => {
    expect(intersectDirections('sendrecv', 'sendonly')).toBe('sendonly');
    expect(intersectDirections('recvonly', 'sendonly')).toBe('inactive');
    for (const d of DIRECTIONS) {
      expect(intersectDirections(d, 'sendrecv')).toBe(d);
      expect(intersectDirections(d, 'inactive')).toBe('inactive');
    }
  });

  it('withDirection replaces every direction attribute in place, keeping the rest', () => {
    const attrs = [
      { name: 'rtpmap', value: '0 PCMU/8000' },
      { name: 'sendrecv' },
      { name: 'ptime', value: '20' },
      { name: 'recvonly' },
    ];
    expect(withDirection(attrs, 'sendonly')).toStrictEqual([
      { name: 'rtpmap', value: '0 PCMU/8000' },
      { name: 'sendonly' },
      { name: 'ptime', value: '20' },
    ]);
    expect(withDirection([], 'inactive')).toStrictEqual([{ name: 'inactive' }]);
    expect(withoutDirection(attrs)).toHaveLength(2);
  });
});
