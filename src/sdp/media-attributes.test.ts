import { describe, expect, it } from 'vitest';
import { connectionOf, parseConnection, serializeConnection } from './connection.js';
import { fixture } from './fixtures.test-support.js';
import { fmtpOf, fmtpParameters, parseFmtp } from './fmtp.js';
import { parseSdp } from './parse-sdp.js';
import { maxptimeOf, ptimeOf } from './ptime.js';
import { formatRtcpAttribute, parseRtcpAttribute, rtcpOf } from './rtcp-attribute.js';

describe('fmtp (RFC 8866 §6.15)', () => {
  it('finds the parameters of a payload type', () => {
    const m = parseSdp(fixture('chrome-offer')).media[0]!;
    expect(fmtpOf(m, 111)).toBe('minptime=10;useinbandfec=1');
    expect(fmtpOf(m, '63')).toBe('111/111');
    expect(fmtpOf(m, 0)).toBeUndefined();
  });

  it('reads key=value;key=value with case-insensitive names (RFC 4855 §3)', () => {
    expect(fmtpParameters('minptime=10; useInbandFEC=1;flag')).toStrictEqual(
      new Map([
        ['minptime', '10'],
        ['useinbandfec', '1'],
        ['flag', ''],
      ]),
    );
    expect(parseFmtp('101')).toBeUndefined();
  });
});

describe('ptime and maxptime (RFC 8866 §6.4, §6.5)', () => {
  it('reads the media-level value, else the session-level one', () => {
    const sd = parseSdp(
      'v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\na=ptime:30\nm=audio 4000 RTP/AVP 0\na=maxptime:60\nm=audio 4002 RTP/AVP 0\na=ptime:20\n',
    );
    expect(ptimeOf(sd.media[0]!, sd)).toBe(30);
    expect(ptimeOf(sd.media[0]!)).toBeUndefined();
    expect(ptimeOf(sd.media[1]!, sd)).toBe(20);
    expect(maxptimeOf(sd.media[0]!, sd)).toBe(60);
  });
});

describe('connection address (RFC 8866 §5.7)', () => {
  it('reads unicast, IPv4 multicast with TTL and count, IPv6 multicast with count', () => {
    expect(parseConnection('IN IP4 192.0.2.1', 1)).toStrictEqual({ netType: 'IN', addrType: 'IP4', address: '192.0.2.1' });
    expect(parseConnection('IN IP4 233.252.0.1/127', 1)).toMatchObject({ address: '233.252.0.1', ttl: 127 });
    expect(parseConnection('IN IP4 233.252.0.1/127/3', 1)).toMatchObject({ ttl: 127, addressCount: 3 });
    expect(parseConnection('IN IP6 ff15::101/3', 1)).toMatchObject({ address: 'ff15::101', addressCount: 3 });
    for (const text of ['IN IP4 233.252.0.1/127/3', 'IN IP6 ff15::101/3', 'IN IP6 2001:db8::1', 'ATM NSAP 47.0091/8']) {
      expect(serializeConnection(parseConnection(text, 1))).toBe(text);
    }
  });

  it('media-level c= wins over session-level c=', () => {
    const sd = parseSdp(
      'v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP4 192.0.2.2\nm=audio 4002 RTP/AVP 0\n',
    );
    expect(connectionOf(sd, sd.media[0]!)?.address).toBe('192.0.2.2');
    expect(connectionOf(sd, sd.media[1]!)?.address).toBe('192.0.2.1');
  });
});

describe('rtcp (RFC 3605 §2.1)', () => {
  it('reads a port alone or with an address', () => {
    expect(parseRtcpAttribute('53020')).toStrictEqual({ port: 53020 });
    expect(parseRtcpAttribute('53020 IN IP4 126.16.64.4')).toStrictEqual({
      port: 53020,
      netType: 'IN',
      addrType: 'IP4',
      address: '126.16.64.4',
    });
    expect(parseRtcpAttribute('x')).toBeUndefined();
    expect(parseRtcpAttribute('70000')).toBeUndefined();
    expect(formatRtcpAttribute({ port: 9, netType: 'IN', addrType: 'IP4', address: '0.0.0.0' })).toBe('9 IN IP4 0.0.0.0');
    expect(rtcpOf(parseSdp(fixture('ipv6-offer')).media[0]!)).toMatchObject({ port: 49171, address: '2001:db8::11' });
  });
});
