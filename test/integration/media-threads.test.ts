/**
 * Legs on media worker threads (`MediaThreads`), driven from the main thread as the telephony layer would: a tone
 * played from a main-thread source reaches a UDP socket through the worker, digits go out and come in, statistics
 * arrive, two legs on one worker bridge, typed errors survive the thread boundary.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dominantFrequency } from '../../src/media/audio/measure.js';
import { ToneGenerator } from '../../src/media/audio/tone-generator.js';
import { BridgeError } from '../../src/media/bridge/bridge-error.js';
import { PCMU } from '../../src/media/codecs/g711-codec.js';
import { ULAW_TO_ALAW } from '../../src/media/codecs/g711-transcode.js';
import type { DtmfEvent } from '../../src/media/dtmf/dtmf-event.js';
import { TelephoneEvent } from '../../src/media/dtmf/telephone-event.js';
import { PortsExhaustedError } from '../../src/media/endpoint/media-endpoint-error.js';
import { MediaThreads } from '../../src/media/endpoint/threads/media-threads.js';
import { RtpPacket } from '../../src/media/rtp/rtp-packet.js';

interface Phone {
  socket: Socket;
  port: number;
  got: RtpPacket[];
  waitFor(test: (got: RtpPacket[]) => boolean, timeoutMs?: number): Promise<void>;
}

async function phone(): Promise<Phone> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const got: RtpPacket[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (bytes) => {
    if (bytes[1]! >= 200 && bytes[1]! <= 204) return;
    got.push(RtpPacket.unmarshal(Uint8Array.from(bytes)));
    for (const w of [...waiters]) w();
  });
  return {
    socket,
    port: socket.address().port,
    got,
    waitFor: (test, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (test(got)) return resolve();
        const timer = setTimeout(() => reject(new Error(`condition not met with ${got.length} packets`)), timeoutMs);
        const check = (): void => {
          if (!test(got)) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve();
        };
        waiters.push(check);
      }),
  };
}

/** `#` as RFC 4733 (event 11, payload type 101): two updates and the end packet, from the far phone to `port`. */
function sendHash(far: Phone, port: number): void {
  const p = new RtpPacket();
  Object.assign(p, { payloadType: 101, ssrc: 9, timestamp: 1000 });
  for (let i = 0; i < 3; i++) {
    p.sequenceNumber = i;
    p.payload = new TelephoneEvent(11, i === 2, 10, 160 * (i + 1)).marshal();
    far.socket.send(p.marshal(), port, '127.0.0.1');
  }
}

