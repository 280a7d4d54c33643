/**
 * A leg playing to a plain UDP socket on loopback: a generated 1 kHz tone, and a spoken prompt (espeak-ng + sox when
 * installed, else a synthetic vowel-like signal). The received packets are decoded and checked: frequency, level,
 * duration, the exact G.711 round trip of what was played, and packets about 20 ms apart.
 */
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemRng } from '../../src/lib/rng.js';
import { FRAME_SAMPLES, type FrameSource } from '../../src/media/audio-frame.js';
import { PcmFrameReader } from '../../src/media/audio/framer.js';
import { bandEnergyRatio, dominantFrequency, rmsDbfs, zeroCrossingRate } from '../../src/media/audio/measure.js';
import { dbm0ToAmplitude } from '../../src/media/audio/pcm.js';
import { wavToPcm8k } from '../../src/media/audio/prompt-audio.js';
import { ToneGenerator } from '../../src/media/audio/tone-generator.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PCMU } from '../../src/media/codecs/g711-codec.js';
import { decodeUlaw, encodeUlaw } from '../../src/media/codecs/g711.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import { RtpEndpoint } from '../../src/media/endpoint/rtp-endpoint.js';
import { RtpPacket } from '../../src/media/rtp/rtp-packet.js';
import { hasPeer } from '../support/peers.js';

interface Arrival {
  packet: RtpPacket;
  atMs: number;
}

