import { describe, expect, it } from 'vitest';
import { SequenceRng } from '../../lib/rng.js';
import { MediaClock } from '../clock/media-clock.js';
import { type G711Codec, PCMA, PCMU } from '../codecs/g711-codec.js';
import { ULAW_TO_ALAW } from '../codecs/g711-transcode.js';
import { encodeUlaw } from '../codecs/g711.js';
import { renderDtmf } from '../dtmf/dtmf-tone.js';
import { TelephoneEvent } from '../dtmf/telephone-event.js';
import { RtpPacket } from '../rtp/rtp-packet.js';
import { FakeNetwork, FakePacer, type FakeSocket } from '../endpoint/fake-media-network.test-support.js';
import { PortAllocator } from '../endpoint/port-allocator.js';
import { RtpEndpoint } from '../endpoint/rtp-endpoint.js';
import { Bridge } from './bridge.js';
import { BridgeError } from './bridge-error.js';

async function setup(codecB: G711Codec = PCMU, options: { inband?: boolean; teB?: number | null } = {}) {
  const net = new FakeNetwork();
  const pacer = new FakePacer();
  const clock = new MediaClock(pacer);
  const ports = new PortAllocator({ min: 30000, max: 30099 });
  const caller = await net.peer(50000);
  const operator = await net.peer(50010);
  const common = { clock, ports, rng: new SequenceRng(), socketFactory: net.factory, now: () => pacer.now(), mediaTimeoutMs: 0 };
  const a = await RtpEndpoint.open({ ...common, codec: PCMU, telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port: 50000 }, inbandDtmf: options.inband ?? false });
  const b = await RtpEndpoint.open({ ...common, codec: codecB, telephoneEventPayloadType: options.teB === undefined ? 96 : options.teB, remote: { address: '127.0.0.1', port: 50010 } });
  return { net, pacer, caller, operator, a, b };
}

function packet(pt: number, seq: number, ts: number, payload: Uint8Array, ssrc = 0x1234, marker = false): Uint8Array {
  const p = new RtpPacket();
  Object.assign(p, { payloadType: pt, sequenceNumber: seq, timestamp: ts, ssrc, marker, payload });
  return p.marshal();
}

const rtpOf = (s: FakeSocket): RtpPacket[] => s.received.map((d) => RtpPacket.unmarshal(d.bytes)).filter((p) => p.payloadType < 72 || p.payloadType > 76);

