import { describe, expect, it } from 'vitest';
import { SequenceRng } from '../../lib/rng.js';
import type { FrameSource } from '../audio-frame.js';
import { MediaClock } from '../clock/media-clock.js';
import { PCMA, PCMU } from '../codecs/g711-codec.js';
import { encodeUlaw } from '../codecs/g711.js';
import { parseRtcpCompound } from '../rtp/rtcp-compound.js';
import { RtcpReceiverReport } from '../rtp/rtcp-receiver-report.js';
import { RtcpSenderReport } from '../rtp/rtcp-sender-report.js';
import { RtpPacket } from '../rtp/rtp-packet.js';
import { TelephoneEvent } from '../dtmf/telephone-event.js';
import type { DtmfEvent } from '../dtmf/dtmf-event.js';
import { FakeNetwork, FakePacer, type FakeSocket } from './fake-media-network.test-support.js';
import { MediaEndpointError } from './media-endpoint-error.js';
import { PortAllocator } from './port-allocator.js';
import { RtpEndpoint } from './rtp-endpoint.js';
import type { RtpEndpointOptions } from './rtp-endpoint-options.js';

const FAR = 50000;

/** A source of `frames` frames of a constant value, then the end. */
function constant(value: number, frames = Infinity): FrameSource & { reads: number } {
  return {
    reads: 0,
    read(out) {
      if (this.reads >= frames) return false;
      this.reads++;
      out.fill(value);
      return true;
    },
  };
}

async function setup(options: Partial<RtpEndpointOptions> = {}) {
  const net = new FakeNetwork();
  const pacer = new FakePacer();
  const clock = new MediaClock(pacer);
  const ports = new PortAllocator({ min: 30000, max: 30099 });
  const far = await net.peer(FAR);
  const leg = await RtpEndpoint.open({
    clock,
    ports,
    codec: PCMU,
    telephoneEventPayloadType: 101,
    remote: { address: '127.0.0.1', port: FAR },
    rng: new SequenceRng(),
    now: () => pacer.now(),
    wallClock: () => 1_700_000_000_000 + pacer.now(),
    socketFactory: net.factory,
    ...options,
  });
  const rtp = (): RtpPacket[] => far.received.map((d) => RtpPacket.unmarshal(d.bytes));
  return { net, pacer, clock, ports, far, leg, rtp };
}

/** Sends `count` RTP packets from `socket` to the leg, 20 ms apart on the pacer. */
function talk(pacer: FakePacer, socket: FakeSocket, to: number, count: number, options: { pt?: number; ssrc?: number; seq?: number; payload?: Uint8Array } = {}): void {
  const p = new RtpPacket();
  p.payloadType = options.pt ?? 0;
  p.ssrc = options.ssrc ?? 0xabc;
  p.payload = options.payload ?? new Uint8Array(160).fill(0xff);
  for (let i = 0; i < count; i++) {
    p.sequenceNumber = ((options.seq ?? 100) + i) & 0xffff;
    p.timestamp = 1000 + 160 * i;
    socket.send(p.marshal(), to, '127.0.0.1');
    pacer.advance(20);
  }
}

