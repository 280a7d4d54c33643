/**
 * Two legs bridged on loopback, with plain UDP sockets as the caller's and the operator's phones:
 *
 *   caller socket ──PCMU──▶ leg A ══bridge══ leg B ──PCMA──▶ operator socket   (and back)
 *
 * Audio passes both ways and is transcoded (checked by decoding the tone each side hears), RFC 4733 events and in-band
 * digits are removed when asked, and the delay the bridge adds (through the bridge minus a direct socket-to-socket
 * send, same process, same moment) is printed. Timing is only checked against a generous sanity bound.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { systemRng } from '../../src/lib/rng.js';
import { dominantFrequency, rms } from '../../src/media/audio/measure.js';
import { ToneGenerator } from '../../src/media/audio/tone-generator.js';
import { Bridge } from '../../src/media/bridge/bridge.js';
import { MediaClock } from '../../src/media/clock/media-clock.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { type G711Codec, PCMA, PCMU } from '../../src/media/codecs/g711-codec.js';
import { renderDtmf } from '../../src/media/dtmf/dtmf-tone.js';
import type { DtmfEvent } from '../../src/media/dtmf/dtmf-event.js';
import { rfc4733Packets } from '../../src/media/dtmf/rfc4733-sender.js';
import { TelephoneEvent } from '../../src/media/dtmf/telephone-event.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import { RtpEndpoint } from '../../src/media/endpoint/rtp-endpoint.js';
import { RtpPacket } from '../../src/media/rtp/rtp-packet.js';
import { quantile } from '../../bench/lib/machine.js';

interface Phone {
  socket: Socket;
  port: number;
  /** RTP received (RTCP skipped), with arrival times. */
  got: { packet: RtpPacket; atMs: number }[];
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

