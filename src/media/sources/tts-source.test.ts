import { describe, expect, it } from 'vitest';
import type { SynthesizedAudio, VoiceInput } from '../../tts/index.js';
import { TtsError } from '../../tts/index.js';
import { FRAME_SAMPLES } from '../audio-frame.js';
import { dominantFrequency, rms } from '../audio/measure.js';
import { drain, ramp, settle } from './fixtures.test-support.js';
import { SpeechConverter } from './speech-converter.js';
import { TtsSource } from './tts-source.js';

/** A scriptable TtsService stand-in: answers when told to, records calls and signals. */
class FakeTts {
  readonly calls: { text: string; voice: VoiceInput; signal: AbortSignal | undefined }[] = [];
  private pending: { resolve: (a: SynthesizedAudio) => void; reject: (e: unknown) => void }[] = [];

  synthesize(text: string, voice: VoiceInput, signal?: AbortSignal): Promise<SynthesizedAudio> {
    this.calls.push({ text, voice, signal });
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      signal?.addEventListener('abort', () => reject(new TtsError('aborted', 'aborted')));
    });
  }

  answer(audio: SynthesizedAudio): void {
    this.pending.shift()!.resolve(audio);
  }

  fail(error: unknown): void {
    this.pending.shift()!.reject(error);
  }
}

function sine16(frequency: number, seconds: number, rate: number): Int16Array {
  return Int16Array.from({ length: Math.round(seconds * rate) }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * frequency * i) / rate)));
}

describe('TtsSource', () => {
  it('reads silence (and goes on) while synthesizing, then the phrase resampled to 8 kHz', async () => {
    const tts = new FakeTts();
    const source = new TtsSource(tts, 'you are number three', 'ruinternalfemale');
    const frame = new Int16Array(FRAME_SAMPLES).fill(5);
    expect(source.status).toBe('loading');
    for (let i = 0; i < 5; i++) {
      expect(source.read(frame)).toBe(true);
      expect(frame.every((s) => s === 0)).toBe(true);
    }
    expect(tts.calls[0]).toMatchObject({ text: 'you are number three', voice: 'ruinternalfemale' });
    tts.answer({ sampleRate: 22_050, samples: sine16(1000, 0.5, 22_050) });
    expect(await source.settled).toEqual({ ok: true });
    expect(source.status).toBe('ready');
    expect(source.durationMs).toBe(500);
    const { pcm, frames } = drain(source);
    expect(frames).toBe(25);
    expect(dominantFrequency(pcm.subarray(800, 3200), 8000)).toBeCloseTo(1000, 0);
    expect(rms(pcm.subarray(800, 3200))).toBeGreaterThan(8000);
  });

  it('8 kHz speech is played as is', async () => {
    const tts = new FakeTts();
    const source = new TtsSource(tts, 'x', undefined);
    tts.answer({ sampleRate: 8000, samples: ramp(320) });
    await source.settled;
    expect(drain(source).pcm).toEqual(ramp(320));
  });

  it('a synthesis failure ends the source with the TtsError', async () => {
    const tts = new FakeTts();
    const source = new TtsSource(tts, 'x', 'klingon');
    tts.fail(new TtsError('unknown-voice', 'no such voice'));
    const outcome = await source.settled;
    expect(outcome.ok).toBe(false);
    expect(source.status).toBe('failed');
    expect(source.error).toBeInstanceOf(TtsError);
    expect((source.error as TtsError).reason).toBe('unknown-voice');
    expect(source.read(new Int16Array(FRAME_SAMPLES))).toBe(false);
  });

  it('anything else thrown becomes engine-failed; so does empty audio for non-empty text', async () => {
    const tts = new FakeTts();
    const a = new TtsSource(tts, 'x', undefined);
    tts.fail(new Error('boom'));
    await a.settled;
    expect((a.error as TtsError).reason).toBe('engine-failed');
    const b = new TtsSource(tts, 'hello', undefined);
    tts.answer({ sampleRate: 22_050, samples: new Int16Array(0) });
    await b.settled;
    expect((b.error as TtsError).reason).toBe('engine-failed');
  });

  it('dispose() aborts the synthesis and ends the source', async () => {
    const tts = new FakeTts();
    const source = new TtsSource(tts, 'x', undefined);
    source.dispose();
    expect(tts.calls[0]!.signal?.aborted).toBe(true);
    await source.settled;
    expect((source.error as TtsError).reason).toBe('aborted');
    expect(source.read(new Int16Array(FRAME_SAMPLES))).toBe(false);
  });

  it('a shared converter resamples a repeated phrase (the same cached array) once', async () => {
    const tts = new FakeTts();
    const converter = new SpeechConverter();
    const audio = { sampleRate: 22_050, samples: sine16(440, 1, 22_050) };
    const a = new TtsSource(tts, 'same', undefined, { converter });
    const b = new TtsSource(tts, 'same', undefined, { converter });
    tts.answer(audio);
    tts.answer(audio);
    await Promise.all([a.settled, b.settled]);
    expect(await converter.to8k(audio)).toBe(await converter.to8k(audio));
    expect(drain(a).pcm).toEqual(drain(b).pcm);
  });

  it('converts joined sentences sentence by sentence: known sentences in a new combination are not resampled again', async () => {
    const converter = new SpeechConverter();
    const one = { sampleRate: 22_050, samples: sine16(440, 0.5, 22_050) };
    const two = { sampleRate: 22_050, samples: sine16(880, 0.5, 22_050) };
    const joined = (parts: (typeof one)[]) => ({
      sampleRate: 22_050,
      samples: new Int16Array(parts.reduce((n, p) => n + p.samples.length, 0)),
      sentences: { parts, pauseSeconds: 0.25 },
    });
    const [pcmOne, pcmTwo] = [await converter.to8k(one), await converter.to8k(two)];
    const pcm = await converter.to8k(joined([one, two]));
    expect(pcm.length).toBe(pcmOne.length + 2000 + pcmTwo.length);
    expect([...pcm.subarray(0, pcmOne.length)]).toEqual([...pcmOne]);
    expect(pcm.subarray(pcmOne.length, pcmOne.length + 2000).every((v) => v === 0)).toBe(true);
    expect([...pcm.subarray(pcmOne.length + 2000)]).toEqual([...pcmTwo]);
    // The sentences' 8 kHz copies are the remembered ones: converting them again returns the same arrays.
    expect(await converter.to8k(one)).toBe(pcmOne);
    const reversed = await converter.to8k(joined([two, one]));
    expect([...reversed.subarray(0, pcmTwo.length)]).toEqual([...pcmTwo]);
  });

  it('takes 8 kHz speech as it is: joined sentences are not joined a second time', async () => {
    const converter = new SpeechConverter();
    const part = { sampleRate: 8000, samples: sine16(440, 0.5, 8000) };
    const joined = { sampleRate: 8000, samples: new Int16Array(9000), sentences: { parts: [part, part], pauseSeconds: 0.25 } };
    expect(await converter.to8k(joined)).toBe(joined.samples);
    expect(await converter.to8k(part)).toBe(part.samples);
  });

  it('loops when asked', async () => {
    const tts = new FakeTts();
    const source = new TtsSource(tts, 'x', undefined, { loop: true });
    tts.answer({ sampleRate: 8000, samples: ramp(100) });
    await settle();
    const { pcm, frames } = drain(source, 5);
    expect(frames).toBe(5);
    expect(pcm[100]).toBe(1);
  });
});