describe('RtpEndpoint: sending', () => {
  it('sends one PCMU packet per tick from its source: 20 ms of 160 samples, continuous sequence and timestamps', async () => {
    const { pacer, leg, rtp } = await setup();
    leg.setSource(constant(1000));
    pacer.run(180); // ticks at 0, 20, ..., 180
    const packets = rtp().filter((p) => p.payloadType === 0);
    expect(packets).toHaveLength(10);
    for (const [i, p] of packets.entries()) {
      expect(p.payload).toHaveLength(160);
      expect(p.ssrc).toBe(leg.ssrc);
      expect(p.sequenceNumber).toBe((packets[0]!.sequenceNumber + i) & 0xffff);
      expect(p.timestamp).toBe((packets[0]!.timestamp + 160 * i) >>> 0);
      expect(p.marker).toBe(i === 0); // the first packet starts a talk spurt (RFC 3551 §4.1)
    }
    const encoded = new Uint8Array(160);
    encodeUlaw(new Int16Array(160).fill(1000), encoded);
    expect(packets[0]!.payload).toEqual(encoded);
    await leg.close();
  });

  it('sends nothing without a source, but the timestamp keeps time: a gap shows as a jump, with the marker bit', async () => {
    const { pacer, leg, rtp } = await setup();
    leg.setSource(constant(1, 3)); // 3 frames, then the end
    let ended: FrameSource | null = null;
    leg.events.on('sourceEnded', (s) => (ended = s));
    pacer.run(200); // ticks 0..10: 3 packets, then 8 silent ticks
    expect(ended).not.toBeNull();
    expect(leg.source).toBeNull();
    leg.setSource(constant(2));
    pacer.run(240); // ticks 11, 12
    const packets = rtp().filter((p) => p.payloadType === 0);
    expect(packets).toHaveLength(5);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, true, false]);
    // Tick 11 is 11 ticks after tick 0: the timestamp says so, whatever played in between.
    expect((packets[3]!.timestamp - packets[0]!.timestamp) >>> 0).toBe(11 * 160);
    expect(packets[3]!.sequenceNumber).toBe((packets[2]!.sequenceNumber + 1) & 0xffff);
    await leg.close();
  });

  it('a source change without a gap keeps the clock and marks the new talk spurt', async () => {
    const { pacer, leg, rtp } = await setup();
    leg.setSource(constant(1));
    pacer.run(40);
    leg.setSource(constant(2));
    pacer.run(80);
    const packets = rtp().filter((p) => p.payloadType === 0);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, true, false]);
    expect(packets.map((p) => (p.timestamp - packets[0]!.timestamp) >>> 0)).toEqual([0, 160, 320, 480, 640]);
    await leg.close();
  });

  it('keeps timestamps tied to the tick index when the clock skips ticks after a long stall', async () => {
    const { pacer, leg, rtp } = await setup();
    leg.setSource(constant(1));
    pacer.run(20);
    pacer.t = 1000; // the process stalled for ~1 s: the clock replays at most 5 ticks, then skips
    pacer.run(1000);
    const packets = rtp().filter((p) => p.payloadType === 0);
    const last = packets.at(-1)!;
    expect((last.timestamp - packets[0]!.timestamp) >>> 0).toBe(50 * 160); // tick 50 at t = 1000
    await leg.close();
  });

  it('sends digits as RFC 4733 events paced on the clock, muting audio meanwhile (§2.5.1)', async () => {
    const { pacer, leg, rtp } = await setup();
    leg.setSource(constant(1));
    pacer.run(40); // 3 audio packets
    let done = false;
    void leg.sendDigits('1#').then(() => (done = true));
    pacer.run(1000);
    await Promise.resolve();
    expect(done).toBe(true);
    const all = rtp();
    const events = all.filter((p) => p.payloadType === 101);
    const digits = events.map((p) => TelephoneEvent.unmarshal(p.payload));
    // Per digit: start (marker), one update, three end packets (§2.5.1.4).
    expect(digits.map((d) => d.event)).toEqual([1, 1, 1, 1, 1, 11, 11, 11, 11, 11]);
    expect(digits.map((d) => d.end)).toEqual([false, false, true, true, true, false, false, true, true, true]);
    expect(events.map((p) => p.marker)).toEqual([true, false, false, false, false, true, false, false, false, false]);
    // Every packet of one digit carries the digit's start timestamp; the second digit starts 200 ms (1600) later.
    expect(new Set(events.slice(0, 5).map((p) => p.timestamp)).size).toBe(1);
    expect((events[5]!.timestamp - events[0]!.timestamp) >>> 0).toBe(1600);
    // The first digit starts on the media clock where audio stopped; no audio between the first and last event.
    const firstEvent = all.indexOf(events[0]!);
    const lastEvent = all.indexOf(events.at(-1)!);
    expect(all[firstEvent - 1]!.payloadType).toBe(0);
    expect(events[0]!.timestamp).toBe((all[firstEvent - 1]!.timestamp + 160) >>> 0);
    expect(all.slice(firstEvent, lastEvent + 1).every((p) => p.payloadType === 101)).toBe(true);
    const resumed = all[lastEvent + 1]!;
    expect(resumed.payloadType).toBe(0);
    expect(resumed.marker).toBe(true);
    // Sequence numbers run on across audio and events without a gap.
    expect(all.every((p, i) => i === 0 || p.sequenceNumber === ((all[i - 1]!.sequenceNumber + 1) & 0xffff))).toBe(true);
    await leg.close();
  });

  it('refuses digits without telephone-event, and after close, with typed errors', async () => {
    const { leg } = await setup({ telephoneEventPayloadType: null });
    await expect(leg.sendDigits('1')).rejects.toMatchObject({ reason: 'no-telephone-event' });
    await leg.close();
    await expect(leg.sendDigits('1')).rejects.toBeInstanceOf(MediaEndpointError);
    expect(() => leg.setSource(constant(1))).toThrow(MediaEndpointError);
  });

  it('reports how late each packet left against its tick (for the benchmark)', async () => {
    const late: number[] = [];
    const { pacer, leg } = await setup({ onSendLateness: (ms) => late.push(ms) });
    leg.setSource(constant(1));
    pacer.run(100);
    expect(late).toEqual([0, 0, 0, 0, 0, 0]);
    await leg.close();
  });
});