async function phone(): Promise<Phone> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const got: Phone['got'] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  socket.on('message', (bytes) => {
    if (bytes[1]! >= 200 && bytes[1]! <= 204) return;
    got.push({ packet: RtpPacket.unmarshal(Uint8Array.from(bytes)), atMs: performance.now() });
    for (const w of waiters) if (got.length >= w.count) w.resolve();
  });
  return {
    socket,
    port: socket.address().port,
    got,
    waitFor: (count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        if (got.length >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} packets`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

/** Sends `frames` 20 ms RTP packets from `from` to each of `targets`, paced by a drift-free clock; records send times. */
function talk(from: Phone, targets: number[], frames: (i: number) => { pt: number; payload: Uint8Array; ts?: number; marker?: boolean } | null, count: number) {
  const sentAt: number[] = [];
  const clock = new MediaClock(systemPacer);
  const p = new RtpPacket();
  p.ssrc = 0x5eed0000 + from.port;
  let i = 0;
  const finished = new Promise<number[]>((resolve) => {
    const off = clock.subscribe(() => {
      if (i >= count) {
        off();
        resolve(sentAt);
        return;
      }
      const frame = frames(i);
      if (frame) {
        p.payloadType = frame.pt;
        p.payload = frame.payload;
        p.sequenceNumber = i & 0xffff;
        p.timestamp = frame.ts ?? i * 160;
        p.marker = frame.marker ?? i === 0;
        const bytes = p.marshal();
        sentAt.push(performance.now());
        for (const port of targets) from.socket.send(bytes, port, '127.0.0.1');
      }
      i++;
    });
  });
  return finished;
}

function toneFrames(codec: G711Codec, hz: number): (i: number) => { pt: number; payload: Uint8Array } {
  const gen = new ToneGenerator({ frequencies: [hz], levelDbm0: -12 });
  const pcm = new Int16Array(160);
  return () => {
    gen.fill(pcm);
    const payload = new Uint8Array(160);
    codec.encode(pcm, payload);
    return { pt: codec.payloadType, payload };
  };
}

function decodeAll(codec: G711Codec, packets: RtpPacket[]): Int16Array {
  const out = new Int16Array(packets.length * 160);
  packets.forEach((p, i) => codec.decode(p.payload, out.subarray(i * 160, i * 160 + 160)));
  return out;
}

describe('two legs bridged on loopback', () => {
  const legs: RtpEndpoint[] = [];
  const phones: Phone[] = [];
  afterEach(async () => {
    await Promise.all(legs.splice(0).map((l) => l.close()));
    for (const p of phones.splice(0)) p.socket.close();
  });

  async function setup(removeDtmf: boolean) {
    const [caller, operator, direct] = [await phone(), await phone(), await phone()];
    phones.push(caller, operator, direct);
    const clock = new PhasedMediaClock(systemPacer);
    const ports = new PortAllocator({ min: 42000, max: 42999 });
    const a = await RtpEndpoint.open({ clock, ports, codec: PCMU, telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port: caller.port }, rng: systemRng, inbandDtmf: true });
    const b = await RtpEndpoint.open({ clock, ports, codec: PCMA, telephoneEventPayloadType: 96, remote: { address: '127.0.0.1', port: operator.port }, rng: systemRng });
    legs.push(a, b);
    const bridge = Bridge.join(a, b, { removeDtmf });
    return { caller, operator, direct, a, b, bridge };
  }

  it('passes audio both ways, PCMU on one side and PCMA on the other, and prints the delay it adds', async () => {
    const { caller, operator, direct, a, b, bridge } = await setup(false);
    const N = 100;
    // The caller talks at 440 Hz (PCMU) to leg A and, for the baseline, straight to a third socket; the operator at
    // 1 kHz (PCMA) to leg B.
    const [callerSent] = await Promise.all([talk(caller, [a.port, direct.port], toneFrames(PCMU, 440), N), talk(operator, [b.port], toneFrames(PCMA, 1000), N)]);
    await Promise.all([operator.waitFor(N), caller.waitFor(N), direct.waitFor(N)]);

    const heardByOperator = operator.got.map((g) => g.packet);
    expect(heardByOperator.every((p) => p.payloadType === 8 && p.ssrc === b.ssrc)).toBe(true);
    expect(Math.abs(dominantFrequency(decodeAll(PCMA, heardByOperator), 8000) - 440)).toBeLessThan(10);
    const heardByCaller = caller.got.map((g) => g.packet);
    expect(heardByCaller.every((p) => p.payloadType === 0 && p.ssrc === a.ssrc)).toBe(true);
    expect(Math.abs(dominantFrequency(decodeAll(PCMU, heardByCaller), 8000) - 1000)).toBeLessThan(10);
    expect(bridge.counters.aToB.relayed).toBe(N);
    expect(bridge.counters.bToA.relayed).toBe(N);

    // Added delay: (send → operator, through A and B) − (send → the direct socket), packet by packet.
    const through = operator.got.map((g, i) => g.atMs - callerSent[i]!);
    const straight = direct.got.map((g, i) => g.atMs - callerSent[i]!);
    const added = through.map((t, i) => t - straight[i]!);
    const f = (x: number): string => x.toFixed(3);
    console.log(
      `bridge added delay over ${N} packets (receive → forward → arrival, minus a direct send): p50 ${f(quantile(added, 0.5))} ms, p99 ${f(quantile(added, 0.99))} ms, max ${f(Math.max(...added))} ms; ` +
        `through the bridge p50 ${f(quantile(through, 0.5))} ms, direct p50 ${f(quantile(straight, 0.5))} ms`,
    );
    expect(quantile(added, 0.5)).toBeLessThan(20); // a sanity bound, not a benchmark: the machine is shared
    expect(a.stats.packetsReceived).toBe(N);
    expect(b.stats.packetsSent).toBeGreaterThanOrEqual(N);
  });

  it('removes DTMF when asked: no RFC 4733 events reach the operator, in-band digits are muted, both still detected', async () => {
    const { caller, operator, a, bridge } = await setup(true);
    const digits: DtmfEvent[] = [];
    a.events.on('dtmf', (e) => digits.push(e));
    // 0.2 s of 440 Hz, then the digit 5 as a tone for 0.2 s (in-band), then 4 as RFC 4733 events, then 440 Hz again.
    const tone = toneFrames(PCMU, 440);
    const dtmf = renderDtmf('5', { toneMs: 200, gapMs: 0 });
    const events = rfc4733Packets('4', { toneMs: 100 });
    const plan = (i: number): { pt: number; payload: Uint8Array; ts?: number; marker?: boolean } | null => {
      if (i >= 10 && i < 20) {
        const payload = new Uint8Array(160);
        PCMU.encode(dtmf.subarray((i - 10) * 160, (i - 9) * 160), payload);
        return { pt: 0, payload };
      }
      if (i >= 20 && i < 20 + events.length) {
        const e = events[i - 20]!;
        return { pt: 101, payload: new TelephoneEvent(e.event, e.end, e.volume, e.duration).marshal(), ts: 20 * 160 + e.timestampOffset, marker: e.marker };
      }
      return tone(i);
    };
    const total = 20 + events.length + 10;
    await talk(caller, [a.port], plan, total);
    const audioPackets = total - events.length;
    await operator.waitFor(audioPackets);

    const heard = operator.got.map((g) => g.packet);
    expect(heard.every((p) => p.payloadType === 8)).toBe(true); // no telephone-event (96) at all
    expect(bridge.counters.aToB.dtmfRemoved).toBe(events.length);
    const during = heard.slice(10, 20).map((p) => rms(decodeAll(PCMA, [p])));
    console.log(`in-band digit as heard through the bridge, rms per 20 ms frame: ${during.map((x) => x.toFixed(0)).join(' ')}`);
    expect(during.filter((x) => x < 20).length).toBeGreaterThanOrEqual(7); // all but the first frames (detection takes ~25 ms)
    expect(rms(decodeAll(PCMA, heard.slice(0, 10)))).toBeGreaterThan(1000); // the voice itself passes
    expect(digits.map((d) => [d.digit, d.method])).toEqual([
      ['5', 'inband'],
      ['4', 'rfc4733'],
    ]);
  });
});
