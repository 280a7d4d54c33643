import { describe, expect, it } from 'vitest';
import { ntpFromUnixMs, ntpMiddle32, unixMsFromNtp } from './ntp-time.js';
import { RtpReceiverStats } from './rtp-receiver-stats.js';

describe('RtpReceiverStats (RFC 3550 A.3, A.8)', () => {
  it('reports zero jitter and zero loss for a perfectly paced stream', () => {
    const s = new RtpReceiverStats({ clockRate: 8000 });
    for (let i = 0; i < 100; i++) s.update(i, 1000 + 160 * i, 20 * i);
    expect(s.jitter).toBe(0);
    const block = s.reportBlock(0xabc, 2000);
    expect(block.fractionLost).toBe(0);
    expect(block.cumulativeLost).toBe(0);
    expect(block.extendedHighestSequence).toBe(99);
  });

  it('converges to the A.8 estimate for alternating 0/10 ms delays (|D| = 80 units)', () => {
    const s = new RtpReceiverStats({ clockRate: 8000 });
    for (let i = 0; i < 500; i++) s.update(i & 0xffff, 160 * i, 20 * i + (i % 2 ? 10 : 0));
    expect(s.jitter).toBeGreaterThanOrEqual(79);
    expect(s.jitter).toBeLessThanOrEqual(80);
    expect(s.jitterMs).toBeCloseTo(10, 0);
  });

  it('handles the timestamp wrapping inside the jitter computation', () => {
    const s = new RtpReceiverStats({ clockRate: 8000 });
    for (let i = 0; i < 50; i++) s.update(i, (0xffffff00 + 160 * i) >>> 0, 20 * i);
    expect(s.jitter).toBe(0);
  });

  it('skips jitter for packets that ask it to (RFC 4733 events repeat their timestamp)', () => {
    const s = new RtpReceiverStats({ clockRate: 8000 });
    for (let i = 0; i < 20; i++) s.update(i, 5000, 20 * i, false);
    expect(s.jitter).toBe(0);
    expect(s.packetsReceived).toBe(19);
  });

  it('computes the fraction lost per interval and the cumulative count (A.3)', () => {
    const s = new RtpReceiverStats({ clockRate: 8000, minSequential: 1 });
    for (let i = 0; i < 100; i++) if (i % 10 !== 5) s.update(i, 160 * i, 20 * i);
    const first = s.reportBlock(1, 2000);
    expect(first.cumulativeLost).toBe(10);
    expect(first.fractionLost).toBe(Math.floor((10 * 256) / 100));
    for (let i = 100; i < 200; i++) s.update(i, 160 * i, 20 * i);
    const second = s.reportBlock(1, 4000);
    expect(second.fractionLost).toBe(0);
    expect(second.cumulativeLost).toBe(10);
    expect(second.extendedHighestSequence).toBe(199);
  });

  it('reports duplicates as negative loss but a zero fraction', () => {
    const s = new RtpReceiverStats({ clockRate: 8000, minSequential: 1 });
    for (let i = 0; i < 10; i++) {
      s.update(i, 160 * i, 20 * i);
      s.update(i, 160 * i, 20 * i + 1);
    }
    const block = s.reportBlock(1, 1000);
    expect(block.cumulativeLost).toBe(-10);
    expect(block.fractionLost).toBe(0);
  });

  it('carries LSR and DLSR after a sender report (§6.4.1)', () => {
    const s = new RtpReceiverStats({ clockRate: 8000 });
    const ntp = ntpFromUnixMs(Date.UTC(2026, 0, 1, 12));
    s.onSenderReport(ntp.seconds, ntp.fraction, 10_000);
    const block = s.reportBlock(7, 10_500);
    expect(block.lastSenderReport).toBe(ntpMiddle32(ntp.seconds, ntp.fraction));
    expect(block.delaySinceLastSenderReport).toBe(32768); // 0.5 s in 1/65536 s
    expect(unixMsFromNtp(ntp.seconds, ntp.fraction)).toBeCloseTo(Date.UTC(2026, 0, 1, 12), 3);
  });

  it('remembers when the last valid packet arrived (for media timeouts)', () => {
    const s = new RtpReceiverStats({ clockRate: 8000 });
    expect(s.lastPacketMs).toBe(-1);
    s.update(1, 0, 100);
    expect(s.valid).toBe(false); // A.1 probation
    s.update(2, 160, 120);
    expect(s.valid).toBe(true);
    expect(s.lastPacketMs).toBe(120);
  });
});