describe('RtpEndpoint: receiving', () => {
  it('decodes audio to frame hooks and counts packets, loss and jitter', async () => {
    const { net, pacer, leg } = await setup();
    const phone = await net.peer(FAR + 2);
    const frames: number[] = [];
    leg.onFrame((pcm) => frames.push(pcm.length, pcm[0]!));
    talk(pacer, phone, leg.port, 3, { seq: 10 });
    talk(pacer, phone, leg.port, 2, { seq: 20 }); // 7 lost in between
    expect(frames.slice(0, 2)).toEqual([160, 0]);
    expect(frames.length / 2).toBe(5);
    const s = leg.stats;
    expect(s.packetsReceived).toBe(5);
    expect(s.lost).toBe(7);
    await leg.close();
  });

  it('drops garbage and payload types that were not negotiated, counting them', async () => {
    const { net, pacer, leg } = await setup();
    const phone = await net.peer(FAR + 2);
    phone.send(new Uint8Array([1, 2, 3]), leg.port, '127.0.0.1');
    talk(pacer, phone, leg.port, 2, { pt: 18 });
    expect(leg.stats).toMatchObject({ malformed: 1, unexpectedPayloadType: 2, packetsReceived: 0 });
    await leg.close();
  });

  it('reports an RFC 4733 digit once however many packets carry it', async () => {
    const { net, pacer, leg } = await setup();
    const phone = await net.peer(FAR + 2);
    const digits: DtmfEvent[] = [];
    leg.events.on('dtmf', (e) => digits.push(e));
    const p = new RtpPacket();
    p.payloadType = 101;
    p.ssrc = 7;
    p.timestamp = 8000;
    for (const [i, [duration, end]] of ([[160, false], [320, false], [480, true], [480, true], [480, true]] as const).entries()) {
      p.sequenceNumber = i;
      p.marker = i === 0;
      p.payload = new TelephoneEvent(5, end, 10, duration).marshal();
      phone.send(p.marshal(), leg.port, '127.0.0.1');
      pacer.advance(20);
    }
    expect(digits.map((d) => [d.digit, d.method])).toEqual([['5', 'rfc4733']]);
    await leg.close();
  });

  it('latches to where packets really come from and sends there (symmetric RTP)', async () => {
    const { net, pacer, leg } = await setup();
    const nat = await net.peer(61000, '127.0.0.9');
    let latched: unknown = null;
    leg.events.on('latched', (a) => (latched = a));
    talk(pacer, nat, leg.port, 2);
    expect(latched).toEqual({ address: '127.0.0.9', port: 61000 });
    leg.setSource(constant(1));
    pacer.advance(40);
    expect(nat.received.length).toBeGreaterThan(0);
    expect(RtpPacket.unmarshal(nat.received[0]!.bytes).payloadType).toBe(0);
    await leg.close();
  });

  it('emits mediaTimeout after N ms without RTP, once, and mediaRestored when it comes back', async () => {
    const { net, pacer, leg } = await setup({ mediaTimeoutMs: 1000 });
    const phone = await net.peer(FAR + 2);
    const seen: string[] = [];
    leg.events.on('mediaTimeout', (ms) => seen.push(`timeout ${ms}`));
    leg.events.on('mediaRestored', () => seen.push('restored'));
    pacer.run(980);
    expect(seen).toEqual([]);
    pacer.run(3000);
    expect(seen).toEqual(['timeout 1000']);
    talk(pacer, phone, leg.port, 1);
    expect(seen).toEqual(['timeout 1000', 'restored']);
    pacer.advance(970); // 990 ms since the packet (talk() let 20 ms pass)
    expect(seen).toHaveLength(2);
    pacer.advance(40);
    expect(seen).toEqual(['timeout 1000', 'restored', 'timeout 1000']);
    leg.setMediaTimeout(0); // on hold: no timeout
    pacer.advance(10_000);
    expect(seen).toHaveLength(3);
    await leg.close();
  });

  it('detects in-band DTMF on received audio when asked to', async () => {
    const { net, pacer, leg } = await setup({ inbandDtmf: true });
    const { renderDtmf } = await import('../dtmf/dtmf-tone.js');
    const phone = await net.peer(FAR + 2);
    const digits: DtmfEvent[] = [];
    leg.events.on('dtmf', (e) => digits.push(e));
    const pcm = renderDtmf('7');
    const padded = new Int16Array(Math.ceil((pcm.length + 800) / 160) * 160);
    padded.set(pcm, 400);
    for (let i = 0; i < padded.length / 160; i++) {
      const bytes = new Uint8Array(160);
      encodeUlaw(padded.subarray(i * 160, i * 160 + 160), bytes);
      talk(pacer, phone, leg.port, 1, { seq: i, payload: bytes });
    }
    expect(digits.map((d) => [d.digit, d.method])).toEqual([['7', 'inband']]);
    await leg.close();
  });
});