/** A UDP socket that keeps every RTP packet with its arrival time, and resolves when `count` have arrived. */
async function receiver(): Promise<{ socket: Socket; port: number; packets: Arrival[]; waitFor(count: number, timeoutMs: number): Promise<void> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const packets: Arrival[] = [];
  let wanted = Infinity;
  let done: () => void = () => {};
  socket.on('message', (bytes) => {
    if (bytes[1]! >= 200 && bytes[1]! <= 204) return; // RTCP
    packets.push({ packet: RtpPacket.unmarshal(Uint8Array.from(bytes)), atMs: performance.now() });
    if (packets.length >= wanted) done();
  });
  return {
    socket,
    port: socket.address().port,
    packets,
    waitFor(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        if (packets.length >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${packets.length} of ${count} packets in ${timeoutMs} ms`)), timeoutMs);
        wanted = count;
        done = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

function decodeAll(packets: Arrival[]): Int16Array {
  const pcm = new Int16Array(packets.length * FRAME_SAMPLES);
  packets.forEach((a, i) => decodeUlaw(a.packet.payload, pcm.subarray(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES)));
  return pcm;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A spoken prompt at 8 kHz: espeak-ng (+ sox to resample) when installed, else harmonics of a gliding voice pitch. */
function speechPrompt(): { pcm: Int16Array; origin: string } {
  if (hasPeer('espeak-ng')) {
    const dir = mkdtempSync(join(tmpdir(), 'prompt-'));
    const raw = join(dir, 'raw.wav');
    const spoken = spawnSync('espeak-ng', ['-v', 'en', '-w', raw, 'Your call is important to us. You are number three in the queue.']);
    if (spoken.status === 0) {
      if (hasPeer('sox')) {
        const out = join(dir, '8k.wav');
        if (spawnSync('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', out]).status === 0) return { pcm: wavToPcm8k(readFileSync(out)), origin: 'espeak-ng + sox' };
      }
      return { pcm: wavToPcm8k(readFileSync(raw)), origin: 'espeak-ng' };
    }
  }
  const pcm = new Int16Array(8000 * 3);
  for (let i = 0; i < pcm.length; i++) {
    const t = i / 8000;
    const pitch = 110 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t));
    let v = 0;
    for (let h = 1; h <= 25; h++) {
      const f = h * pitch;
      const formants = Math.exp(-(((f - 700) / 250) ** 2)) + 0.6 * Math.exp(-(((f - 1200) / 300) ** 2)) + 0.3 * Math.exp(-(((f - 2500) / 400) ** 2));
      v += (formants / h) * Math.sin(2 * Math.PI * f * t);
    }
    pcm[i] = Math.round(9000 * syllable * v);
  }
  return { pcm, origin: 'synthetic vowels' };
}

describe('a leg playing to a UDP socket', () => {
  const legs: RtpEndpoint[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    await Promise.all(legs.splice(0).map((l) => l.close()));
    for (const s of sockets.splice(0)) s.close();
  });

  async function playTo(source: FrameSource) {
    const rx = await receiver();
    sockets.push(rx.socket);
    const leg = await RtpEndpoint.open({
      clock: new PhasedMediaClock(systemPacer),
      ports: new PortAllocator({ min: 41000, max: 41999 }),
      codec: PCMU,
      remote: { address: '127.0.0.1', port: rx.port },
      rng: systemRng,
    });
    legs.push(leg);
    const ended = new Promise<void>((resolve) => leg.events.on('sourceEnded', () => resolve()));
    leg.setSource(source);
    return { rx, leg, ended };
  }

  it('a 1 kHz tone arrives as 1 kHz at the level played, 50 packets for 1 s, about 20 ms apart', async () => {
    const tone = new ToneGenerator({ frequencies: [1000], levelDbm0: -10 });
    let frames = 0;
    const { rx, ended } = await playTo({
      read: (out) => {
        if (frames++ >= 50) return false;
        tone.fill(out);
        return true;
      },
    });
    await rx.waitFor(50, 10_000);
    await ended;
    const packets = rx.packets;
    expect(packets).toHaveLength(50);
    const pcm = decodeAll(packets);
    expect(Math.abs(dominantFrequency(pcm, 8000) - 1000)).toBeLessThan(10);
    const expectedDbfs = 20 * Math.log10(dbm0ToAmplitude(-10) / Math.SQRT2 / 32768);
    expect(Math.abs(rmsDbfs(pcm) - expectedDbfs)).toBeLessThan(0.5);
    expect(packets.map((a) => a.packet.marker)).toEqual(packets.map((_, i) => i === 0));
    expect(packets.every((a, i) => i === 0 || ((a.packet.timestamp - packets[i - 1]!.packet.timestamp) >>> 0) === 160)).toBe(true);
    const gaps = packets.slice(1).map((a, i) => a.atMs - packets[i]!.atMs);
    const span = packets.at(-1)!.atMs - packets[0]!.atMs;
    console.log(`tone: 50 packets over ${span.toFixed(1)} ms, gaps median ${median(gaps).toFixed(2)} ms, min ${Math.min(...gaps).toFixed(2)}, max ${Math.max(...gaps).toFixed(2)}`);
    expect(median(gaps)).toBeGreaterThan(17);
    expect(median(gaps)).toBeLessThan(23);
    // 49 intervals of 20 ms; the schedule is drift-free, so only the first and last packet's lateness moves the span.
    expect(Math.abs(span - 980)).toBeLessThan(60);
  });

  it('a spoken prompt arrives whole: speech-like, its full duration, each frame the G.711 round trip of the source', async () => {
    const { pcm: prompt, origin } = speechPrompt();
    const frames = Math.ceil(prompt.length / FRAME_SAMPLES);
    const { rx, ended } = await playTo(new PcmFrameReader(prompt));
    await rx.waitFor(frames, 20_000);
    await ended;
    expect(rx.packets).toHaveLength(frames);
    const received = decodeAll(rx.packets);
    const padded = new Int16Array(frames * FRAME_SAMPLES);
    padded.set(prompt);
    const codes = new Uint8Array(padded.length);
    encodeUlaw(padded, codes);
    const roundTrip = new Int16Array(padded.length);
    decodeUlaw(codes, roundTrip);
    expect(received).toEqual(roundTrip);
    const level = rmsDbfs(received);
    const voiceBand = bandEnergyRatio(received, 8000, 80, 3400);
    const zcr = zeroCrossingRate(received);
    console.log(`prompt (${origin}): ${(prompt.length / 8000).toFixed(2)} s sent, ${(received.length / 8000).toFixed(2)} s received, ${level.toFixed(1)} dBFS, ${(voiceBand * 100).toFixed(1)} % in 80-3400 Hz, ZCR ${zcr.toFixed(3)}`);
    expect(level).toBeGreaterThan(-40);
    expect(voiceBand).toBeGreaterThan(0.8);
    expect(zcr).toBeGreaterThan(0.02);
    expect(zcr).toBeLessThan(0.3);
  });
});
