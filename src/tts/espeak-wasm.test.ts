import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompiledWasm } from './espeak-wasm.js';
import { compileEspeakWasm, EspeakInstance } from './espeak-wasm.js';
import { runFreshEspeak } from './test-support/fresh-espeak.js';
import { TtsError } from './tts-error.js';

// A reused instance must sound exactly like a fresh one: the memory it is rolled back to is the state a fresh
// instance starts from, so the WAV bytes (and hence the samples) are identical, phrase after phrase, voice after voice.
// espeak seeds its noise generator with time(NULL), so two runs a second apart differ in their unvoiced sounds: the
// clock is held still here (Emscripten's time() reads Date.now), or a second boundary between the reused and the fresh
// run would fail the comparison.
const PHRASES: Array<[string, string]> = [
  ['en-us', 'You are number 101 in the queue.'],
  ['ru', 'Вы пятый в очереди.'],
  ['en-gb+f3', 'An operator will answer in less than four minutes.'],
  ['ru+m3', 'Оператор ответит вам менее чем через 4 минуты.'],
  ['en-us', 'You are number 101 in the queue.'],
];

/** Whether two results hold the same samples, byte for byte. */
function sameBytes(a: Int16Array, b: Int16Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('EspeakInstance (one espeak-ng instance reused for many phrases)', () => {
  let wasm: CompiledWasm;
  beforeAll(async () => {
    wasm = await compileEspeakWasm();
  }, 60_000);
  beforeEach(() => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 10, 26, 12));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('gives the same samples as a fresh instance, for every phrase in a row, whatever came before', async () => {
    const instance = await EspeakInstance.create(wasm);
    for (const [voice, text] of PHRASES) {
      const reused = instance.synthesize(voice, text);
      const fresh = await runFreshEspeak(wasm, voice, text);
      expect(reused.sampleRate).toBe(fresh.sampleRate);
      expect(reused.samples.length).toBeGreaterThan(8000); // at least a third of a second of audio
      expect(sameBytes(reused.samples, fresh.samples), `${voice}: ${text}`).toBe(true);
    }
  }, 60_000);

  it('is exact after a long phrase grew the heap and a short one reuses it', async () => {
    // A long Russian text loads the large Russian dictionary and grows the heap by megabytes; the rollback zeroes it
    // again, and the short English phrase after it must not see any of it.
    const long = `${'Вы пятый в очереди. Оператор ответит вам менее чем через 4 минуты. '.repeat(12)}`;
    const instance = await EspeakInstance.create(wasm);
    for (const [voice, text] of [['ru+f3', long], ['en-us', 'Hi.'], ['ru', 'Да.']] as const) {
      const reused = instance.synthesize(voice, text);
      expect(sameBytes(reused.samples, (await runFreshEspeak(wasm, voice, text)).samples), `${voice}: ${text.slice(0, 20)}`).toBe(true);
    }
  }, 60_000);

  it('rolls its whole memory back to what a new instance holds, and keeps only a small part of it', async () => {
    const used = await EspeakInstance.create(wasm);
    for (const [voice, text] of [...PHRASES, ['de', 'Sie sind Nummer fünf.'], ['ru', 'Ж'.repeat(300)]] as const) used.synthesize(voice, text);
    expect(() => used.synthesize('xx-nonexistent', 'hello')).toThrow(TtsError);
    const rolledBack = used.rollBack();
    const untouched = (await EspeakInstance.create(wasm)).rollBack();
    expect(rolledBack.length).toBe(untouched.length);
    expect(Buffer.from(rolledBack.buffer).equals(Buffer.from(untouched.buffer))).toBe(true);
    // What it saves at start-up to roll back to: the stack, C globals and allocator state, not the 18 MB of voice
    // data (which nothing writes) nor the zeroed heap.
    expect(used.savedBytes).toBeLessThan(2 * 2 ** 20);
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