describe('RtpEndpoint: RTCP and lifecycle', () => {
  it('sends an SR with a report block on the peer every few seconds, and learns the peer view and RTT from its RR', async () => {
    const { net, pacer, leg } = await setup();
    const phone = await net.peer(FAR + 2);
    const farRtcp = await net.peer(FAR + 3);
    leg.setSource(constant(1));
    talk(pacer, phone, leg.port, 50); // 1 s of the peer's audio; latches to FAR+2
    pacer.advance(12_000);
    const reports = farRtcp.received.map((d) => parseRtcpCompound(d.bytes));
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.length).toBeLessThanOrEqual(6); // 2.1-6.2 s apart after a first one at 1.0-3.1 s
    // Wait for the next report, then answer it 30 ms later.
    const before = farRtcp.received.length;
    while (farRtcp.received.length === before) pacer.advance(20);
    const sr = parseRtcpCompound(farRtcp.received.at(-1)!.bytes)[0];
    expect(sr).toBeInstanceOf(RtcpSenderReport);
    const srr = sr as RtcpSenderReport;
    // §6.4.1: the SR's RTP timestamp is the media clock at its NTP time: sent in the same tick as the last audio
    // packet (on time, in fake time), it equals that packet's timestamp.
    const lastAudio = RtpPacket.unmarshal(phone.received.at(-1)!.bytes);
    expect(srr.senderInfo.rtpTimestamp).toBe(lastAudio.timestamp);
    expect(srr.ssrc).toBe(leg.ssrc);
    expect(srr.reports[0]!.ssrc).toBe(0xabc);
    expect(srr.senderInfo.packetCount).toBeGreaterThan(0);
    // The peer answers with an RR about us: 1 % lost, 80 units of jitter, LSR/DLSR echoing our SR 10 ms later.
    const lsr = ((srr.senderInfo.ntpSeconds & 0xffff) << 16) | (srr.senderInfo.ntpFraction >>> 16);
    pacer.advance(30);
    const rr = new RtcpReceiverReport(0xabc, [
      { ssrc: leg.ssrc, fractionLost: 3, cumulativeLost: 4, extendedHighestSequence: 1, jitter: 80, lastSenderReport: lsr >>> 0, delaySinceLastSenderReport: Math.round(0.01 * 65536) },
    ]);
    const bytes = new Uint8Array(rr.size());
    rr.marshalTo(bytes, 0);
    farRtcp.send(bytes, leg.port + 1, '127.0.0.1');
    const remote = leg.stats.remote!;
    expect(remote.cumulativeLost).toBe(4);
    expect(remote.jitterMs).toBe(10);
    // Answered 30 ms after the SR left, 10 ms of which the peer held it: a round trip of 20 ms (NTP units round).
    expect(remote.rttMs).toBeCloseTo(20, 0);
    expect(leg.stats.rtcpReceived).toBe(1);
    await leg.close();
  });

  it('sends RR (not SR) while it sends no RTP, and RTCP on the RTP port with rtcp-mux', async () => {
    const { pacer, far, leg } = await setup({ rtcpMux: true });
    pacer.advance(8000);
    const rtcp = far.received.map((d) => parseRtcpCompound(d.bytes));
    expect(rtcp.length).toBeGreaterThan(0);
    expect(rtcp[0]![0]).toBeInstanceOf(RtcpReceiverReport);
    await leg.close();
  });

  it('close() says BYE, closes the sockets and gives the port back; a second open gets another port', async () => {
    const { net, far, leg, ports } = await setup();
    const port = leg.port;
    expect(ports.isAllocated(port)).toBe(true);
    let closed = 0;
    leg.events.on('closed', () => closed++);
    await leg.close();
    await leg.close();
    expect(closed).toBe(1);
    expect(ports.isAllocated(port)).toBe(false);
    expect(net.sockets.has(`127.0.0.1:${port}`)).toBe(false);
    const bye = net.to(FAR + 1).at(-1)!;
    expect(parseRtcpCompound(bye.bytes).map((p) => p.packetType)).toContain(203);
    expect(far.received.length).toBe(0);
  });

  it('skips ports another process holds, and fails with PortsExhaustedError when none is left', async () => {
    const net = new FakeNetwork();
    net.taken.add(30000);
    net.taken.add(30003); // the RTCP half of the second pair
    const pacer = new FakePacer();
    const ports = new PortAllocator({ min: 30000, max: 30007 });
    const base = { clock: new MediaClock(pacer), ports, codec: PCMA, rng: new SequenceRng(), socketFactory: net.factory, now: () => pacer.now() };
    const leg = await RtpEndpoint.open(base);
    expect(leg.port).toBe(30004);
    const second = await RtpEndpoint.open(base);
    expect(second.port).toBe(30006);
    await expect(RtpEndpoint.open(base)).rejects.toMatchObject({ reason: 'ports-exhausted' });
    expect(ports.inUse).toBe(2);
    await leg.close();
    await second.close();
  });

  it('rejects invalid configuration before binding anything', async () => {
    const net = new FakeNetwork();
    const pacer = new FakePacer();
    const base = { clock: new MediaClock(pacer), ports: new PortAllocator({ min: 30000, max: 30007 }), codec: PCMU, rng: new SequenceRng(), socketFactory: net.factory };
    await expect(RtpEndpoint.open({ ...base, telephoneEventPayloadType: 0 })).rejects.toMatchObject({ reason: 'invalid-config' });
    await expect(RtpEndpoint.open({ ...base, remote: { address: 'pbx.example.com', port: 4000 } })).rejects.toMatchObject({ reason: 'invalid-config' });
    expect(net.sockets.size).toBe(0);
  });
});
