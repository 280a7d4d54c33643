import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledWasm } from './espeak-wasm.js';
import { compileEspeakWasm, EspeakInstance } from './espeak-wasm.js';
import { runFreshEspeak } from './test-support/fresh-espeak.js';
import { TtsError } from './tts-error.js';

// A reused instance must sound exactly like a fresh one: the memory it is rolled back to is the state a fresh
// instance starts from, so the WAV bytes (and hence the samples) are identical, phrase after phrase, voice after voice.
const PHRASES: Array<[string, string]> = [
  ['en-us', 'You are number 101 in the queue.'],
  ['ru', 'Вы пятый в очереди.'],
  ['en-gb+f3', 'An operator will answer in less than four minutes.'],
  ['ru+m3', 'Оператор ответит вам менее чем через 4 минуты.'],
  ['en-us', 'You are number 101 in the queue.'],
];

describe('EspeakInstance (one espeak-ng instance reused for many phrases)', () => {
  let wasm: CompiledWasm;
  beforeAll(async () => {
    wasm = await compileEspeakWasm();
  }, 60_000);

  it('gives the same samples as a fresh instance, for every phrase in a row, whatever came before', async () => {
    const instance = await EspeakInstance.create(wasm);
    for (const [voice, text] of PHRASES) {
      const reused = instance.synthesize(voice, text);
      const fresh = await runFreshEspeak(wasm, voice, text);
      expect(reused.sampleRate).toBe(fresh.sampleRate);
      expect(reused.samples.length).toBeGreaterThan(8000); // at least a third of a second of audio
      expect(Buffer.from(reused.samples.buffer, reused.samples.byteOffset, reused.samples.byteLength).equals(
        Buffer.from(fresh.samples.buffer, fresh.samples.byteOffset, fresh.samples.byteLength),
      )).toBe(true);
    }
  }, 60_000);

  it('reports an unknown voice and keeps working afterwards; leaves no file open and process.exitCode alone', async () => {
    const instance = await EspeakInstance.create(wasm);
    const before = process.exitCode;
    let err: unknown;
    try {
      instance.synthesize('xx-nonexistent', 'hello');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TtsError);
    expect((err as TtsError).reason).toBe('unknown-voice');
    expect(process.exitCode).toBe(before);
    expect(instance.broken).toBe(false);
    const first = instance.synthesize('en-us', 'Still here.');
    const open = instance.openFiles;
    for (let i = 0; i < 30; i++) instance.synthesize('en-us', `Number ${i}.`);
    const again = instance.synthesize('en-us', 'Still here.');
    expect(Array.from(again.samples)).toEqual(Array.from(first.samples));
    expect(instance.openFiles).toBe(open);
  }, 60_000);
});
