import { describe, expect, it } from 'vitest';
import { rtcpBandwidthFor, rtcpIntervalMs } from './rtcp-interval.js';

const call = {
  members: 2,
  senders: 2,
  rtcpBandwidth: rtcpBandwidthFor(87_200), // G.711 with RTP/UDP/IPv4 headers
  weSent: true,
  averageRtcpSize: 100,
  initial: false,
};

describe('RTCP report interval (RFC 3550 §6.3.1, A.7)', () => {
  it('is the 5 s minimum, randomised over [0.5, 1.5] and divided by e − 3/2, for a two-party call', () => {
    expect(rtcpIntervalMs(call, 0)).toBeCloseTo((2500 / (Math.E - 1.5)), 6);
    expect(rtcpIntervalMs(call, 0.5)).toBeCloseTo(5000 / (Math.E - 1.5), 6);
    expect(rtcpIntervalMs(call, 0.999)).toBeLessThan(7500 / (Math.E - 1.5));
  });

  it('halves the minimum before the first report', () => {
    expect(rtcpIntervalMs({ ...call, initial: true }, 0.5)).toBeCloseTo(2500 / (Math.E - 1.5), 6);
  });

  it('grows with the number of members once bandwidth, not the minimum, decides', () => {
    const conference = { ...call, members: 500, senders: 10, weSent: false };
    const receiverShare = (100 * 490) / (rtcpBandwidthFor(87_200) * 0.75);
    expect(rtcpIntervalMs(conference, 0.5)).toBeCloseTo((receiverShare * 1000) / (Math.E - 1.5), 3);
  });
});
