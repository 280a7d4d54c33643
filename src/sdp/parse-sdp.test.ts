import { describe, expect, it } from 'vitest';
import { parseSdp } from './parse-sdp.js';
import { SdpParseError } from './sdp-errors.js';
import { serializeSdp } from './serialize-sdp.js';

const MINIMAL = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 0'];

function sdp(...lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** The SdpParseError thrown by parsing `text` (fails the test if something else happens). */
function parseError(text: string): SdpParseError {
  try {
    parseSdp(text);
  } catch (e) {
    expect(e).toBeInstanceOf(SdpParseError);
    return e as SdpParseError;
  }
  throw new Error('expected an SdpParseError');
}

describe('parseSdp', () => {
  it('reads a minimal description', () => {
    const sd = parseSdp(sdp(...MINIMAL));
    expect(sd).toStrictEqual({
      version: 0,
      origin: { username: '-', sessionId: '1', sessionVersion: '1', netType: 'IN', addrType: 'IP4', address: '192.0.2.1' },
      sessionName: '-',
      emails: [],
      phones: [],
      connection: { netType: 'IN', addrType: 'IP4', address: '192.0.2.1' },
      bandwidths: [],
      times: [{ start: 0, stop: 0, repeats: [] }],
      attributes: [],
      media: [
        { type: 'audio', port: 4000, proto: 'RTP/AVP', formats: ['0'], connections: [], bandwidths: [], attributes: [] },
      ],
    });
  });

  it('RFC 8866 §5: parsers may accept LF-only line ends; the serializer always writes CRLF', () => {
    const lf = MINIMAL.join('\n');
    expect(serializeSdp(parseSdp(lf))).toBe(sdp(...MINIMAL));
  });

  it('tolerates empty lines at the very end (extra CRLF after a SIP body)', () => {
    expect(parseSdp(`${sdp(...MINIMAL)}\r\n\r\n`)).toStrictEqual(parseSdp(sdp(...MINIMAL)));
  });

  it('distinguishes a property attribute, a value attribute and an empty value', () => {
    const sd = parseSdp(sdp(...MINIMAL, 'a=sendrecv', 'a=x-foo:', 'a=rtpmap:0 PCMU/8000'));
    expect(sd.media[0]!.attributes).toStrictEqual([
      { name: 'sendrecv' },
      { name: 'x-foo', value: '' },
      { name: 'rtpmap', value: '0 PCMU/8000' },
    ]);
    expect(serializeSdp(sd)).toContain('a=x-foo:\r\n');
  });

  it('reads m= <port>/<number of ports> (RFC 8866 §5.14)', () => {
    const sd = parseSdp(sdp(...MINIMAL.slice(0, 5), 'm=video 49170/2 RTP/AVP 31'));
    expect(sd.media[0]).toMatchObject({ port: 49170, portCount: 2, formats: ['31'] });
  });

  it('tolerates a description without t= and an m= line without formats, and writes them back the same', () => {
    const text = sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=', 'c=IN IP4 192.0.2.1', 'm=audio 0 RTP/AVP');
    const sd = parseSdp(text);
    expect(sd.times).toStrictEqual([]);
    expect(sd.media[0]!.formats).toStrictEqual([]);
    expect(serializeSdp(sd)).toBe(text);
  });

  describe('errors carry the line number and the reason', () => {
    it('RFC 8866 §5: a description with a type letter we do not understand is ignored as a whole', () => {
      const e = parseError(sdp(...MINIMAL, 'x=unknown'));
      expect(e.line).toBe(7);
      expect(e.reason).toMatch(/unknown type letter 'x'/);
    });

    it('RFC 8866 §5: whitespace must not be used on either side of the = sign', () => {
      expect(parseError(sdp('v=0', 'o =- 1 1 IN IP4 192.0.2.1')).line).toBe(2);
      expect(parseError(sdp('v=0', ' o=- 1 1 IN IP4 192.0.2.1')).line).toBe(2);
    });

    it('RFC 8866 §5: the lines come in the order the grammar fixes', () => {
      const e = parseError(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', 'c=IN IP4 192.0.2.1'));
      expect(e.line).toBe(5);
      expect(e.reason).toMatch(/'c=' is out of place/);
    });

    it('RFC 8866 §5.1: v= is 0', () => {
      expect(parseError(sdp('v=1', ...MINIMAL.slice(1))).line).toBe(1);
    });

    it('a description starts with v=, o= and s=', () => {
      expect(parseError(sdp('o=- 1 1 IN IP4 192.0.2.1')).reason).toMatch(/'v=' expected/);
      expect(parseError(sdp('v=0', 's=-')).line).toBe(2);
      expect(parseError('v=0\r\n').line).toBe(1);
    });

    it('RFC 8866 §5.2: o= has six fields and numeric sess-id and sess-version', () => {
      expect(parseError(sdp('v=0', 'o=- 1 IN IP4 192.0.2.1')).line).toBe(2);
      expect(parseError(sdp('v=0', 'o=- abc 1 IN IP4 192.0.2.1')).reason).toMatch(/sess-id/);
      expect(parseError(sdp('v=0', 'o=-  1 1 IN IP4 192.0.2.1')).line).toBe(2);
    });

    it('RFC 8866 §5.14: the m= port is a number up to 65535', () => {
      expect(parseError(sdp(...MINIMAL.slice(0, 5), 'm=audio 70000 RTP/AVP 0')).line).toBe(6);
      expect(parseError(sdp(...MINIMAL.slice(0, 5), 'm=audio x RTP/AVP 0')).line).toBe(6);
      expect(parseError(sdp(...MINIMAL.slice(0, 5), 'm=audio 1/2/3 RTP/AVP 0')).line).toBe(6);
    });

    it('RFC 8866 §5.7: a multicast TTL is at most 255, IPv6 has only an address count', () => {
      expect(parseError(sdp(...MINIMAL.slice(0, 3), 'c=IN IP4 233.252.0.1/256', 't=0 0')).line).toBe(4);
      expect(parseError(sdp(...MINIMAL.slice(0, 3), 'c=IN IP6 ff15::101/3/2', 't=0 0')).line).toBe(4);
      expect(parseError(sdp(...MINIMAL.slice(0, 3), 'c=IN IP4', 't=0 0')).line).toBe(4);
    });

    it('RFC 8866 §5.8: b= is <bwtype>:<bandwidth> with a numeric bandwidth', () => {
      expect(parseError(sdp(...MINIMAL.slice(0, 4), 'b=AS', 't=0 0')).line).toBe(5);
      expect(parseError(sdp(...MINIMAL.slice(0, 4), 'b=AS:x', 't=0 0')).line).toBe(5);
    });

    it('RFC 8866 §5.9-5.11: t=, r= and z= hold times', () => {
      expect(parseError(sdp(...MINIMAL.slice(0, 4), 't=0')).line).toBe(5);
      expect(parseError(sdp(...MINIMAL.slice(0, 5), 'r=7x 1h 0')).line).toBe(6);
      expect(parseError(sdp(...MINIMAL.slice(0, 5), 'z=1 -1h 2')).line).toBe(6);
    });

    it('RFC 8866 §5.13: an attribute name is a token', () => {
      expect(parseError(sdp(...MINIMAL, 'a=:value')).line).toBe(7);
      expect(parseError(sdp(...MINIMAL, 'a=bad name')).line).toBe(7);
    });

    it('RFC 8866 §9: text excludes NUL and CR; an empty line in the middle is not a line', () => {
      expect(parseError(sdp(...MINIMAL, 'a=x\ry')).line).toBe(7);
      expect(parseError(sdp(...MINIMAL, 'a=x\0y')).line).toBe(7);
      expect(parseError(sdp(...MINIMAL.slice(0, 3), '', ...MINIMAL.slice(3))).line).toBe(4);
    });

    it('empty text has line 0', () => {
      expect(parseError('').line).toBe(0);
      expect(parseError('\r\n').message).toBe('SDP: the description is empty');
    });
  });
});
