import { describe, expect, it } from 'vitest';
import { LATCH_ACCEPT, LATCH_DROP, LATCH_LATCHED, SymmetricRtpLatch } from './symmetric-rtp-latch.js';

const sdp = { rtp: { address: '10.0.0.5', port: 4000 } };

describe('SymmetricRtpLatch (RFC 4961, RFC 7362 §4)', () => {
  it('sends to the SDP address until two packets in a row come from one source, then latches to it', () => {
    const latch = new SymmetricRtpLatch(sdp);
    expect(latch.target).toEqual({ address: '10.0.0.5', port: 4000 });
    expect(latch.rtcpTarget).toEqual({ address: '10.0.0.5', port: 4001 });
    expect(latch.accept('203.0.113.9', 61000)).toBe(LATCH_ACCEPT);
    expect(latch.accept('203.0.113.9', 61000)).toBe(LATCH_LATCHED);
    expect(latch.target).toEqual({ address: '203.0.113.9', port: 61000 });
    expect(latch.rtcpTarget).toEqual({ address: '203.0.113.9', port: 61001 });
  });

  it('does not latch on alternating sources (a stray or spoofed datagram resets the count)', () => {
    const latch = new SymmetricRtpLatch(sdp);
    expect(latch.accept('1.1.1.1', 1)).toBe(LATCH_ACCEPT);
    expect(latch.accept('2.2.2.2', 2)).toBe(LATCH_ACCEPT);
    expect(latch.accept('1.1.1.1', 1)).toBe(LATCH_ACCEPT);
    expect(latch.latched).toBe(false);
    expect(latch.target).toEqual(sdp.rtp);
  });

  it('strict: once latched, packets from anyone else are dropped and counted; not strict: accepted', () => {
    const strict = new SymmetricRtpLatch(sdp, { packets: 1 });
    strict.accept('1.1.1.1', 1);
    expect(strict.accept('6.6.6.6', 6)).toBe(LATCH_DROP);
    expect(strict.foreign).toBe(1);
    const lax = new SymmetricRtpLatch(sdp, { packets: 1, strict: false });
    lax.accept('1.1.1.1', 1);
    expect(lax.accept('6.6.6.6', 6)).toBe(LATCH_ACCEPT);
    expect(lax.target).toEqual({ address: '1.1.1.1', port: 1 });
  });

  it('relearns after a re-INVITE moves the peer (RFC 3264 §8)', () => {
    const latch = new SymmetricRtpLatch(sdp, { packets: 1 });
    latch.accept('1.1.1.1', 1);
    latch.relearn({ rtp: { address: '10.0.0.7', port: 5000 }, rtcp: { address: '10.0.0.7', port: 5555 } });
    expect(latch.latched).toBe(false);
    expect(latch.target).toEqual({ address: '10.0.0.7', port: 5000 });
    expect(latch.rtcpTarget).toEqual({ address: '10.0.0.7', port: 5555 });
    expect(latch.accept('9.9.9.9', 9)).toBe(LATCH_LATCHED);
  });

  it('disabled: always the SDP address, every packet accepted', () => {
    const latch = new SymmetricRtpLatch(sdp, { enabled: false });
    for (let i = 0; i < 5; i++) expect(latch.accept('1.1.1.1', 1)).toBe(LATCH_ACCEPT);
    expect(latch.target).toEqual(sdp.rtp);
  });

  it('RTCP latches on its own to the first RTCP source of the latched address', () => {
    const latch = new SymmetricRtpLatch(sdp, { packets: 1 });
    latch.accept('1.1.1.1', 1000);
    expect(latch.acceptRtcp('7.7.7.7', 7)).toBe(false); // another host: dropped (strict)
    expect(latch.acceptRtcp('1.1.1.1', 1234)).toBe(true);
    expect(latch.rtcpTarget).toEqual({ address: '1.1.1.1', port: 1234 });
  });

  it('with no SDP address yet, sends nowhere until the peer shows up', () => {
    const latch = new SymmetricRtpLatch(null, { packets: 1 });
    expect(latch.target).toBeNull();
    latch.accept('1.1.1.1', 1);
    expect(latch.target).toEqual({ address: '1.1.1.1', port: 1 });
  });
});