describe('Bridge', () => {
  it('relays each received packet to the other leg at once, re-stamped with that leg’s SSRC, sequence and clock', async () => {
    const { pacer, caller, operator, a, b } = await setup();
    Bridge.join(a, b);
    const payload = new Uint8Array(160).map((_, i) => i);
    for (let i = 0; i < 5; i++) {
      caller.send(packet(0, 7 + i, 90_000 + 160 * i, payload), a.port, '127.0.0.1'); // relayed on receipt, no tick needed
      expect(operator.received).toHaveLength(i + 1);
      pacer.advance(20);
    }
    const out = rtpOf(operator);
    expect(out.every((p) => p.ssrc === b.ssrc && p.payloadType === 0)).toBe(true);
    expect(out.map((p) => p.marker)).toEqual([true, false, false, false, false]);
    expect(out.map((p) => (p.sequenceNumber - out[0]!.sequenceNumber) & 0xffff)).toEqual([0, 1, 2, 3, 4]);
    expect(out.map((p) => (p.timestamp - out[0]!.timestamp) >>> 0)).toEqual([0, 160, 320, 480, 640]);
    expect(out[0]!.payload).toEqual(payload);
    // The other way round too.
    operator.send(packet(0, 1, 5, payload, 0x99), b.port, '127.0.0.1');
    expect(rtpOf(caller).at(-1)!.ssrc).toBe(a.ssrc);
  });

  it('transcodes PCMU to PCMA through the table when the legs differ, and back', async () => {
    const { caller, operator, a, b } = await setup(PCMA);
    Bridge.join(a, b);
    const ulaw = new Uint8Array(160);
    encodeUlaw(Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 5))), ulaw);
    caller.send(packet(0, 1, 0, ulaw), a.port, '127.0.0.1');
    const out = rtpOf(operator)[0]!;
    expect(out.payloadType).toBe(8);
    expect(out.payload).toEqual(ulaw.map((c) => ULAW_TO_ALAW[c]!));
    operator.send(packet(8, 1, 0, out.payload, 0x77), b.port, '127.0.0.1');
    expect(rtpOf(caller).at(-1)!.payloadType).toBe(0);
  });

  it('passes RFC 4733 events with the other leg’s payload type, or removes them when asked', async () => {
    const event = new TelephoneEvent(11, false, 10, 160).marshal();
    const plain = await setup();
    Bridge.join(plain.a, plain.b);
    plain.caller.send(packet(101, 1, 0, event), plain.a.port, '127.0.0.1');
    expect(rtpOf(plain.operator).map((p) => p.payloadType)).toEqual([96]);

    const removing = await setup();
    const digits: string[] = [];
    removing.a.events.on('dtmf', (e) => digits.push(e.digit));
    const bridge = Bridge.join(removing.a, removing.b, { removeDtmf: true });
    removing.caller.send(packet(101, 1, 0, event), removing.a.port, '127.0.0.1');
    expect(removing.operator.received).toHaveLength(0);
    expect(digits).toEqual(['#']); // still reported to whoever listens
    expect(bridge.counters.aToB.dtmfRemoved).toBe(1);

    const noEvents = await setup(PCMU, { teB: null });
    Bridge.join(noEvents.a, noEvents.b);
    noEvents.caller.send(packet(101, 1, 0, event), noEvents.a.port, '127.0.0.1');
    expect(noEvents.operator.received).toHaveLength(0);
  });

  it('mutes in-band digits while the detector hears them, when removing DTMF', async () => {
    const { pacer, caller, operator, a, b } = await setup(PCMU, { inband: true });
    const bridge = Bridge.join(a, b, { removeDtmf: true });
    const tone = renderDtmf('5', { toneMs: 200, gapMs: 0 });
    const frames = Math.floor(tone.length / 160);
    for (let i = 0; i < frames; i++) {
      const bytes = new Uint8Array(160);
      encodeUlaw(tone.subarray(i * 160, i * 160 + 160), bytes);
      caller.send(packet(0, i, i * 160, bytes), a.port, '127.0.0.1');
      pacer.advance(20);
    }
    const out = rtpOf(operator);
    expect(out).toHaveLength(frames);
    const silent = out.filter((p) => p.payload.every((c) => c === 0xff)).length;
    expect(bridge.counters.aToB.muted).toBe(silent);
    // All but the first couple of frames (the detector needs ~25 ms to be sure) are muted.
    expect(silent).toBeGreaterThanOrEqual(frames - 3);
  });

  it('stops the legs’ sources when joining; a leg is in one bridge at a time; unbridge restores nothing', async () => {
    const { pacer, caller, operator, a, b } = await setup();
    const music = { read: (out: Int16Array) => (out.fill(100), true) };
    a.setSource(music);
    b.setSource(music);
    const bridge = Bridge.join(a, b);
    expect(a.source).toBeNull();
    expect(b.source).toBeNull();
    expect(Bridge.of(a)).toBe(bridge);
    expect(() => Bridge.join(a, b)).toThrow(BridgeError);
    try {
      Bridge.join(b, a);
    } catch (err) {
      expect((err as BridgeError).reason).toBe('already-bridged');
    }
    expect(() => Bridge.join(a, a)).toThrow(expect.objectContaining({ reason: 'same-leg' }));
    bridge.unbridge();
    bridge.unbridge();
    expect(Bridge.of(a)).toBeNull();
    const before = operator.received.length;
    caller.send(packet(0, 1, 0, new Uint8Array(160)), a.port, '127.0.0.1');
    pacer.advance(100);
    expect(operator.received.length).toBe(before); // nothing relayed, nothing played
    Bridge.join(a, b).unbridge(); // the legs can be bridged again
  });

  it('a leg’s own source takes precedence over relayed audio (a whisper to one side)', async () => {
    const { pacer, caller, operator, a, b } = await setup();
    const bridge = Bridge.join(a, b);
    b.setSource({ read: (out: Int16Array) => (out.fill(0), true) });
    caller.send(packet(0, 1, 0, new Uint8Array(160).fill(1)), a.port, '127.0.0.1');
    pacer.advance(20);
    expect(bridge.counters.aToB.notSent).toBe(1);
    expect(rtpOf(operator).every((p) => p.payload[0] !== 1)).toBe(true);
  });

  it('a leg that closes leaves its bridge; a closed leg cannot be bridged', async () => {
    const { a, b } = await setup();
    const bridge = Bridge.join(a, b);
    await a.close();
    expect(bridge.active).toBe(false);
    expect(Bridge.of(b)).toBeNull();
    expect(() => Bridge.join(a, b)).toThrow(expect.objectContaining({ reason: 'closed' }));
    await b.close();
  });
});
