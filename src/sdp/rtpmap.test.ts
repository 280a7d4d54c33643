import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-support.js';
import { parseSdp } from './parse-sdp.js';
import { codecOf, formatRtpmap, parseRtpmap, rtpmapsOf, sameEncoding } from './rtpmap.js';
import { staticPayloadType } from './static-payload-types.js';

describe('rtpmap', () => {
  it('RFC 8866 §6.6: reads <payload type> <encoding name>/<clock rate>[/<encoding parameters>]', () => {
    expect(parseRtpmap('0 PCMU/8000')).toStrictEqual({ payloadType: 0, encoding: 'PCMU', clockRate: 8000 });
    expect(parseRtpmap('111 opus/48000/2')).toStrictEqual({
      payloadType: 111,
      encoding: 'opus',
      clockRate: 48000,
      channels: 2,
    });
    expect(parseRtpmap('101 telephone-event/8000 ')).toMatchObject({ encoding: 'telephone-event' });
  });

  it('returns undefined for malformed values instead of failing the description (RFC 8866 §5.13)', () => {
    for (const bad of ['', 'PCMU/8000', '0 PCMU', '0 PCMU/x', '128 PCMU/8000', '0 PCMU/8000/2/1']) {
      expect(parseRtpmap(bad)).toBeUndefined();
    }
  });

  it('writes what it reads', () => {
    for (const text of ['0 PCMU/8000', '111 opus/48000/2', '101 telephone-event/8000']) {
      expect(formatRtpmap(parseRtpmap(text)!)).toBe(text);
    }
  });

  it('RFC 3551 §6: payload types 0 and 8 are PCMU/8000 and PCMA/8000 without any rtpmap', () => {
    const sd = parseSdp('v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0 8 96\n');
    const m = sd.media[0]!;
    expect(rtpmapsOf(m)).toStrictEqual([]);
    expect(codecOf(m, 0)).toMatchObject({ encoding: 'PCMU', clockRate: 8000 });
    expect(codecOf(m, 8)).toMatchObject({ encoding: 'PCMA', clockRate: 8000 });
    expect(codecOf(m, 96)).toBeUndefined();
    expect(staticPayloadType(18)).toMatchObject({ encoding: 'G729' });
    expect(staticPayloadType(9)).toMatchObject({ encoding: 'G722', clockRate: 8000 });
  });

  it('an explicit rtpmap wins over the static table', () => {
    const sd = parseSdp(fixture('chrome-offer'));
    const m = sd.media[0]!;
    expect(codecOf(m, 111)).toMatchObject({ encoding: 'opus', clockRate: 48000, channels: 2 });
    expect(codecOf(m, 126)).toMatchObject({ encoding: 'telephone-event', clockRate: 8000 });
  });

  it('RFC 4855 §3: encoding names are case-insensitive', () => {
    expect(sameEncoding('pcmu', 'PCMU')).toBe(true);
    expect(sameEncoding('PCMA', 'PCMU')).toBe(false);
  });
});
