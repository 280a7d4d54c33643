import { readdirSync, readFileSync } from 'node:fs';
import { platform } from 'node:os';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { EspeakEngine } from './espeak-engine.js';
import { espeakCatalog } from './espeak-voices.js';
import { compileEspeakWasm } from './espeak-wasm.js';
import { runFreshEspeak } from './test-support/fresh-espeak.js';
import { Language } from './language.js';
import type { SpeechReport } from './test-support/speech-metrics.js';
import { speechReport } from './test-support/speech-metrics.js';
import type { SynthesizedAudio } from './tts-engine.js';
import { TtsError } from './tts-error.js';
import { VoiceResolver } from './voice-resolver.js';

const RU = 'Вы пятый в очереди. Оператор ответит вам менее чем через 4 минуты.';
const EN = 'You are number five in the queue. An operator will answer in less than four minutes.';
const LONG = `${EN} ${EN} ${EN} ${EN} ${EN} ${EN}`;

/** What telephone speech looks like: see test-support/speech-metrics.ts for why these bounds. */
function expectSpeech(report: SpeechReport, seconds: [number, number]): void {
  expect(report.seconds).toBeGreaterThan(seconds[0]);
  expect(report.seconds).toBeLessThan(seconds[1]);
  expect(report.rms).toBeGreaterThan(0.02); // well above silence (0) and dither
  expect(report.active).toBeGreaterThan(0.4); // mostly sound...
  expect(report.active).toBeLessThan(0.98); // ...with pauses between words, unlike a tone
  expect(report.voiceBand).toBeGreaterThan(0.4); // energy where telephone speech has it
  expect(report.zcr).toBeGreaterThan(300);
  expect(report.zcr).toBeLessThan(6000);
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TtsError);
    return (e as TtsError).reason;
  }
  throw new Error('expected a rejection');
}

