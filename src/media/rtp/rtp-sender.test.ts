import { describe, expect, it } from 'vitest';
import { SequenceRng } from '../../lib/rng.js';
import { RtpPacket } from './rtp-packet.js';
import { RtpSender } from './rtp-sender.js';

function sender(): RtpSender {
  return new RtpSender({ rng: new SequenceRng(), payloadType: 0, clockRate: 8000 });
}

function frame(s: RtpSender, samples = 160): RtpPacket {
  const p = new RtpPacket();
  p.payload = new Uint8Array(samples);
  return s.stamp(p, samples);
}

describe('RtpSender (RFC 3550 §5.1)', () => {
  it('takes SSRC, initial sequence number and timestamp from the injected Rng', () => {
    const s = sender(); // SequenceRng hands out 1, 2, 3
    expect(s.ssrc).toBe(1);
    expect(s.sequenceNumber).toBe(2);
    expect(s.timestamp).toBe(3);
  });

  it('sets the marker on the first packet only, and advances sequence by 1 and timestamp by the samples', () => {
    const s = sender();
    const a = frame(s);
    const b = frame(s);
    expect([a.marker, b.marker]).toEqual([true, false]);
    expect(b.sequenceNumber - a.sequenceNumber).toBe(1);
    expect(b.timestamp - a.timestamp).toBe(160);
    expect(a.ssrc).toBe(s.ssrc);
    expect(a.payloadType).toBe(0);
  });

  it('keeps the clock running through silence and marks the first packet of the next talk spurt', () => {
    const s = sender();
    const a = frame(s);
    for (let i = 0; i < 50; i++) s.skip(160); // one second of silence
    const b = frame(s);
    expect(b.marker).toBe(true);
    expect(b.timestamp - a.timestamp).toBe(160 * 51);
    expect(b.sequenceNumber - a.sequenceNumber).toBe(1); // §5.1: sequence counts packets, not time
  });

  it('keeps timestamps continuous across a prompt change (the clock is per stream, not per source)', () => {
    const s = sender();
    const stamps: number[] = [];
    for (let i = 0; i < 3; i++) stamps.push(frame(s).timestamp); // prompt A
    for (let i = 0; i < 3; i++) stamps.push(frame(s).timestamp); // prompt B replaces A at once
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBe(160);
  });

  it('wraps sequence number and timestamp', () => {
    const rng = { uuid: () => 'x', hex: (bytes: number) => 'f'.repeat(bytes * 2) };
    const s = new RtpSender({ rng, payloadType: 8, clockRate: 8000 });
    const a = frame(s);
    const b = frame(s);
    expect(a.sequenceNumber).toBe(0xffff);
    expect(b.sequenceNumber).toBe(0);
    expect(a.timestamp).toBe(0xffffffff);
    expect(b.timestamp).toBe(159);
  });

  it('stamps RFC 4733 event packets with a fixed timestamp while the clock moves on', () => {
    const s = sender();
    const eventStart = s.timestamp;
    const e1 = s.stampAt(new RtpPacket(), eventStart, true, 101);
    s.skip(160);
    const e2 = s.stampAt(new RtpPacket(), eventStart, false, 101);
    expect([e1.timestamp, e2.timestamp]).toEqual([eventStart, eventStart]);
    expect(e2.sequenceNumber - e1.sequenceNumber).toBe(1);
    expect(e1.payloadType).toBe(101);
    expect(s.timestamp - eventStart).toBe(160);
  });

  it('counts packets and payload octets for the SR, and restarts them on an SSRC change (§8.2)', () => {
    const s = sender();
    frame(s);
    frame(s);
    const info = s.senderInfo(Date.UTC(2026, 0, 1));
    expect(info.packetCount).toBe(2);
    expect(info.octetCount).toBe(320);
    expect(info.rtpTimestamp).toBe(s.timestamp);
    expect(info.ntpSeconds).toBe(Date.UTC(2026, 0, 1) / 1000 + 2_208_988_800);
    const before = s.ssrc;
    s.changeSsrc();
    expect(s.ssrc).not.toBe(before);
    expect(s.packetCount).toBe(0);
    expect(frame(s).marker).toBe(true);
  });
});