function event<T>(register: (done: (v: T) => void) => void, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('event did not come')), timeoutMs);
    register((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe('legs on media worker threads', () => {
  let threads: MediaThreads;
  const phones: Phone[] = [];
  beforeAll(async () => {
    threads = await MediaThreads.start({ threads: 2, ports: { min: 44000, max: 44099 } });
  });
  afterAll(async () => {
    await threads.stop();
    for (const p of phones) p.socket.close();
  });

  it('plays a main-thread source through the worker, reports its end, sends and receives digits, keeps stats', async () => {
    const far = await phone();
    phones.push(far);
    const leg = await threads.open({ codec: 'PCMU', telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port: far.port } });
    expect(leg.port).toBeGreaterThanOrEqual(44000);
    const tone = new ToneGenerator({ frequencies: [1000], levelDbm0: -10 });
    let frames = 0;
    const ended = event<unknown>((done) => leg.events.on('sourceEnded', done));
    leg.setSource({ read: (out) => (frames++ < 50 ? (tone.fill(out), true) : false) });
    await ended;
    await far.waitFor((got) => got.length >= 50);
    const audio = far.got.filter((p) => p.payloadType === 0);
    expect(audio).toHaveLength(50);
    expect(audio[0]!.marker).toBe(true);
    const pcm = new Int16Array(50 * 160);
    audio.forEach((p, i) => PCMU.decode(p.payload, pcm.subarray(i * 160, i * 160 + 160)));
    expect(Math.abs(dominantFrequency(pcm, 8000) - 1000)).toBeLessThan(10);

    await leg.sendDigits('5');
    const sent = far.got.filter((p) => p.payloadType === 101).map((p) => TelephoneEvent.unmarshal(p.payload));
    expect(sent.map((e) => e.event)).toEqual([5, 5, 5, 5, 5]);

    const digit = event<DtmfEvent>((done) => leg.events.on('dtmf', done));
    const latched = event<unknown>((done) => leg.events.on('latched', done));
    sendHash(far, leg.port);
    expect(await digit).toMatchObject({ digit: '#', method: 'rfc4733' });
    expect(await latched).toEqual({ address: '127.0.0.1', port: far.port });
    await event<void>((done) => {
      const t = setInterval(() => {
        if (leg.stats.packetsSent >= 55 && leg.stats.packetsReceived === 3) {
          clearInterval(t);
          done();
        }
      }, 50);
    }, 5000);
    const closed = event<void>((done) => leg.events.on('closed', done));
    await leg.close();
    await closed;
    expect(leg.closed).toBe(true);
  });

  it('bridges two legs on one worker, PCMU to PCMA; legs on different workers are refused with a typed error', async () => {
    const [caller, operator] = [await phone(), await phone()];
    phones.push(caller, operator);
    const a = await threads.open({ codec: 'PCMU', remote: { address: '127.0.0.1', port: caller.port } });
    const b = await threads.open({ codec: 'PCMA', remote: { address: '127.0.0.1', port: operator.port }, near: a });
    const elsewhere = await threads.open({ codec: 'PCMU', remote: { address: '127.0.0.1', port: operator.port } });
    expect(elsewhere.worker).not.toBe(a.worker); // least loaded: the other worker
    await expect(threads.bridge(a, elsewhere)).rejects.toBeInstanceOf(BridgeError);
    await expect(threads.bridge(a, elsewhere)).rejects.toMatchObject({ reason: 'different-threads' });
    const bridge = await threads.bridge(a, b);
    const p = new RtpPacket();
    Object.assign(p, { payloadType: 0, ssrc: 77, payload: new Uint8Array(160).fill(0x80) });
    for (let i = 0; i < 5; i++) {
      p.sequenceNumber = i;
      p.timestamp = i * 160;
      caller.socket.send(p.marshal(), a.port, '127.0.0.1');
    }
    await operator.waitFor((got) => got.filter((x) => x.payloadType === 8).length >= 5);
    const relayed = operator.got.filter((x) => x.payloadType === 8);
    expect(relayed.every((x) => x.ssrc === b.ssrc)).toBe(true);
    expect(relayed[0]!.payload.every((c) => c === ULAW_TO_ALAW[0x80])).toBe(true); // transcoded by the table
    await bridge.unbridge();
    await Promise.all([a.close(), b.close(), elsewhere.close()]);
  });

  it('hands out spare legs set up as asked (codec, remote, digits), refills them, and opens afresh for in-band DTMF', async () => {
    const spared = await MediaThreads.start({ threads: 1, ports: { min: 44300, max: 44399 }, spareLegs: 2 });
    try {
      const ready = (n: number): Promise<void> =>
        event<void>((done) => {
          const t = setInterval(() => {
            if (spared.spareLegs === n) {
              clearInterval(t);
              done();
            }
          }, 10);
        }, 5000);
      await ready(2);
      const far = await phone();
      phones.push(far);
      const leg = await spared.open({ codec: 'PCMA', telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port: far.port }, mediaTimeoutMs: 0 });
      expect(spared.spareLegs).toBe(1); // taken from the pool, not opened on demand
      expect(leg.codec.name).toBe('PCMA');
      const tone = new ToneGenerator({ frequencies: [1000], levelDbm0: -10 });
      let frames = 0;
      leg.setSource({ read: (out) => (frames++ < 10 ? (tone.fill(out), true) : false) });
      await far.waitFor((got) => got.length >= 10);
      expect(new Set(far.got.map((x) => x.payloadType))).toEqual(new Set([8]));
      const digit = event<DtmfEvent>((done) => leg.events.on('dtmf', done));
      sendHash(far, leg.port);
      expect(await digit).toMatchObject({ digit: '#', method: 'rfc4733' });
      await ready(2); // refilled
      const inband = await spared.open({ codec: 'PCMU', inbandDtmf: true });
      expect(spared.spareLegs).toBe(2); // a spare has no in-band detector: opened afresh
      await Promise.all([leg.close(), inband.close()]);
    } finally {
      await spared.stop();
    }
  });

  it('a full port range fails with PortsExhaustedError, rebuilt across the thread boundary (spares never take the last ports)', async () => {
    const small = await MediaThreads.start({ threads: 1, ports: { min: 44200, max: 44203 }, spareLegs: 8 });
    expect(small.spareLegs).toBe(0);
    try {
      await small.open({ codec: 'PCMU' });
      await small.open({ codec: 'PCMU' });
      await expect(small.open({ codec: 'PCMU' })).rejects.toBeInstanceOf(PortsExhaustedError);
    } finally {
      await small.stop();
    }
  });
});