/** Runs `work` while a 1 ms interval timer measures the longest gap between its ticks on this thread. */
async function maxEventLoopGap<T>(work: () => Promise<T>): Promise<{ result: T; maxGapMs: number; elapsedMs: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, maxGapMs: Math.max(maxGapMs, performance.now() - last), elapsedMs: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

describe('EspeakEngine (espeak-ng WASM in worker threads)', () => {
  // A generous synthesis timeout: the first phrase compiles the WASM, and CI runs other suites at the same time.
  const engine = new EspeakEngine({ workers: 2, timeoutMs: 60_000 });
  afterAll(() => engine.close());

  it('speaks a Russian prompt: 22,050 Hz mono speech of plausible length', async () => {
    const audio = await engine.synthesize(RU, 'ru+f3');
    expect(audio.sampleRate).toBe(22_050);
    expectSpeech(speechReport(audio), [2, 9]);
  }, 60_000);

  it('speaks an English prompt', async () => {
    const audio = await engine.synthesize(EN, 'en-us+m3');
    expect(audio.sampleRate).toBe(EspeakEngine.sampleRate);
    expectSpeech(speechReport(audio), [2, 9]);
  }, 60_000);

  it('resamples in its worker when asked for 8 kHz: the same speech, as long, under another engine id', async () => {
    const at8k = new EspeakEngine({ workers: 1, timeoutMs: 60_000, outputRate: 8000 });
    try {
      const [narrow, wide] = await Promise.all([at8k.synthesize(EN, 'en-us'), engine.synthesize(EN, 'en-us')]);
      expect(narrow.sampleRate).toBe(8000);
      expectSpeech(speechReport(narrow), [2, 9]);
      expect(narrow.samples.length / 8000).toBeCloseTo(wide.samples.length / 22_050, 2);
      // Cached audio is keyed by engine id: 8 kHz audio must never be served to a 22,050 Hz consumer.
      expect(at8k.id).not.toBe(engine.id);
      expect(at8k.lastWorkerThreadId).not.toBe(mainThreadId);
    } finally {
      await at8k.close();
    }
    expect(() => new EspeakEngine({ outputRate: 4000 })).toThrow(/outputRate/);
  }, 60_000);

  it('speaks a short sentence in 0.5-6 s', async () => {
    expectSpeech(speechReport(await engine.synthesize('Вы пятый в очереди.', 'ru')), [0.5, 6]);
    expectSpeech(speechReport(await engine.synthesize('You are number five.', 'en-gb+f3')), [0.5, 6]);
  }, 60_000);

  it('gives different audio for different text or voice; the same text keeps its timing', async () => {
    const same = (a: SynthesizedAudio, b: SynthesizedAudio): boolean => Buffer.from(a.samples.buffer).equals(Buffer.from(b.samples.buffer));
    const [three, five, fiveAgain, male] = await Promise.all([
      engine.synthesize('Вы третий в очереди.', 'ru+f3'),
      engine.synthesize('Вы пятый в очереди.', 'ru+f3'),
      engine.synthesize('Вы пятый в очереди.', 'ru+f3'),
      engine.synthesize('Вы пятый в очереди.', 'ru+m3'),
    ]);
    expect(same(three, five)).toBe(false);
    expect(same(male, five)).toBe(false);
    // espeak-ng adds random noise to unvoiced sounds, so samples differ run to run; durations do not.
    expect(fiveAgain.samples.length).toBe(five.samples.length);
  }, 60_000);

  it('synthesizes in a worker thread, so the main event loop keeps ticking meanwhile', async () => {
    await engine.synthesize('warm', 'en-us');
    const { result, maxGapMs, elapsedMs } = await maxEventLoopGap(() => engine.synthesize(LONG, 'en-us'));
    expect(engine.lastWorkerThreadId).toBeDefined();
    expect(engine.lastWorkerThreadId).not.toBe(mainThreadId);
    expect(result.samples.length / result.sampleRate).toBeGreaterThan(20);
    // Had it run on this thread, the longest gap would be about the whole synthesis (see the control below). On a
    // loaded machine the OS alone may delay a 1 ms timer by tens of ms, hence a generous bound.
    expect(maxGapMs).toBeLessThan(Math.max(200, elapsedMs / 2));
    console.info(`a ${(result.samples.length / result.sampleRate).toFixed(1)} s phrase took ${elapsedMs.toFixed(0)} ms; longest main-loop gap ${maxGapMs.toFixed(1)} ms`);
  }, 60_000);

  it.skipIf(platform() !== 'linux')('runs its workers 10 nicer than the main thread, so they yield the CPU (Linux only)', async () => {
    await engine.synthesize('nice', 'en-us');
    const niceOf = (tid: string): number => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const main = niceOf(String(process.pid));
    expect(readdirSync('/proc/self/task').map(niceOf)).toContain(Math.min(19, main + 10));
  }, 60_000);

  it('(control) the same synthesis on the main thread does stall it, so the test above can see a stall', async () => {
    const wasm = await compileEspeakWasm();
    const { maxGapMs } = await maxEventLoopGap(() => runFreshEspeak(wasm, 'en-us', LONG));
    expect(maxGapMs).toBeGreaterThan(50);
  }, 60_000);

  it('has every voice the Language enum maps to (each base voice once; the f3/m3 variants are tested above)', async () => {
    const resolver = new VoiceResolver({ catalog: espeakCatalog });
    const voices = [...new Set(Object.values(Language).map((v) => resolver.resolve(v).split('+')[0]!))];
    const results: SynthesizedAudio[] = await Promise.all(voices.map((v) => engine.synthesize('1 2 3', v)));
    results.forEach((audio, i) => expect(audio.samples.length / audio.sampleRate, voices[i]).toBeGreaterThan(0.3));
  }, 120_000);

  it('reads a phrase that starts with a dash as text, not as an option', async () => {
    const audio = await engine.synthesize('-v xx --help', 'en-us');
    expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(0.5);
  }, 60_000);

  it('returns no samples for empty text without waking a worker', async () => {
    const quiet = new EspeakEngine();
    const audio = await quiet.synthesize('  ', 'ru');
    expect(audio).toEqual({ sampleRate: 22_050, samples: new Int16Array(0) });
    expect(quiet.stats()).toBeUndefined();
    await quiet.close();
  });

  it('rejects an unknown voice, too long a text and an aborted signal with typed reasons', async () => {
    const small = new EspeakEngine({ maxTextLength: 20 });
    expect(await reason(small.synthesize('hello', 'klingon'))).toBe('unknown-voice');
    expect(await reason(small.synthesize('x'.repeat(21), 'en-us'))).toBe('text-too-long');
    expect(await reason(small.synthesize('hello', 'en-us', AbortSignal.abort()))).toBe('aborted');
    await small.close();
    expect(await reason(small.synthesize('hello', 'en-us'))).toBe('engine-failed');
  });

  it("maps espeak's own 'voice does not exist' to unknown-voice", async () => {
    const wasm = await compileEspeakWasm();
    expect(await reason(runFreshEspeak(wasm, 'xx-nonexistent', 'hi'))).toBe('unknown-voice');
  }, 60_000);

  it('kills a synthesis over the time limit with timeout and replaces its worker', async () => {
    const strict = new EspeakEngine({ workers: 1, timeoutMs: 20 });
    try {
      expect(await reason(strict.synthesize(LONG, 'en-us'))).toBe('timeout');
      expect(strict.stats()).toMatchObject({ timeouts: 1, workers: 0 });
      expect(await reason(strict.synthesize(LONG, 'en-us'))).toBe('timeout');
      expect(strict.stats()).toMatchObject({ timeouts: 2, started: 2 });
    } finally {
      await strict.close();
    }
  }, 60_000);
});
