import { describe, expect, it } from 'vitest';
import { crlf, fixture, FIXTURES } from './fixtures.test-support.js';
import { parseSdp } from './parse-sdp.js';
import { serializeSdp } from './serialize-sdp.js';

describe('SDP round trip on real-world descriptions', () => {
  for (const name of FIXTURES) {
    it(`${name}: serialize(parse(text)) equals the text with CRLF line ends`, () => {
      const text = fixture(name);
      expect(serializeSdp(parseSdp(text))).toBe(crlf(text));
    });

    it(`${name}: parse(serialize(parse(text))) deep-equals parse(text)`, () => {
      const parsed = parseSdp(fixture(name));
      expect(parseSdp(serializeSdp(parsed))).toStrictEqual(parsed);
    });

    it(`${name}: CRLF and LF input parse to the same description`, () => {
      const text = fixture(name);
      expect(parseSdp(crlf(text))).toStrictEqual(parseSdp(text));
    });
  }

  it('keeps every attribute of a Chrome offer verbatim, in order, including a space after the colon', () => {
    const sd = parseSdp(fixture('chrome-offer'));
    expect(sd.attributes).toStrictEqual([
      { name: 'group', value: 'BUNDLE 0' },
      { name: 'extmap-allow-mixed' },
      { name: 'msid-semantic', value: ' WMS 5d2d9a3c-3d8b-4b1f-9a3e-2c0f6c1a7b11' },
    ]);
    const audio = sd.media[0]!;
    expect(audio.attributes).toHaveLength(29);
    expect(audio.attributes[5]).toStrictEqual({
      name: 'fingerprint',
      value:
        'sha-256 49:66:12:17:0D:1C:91:AE:57:4C:C6:36:DD:D5:97:D2:7D:62:C9:9A:7F:B9:A3:F1:4B:D2:1F:5E:1C:3E:6A:0B',
    });
    expect(sd.origin.sessionId).toBe('4611731400430051336'); // over 2^53: kept as text, exactly
  });

  it('reads every session-level field of the RFC 8866 §5-style example', () => {
    const sd = parseSdp(fixture('media-level-connection'));
    expect(sd).toMatchObject({
      sessionName: 'Call to John Smith',
      information: 'SDP Offer #1',
      uri: 'http://www.jdoe.example.com/home.html',
      emails: ['Jane Doe <jane@jdoe.example.com>'],
      phones: ['+1 617 555-6011'],
      times: [{ start: 3724394400, stop: 3724398000, repeats: [{ interval: '7d', duration: '1h', offsets: ['0', '25h'] }] }],
      timeZones: [
        { time: 3730922900, offset: '-1h' },
        { time: 3749669400, offset: '0' },
      ],
      attributes: [{ name: 'recvonly' }],
    });
    expect(sd.connection).toBeUndefined();
    expect(sd.media.map((m) => m.connections)).toStrictEqual([
      [{ netType: 'IN', addrType: 'IP4', address: '198.51.100.1' }],
      [{ netType: 'IN', addrType: 'IP4', address: '233.252.0.1', ttl: 127, addressCount: 2 }],
      [{ netType: 'IN', addrType: 'IP6', address: 'ff15::101', addressCount: 3 }],
    ]);
    expect(sd.media[1]).toMatchObject({ type: 'video', port: 51372, portCount: 2, information: 'Main camera' });
    expect(sd.media[0]!.bandwidths).toStrictEqual([{ type: 'AS', value: 64 }]);
  });
});
