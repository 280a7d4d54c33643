/**
 * The shipped hold music (media/hold-music.wav): the file is what the generator makes, it is telephone-friendly,
 * and it loops without a click or a gap through the loader and the player.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../src/media/audio-frame.js';
import { bandEnergyRatio, rms, rmsDbfs } from '../../src/media/audio/measure.js';
import { readWav } from '../../src/media/audio/wav-reader.js';
import { writeWav } from '../../src/media/audio/wav-writer.js';
import { createPlayerServices, Player } from '../../src/media/player/index.js';
import { AudioLoader } from '../../src/media/sources/index.js';
import { eventLog, FakeLeg } from '../../src/media/player/player.test-support.js';
import { HOLD_MUSIC_RATE, renderHoldMusic } from '../../media/generate-hold-music.js';

const PATH = fileURLToPath(new URL('../../media/hold-music.wav', import.meta.url));

describe('media/hold-music.wav', () => {
  const bytes = new Uint8Array(readFileSync(PATH));
  const wav = readWav(bytes);
  const pcm = Int16Array.from(wav.samples, (s) => Math.round(s * 32768));

  it('is an 8 kHz mono 16-bit WAV of 30–60 s, under 1 MB', () => {
    expect(wav.format).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16, formatTag: 1 });
    expect(pcm.length / 8000).toBeGreaterThanOrEqual(30);
    expect(pcm.length / 8000).toBeLessThanOrEqual(60);
    expect(statSync(PATH).size).toBeLessThan(1_000_000);
    expect(pcm.length % FRAME_SAMPLES).toBe(0);
  });

  it('is exactly what media/generate-hold-music.ts makes (deterministic, and the shipped file is current)', () => {
    const fresh = renderHoldMusic();
    expect(Buffer.from(writeWav(fresh, HOLD_MUSIC_RATE)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('sits in the telephone band at a moderate level, and is never silent for long', () => {
    expect(bandEnergyRatio(pcm, 8000, 100, 3400)).toBeGreaterThan(0.99);
    expect(bandEnergyRatio(pcm, 8000, 3500, 4000)).toBeLessThan(1e-4);
    expect(rmsDbfs(pcm)).toBeGreaterThan(-24);
    expect(rmsDbfs(pcm)).toBeLessThan(-15);
    for (let s = 0; s + 8000 <= pcm.length; s += 8000) expect(rmsDbfs(pcm.subarray(s, s + 8000)), `second ${s / 8000}`).toBeGreaterThan(-35);
  });

  it('loops cleanly: the step from the last sample to the first is no larger than steps inside the music', () => {
    let maxStep = 0;
    for (let i = 1; i < pcm.length; i++) maxStep = Math.max(maxStep, Math.abs(pcm[i]! - pcm[i - 1]!));
    const wrapStep = Math.abs(pcm[0]! - pcm[pcm.length - 1]!);
    expect(wrapStep).toBeLessThanOrEqual(maxStep * 0.5);
    // The loop point is a chord change like the seven inside the music (every 2 bars, 40,000 samples): the change of
    // level across it (new notes attack, old ones release) stays within the range of the internal ones.
    const jump = (at: number): number => rms(pcm.subarray(at, at + 800)) / rms(pcm.subarray(at - 800, at));
    const internal = [1, 2, 3, 4, 5, 6, 7].map((c) => jump(c * 40_000));
    const atLoop = rms(pcm.subarray(0, 800)) / rms(pcm.subarray(pcm.length - 800));
    expect(atLoop).toBeGreaterThanOrEqual(Math.min(...internal));
    expect(atLoop).toBeLessThanOrEqual(Math.max(...internal));
  });

  it('plays in a loop through the loader and the player for longer than itself, without ending', async () => {
    const services = createPlayerServices({ loader: new AudioLoader() });
    const leg = new FakeLeg();
    const player = new Player(services, leg);
    const log = eventLog(player);
    player.play(PATH, { loop: true });
    const end = Date.now() + 5000;
    while (player.status === 'loading' && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(player.status).toBe('playing');
    const frames = pcm.length / FRAME_SAMPLES;
    const heard = new Int16Array(FRAME_SAMPLES * (frames + 50));
    for (let f = 0; f < frames + 50; f++) {
      const { frame, more } = leg.tick();
      expect(more).toBe(true);
      heard.set(frame, f * FRAME_SAMPLES);
    }
    expect(heard.subarray(0, pcm.length)).toEqual(pcm);
    expect(heard.subarray(pcm.length)).toEqual(pcm.subarray(0, 50 * FRAME_SAMPLES));
    await new Promise((r) => setImmediate(r));
    expect(log.map(([e]) => e)).toEqual(['started']);
  });
});
