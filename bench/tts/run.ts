// bench:tts: phrase latency of the TTS layer for a Russian and an English queue prompt.
//   uncached  EspeakEngine (espeak-ng WASM in a worker thread), one phrase at a time: what a caller waits for a
//             phrase never spoken before; also the real-time factor (synthesis time / audio duration). Once at
//             espeak's 22,050 Hz, once at 8 kHz as the server asks for it (the worker resamples too).
//   memory    CachingTts hit in memory (the common case once prompts repeat).
//   disk      CachingTts hit on disk (after a restart).
//   cli       the Debian espeak-ng binary through CommandEngine, for comparison (when installed).
//   cpu       CPU time of one uncached phrase (distinct texts, as a burst of callers gives), split into espeak's part
//             (roll-back + main(), EspeakInstance.synthesize) and the resampling to 8 kHz the server's workers do.
// While the uncached phrases run, a 1 ms timer on the main thread records the longest event-loop gap: the number the
// media loop cares about. Not a test: it prints numbers. Env: BENCH_RUNS (default 20), BENCH_TTS_NICE (nice value of
// the worker threads, default 10 as in production; 0 to compare).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CachingTts } from '../../src/tts/caching-tts.js';
import { CommandEngine } from '../../src/tts/command-engine.js';
import { resamplePcm16, TELEPHONE_SPEECH } from '../../src/lib/resampler.js';
import { EspeakEngine } from '../../src/tts/espeak-engine.js';
import { compileEspeakWasm, EspeakInstance } from '../../src/tts/espeak-wasm.js';
import { Language } from '../../src/tts/language.js';
import type { SynthesizedAudio, TtsEngine } from '../../src/tts/tts-engine.js';
import { espeakCatalog } from '../../src/tts/espeak-voices.js';
import { VoiceResolver } from '../../src/tts/voice-resolver.js';
import { machineLine, quantile } from '../lib/machine.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const NICE = Number(process.env.BENCH_TTS_NICE ?? 10);
const resolver = new VoiceResolver({ catalog: espeakCatalog });
const PROMPTS = [
  { name: 'ru', voice: resolver.resolve(Language.RU_RUSSIAN_FEMALE), text: 'Вы пятый в очереди. Оператор ответит вам менее чем через 4 минуты.' },
  { name: 'en', voice: resolver.resolve(Language.US_ENGLISH_FEMALE), text: 'You are number five in the queue. An operator will answer in less than four minutes.' },
];

interface Series {
  ms: number[];
  audioSeconds: number;
}

/**
 * A 1 ms timer on the main thread. The time between two of its ticks beyond 1 ms is how long the main thread could
 * not run (event loop blocked, or thread descheduled): what would delay an RTP packet.
 */
class GapMonitor {
  private gaps: number[] = [];
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.gaps.push(now - this.last);
    this.last = now;
  }, 1);

  reset(): void {
    this.gaps = [];
    this.last = performance.now();
  }

  report(): string {
    const g = this.gaps;
    return `p50 ${quantile(g, 0.5).toFixed(1)} ms, p99 ${quantile(g, 0.99).toFixed(1)} ms, max ${Math.max(...g).toFixed(1)} ms (${g.length} ticks)`;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function measure(engine: TtsEngine, text: string, voice: string, runs: number): Promise<Series> {
  const ms: number[] = [];
  let audio: SynthesizedAudio | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    audio = await engine.synthesize(text, voice);
    ms.push(performance.now() - t0);
  }
  return { ms, audioSeconds: audio ? audio.samples.length / audio.sampleRate : 0 };
}

/** Texts like those a burst of callers hears: each one new to the cache. */
const BURST: Record<string, (i: number) => string> = {
  ru: (i) => `Вы ${i + 7}-й в очереди. Ожидаемое время ожидания меньше ${(i % 9) + 2} минут.`,
  en: (i) => `You are number ${i + 7} in the queue. The expected wait is less than ${(i % 9) + 2} minutes.`,
};

/** CPU milliseconds this process has used (every thread; the caller keeps the others idle). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU per uncached phrase, measured on this thread with the worker's own steps, so the split is exact: espeak's part
 * (EspeakInstance.synthesize: the memory roll-back and main()) and the resampling to 8 kHz (espeak-worker.ts resamples
 * with TELEPHONE_SPEECH when the engine's outputRate is below 22,050 Hz, as the server's 8,000 is).
 */
async function cpuPerPhrase(runs: number): Promise<void> {
  const instance = await EspeakInstance.create(await compileEspeakWasm());
  console.log(`CPU per uncached phrase (${runs} distinct phrases per language, this thread; p50 / mean):`);
  for (const p of PROMPTS) {
    const text = BURST[p.name]!;
    for (let i = 0; i < 3; i++) resamplePcm16(instance.synthesize(p.voice, text(1000 + i)).samples, 22_050, 8000, TELEPHONE_SPEECH);
    const espeak: number[] = [];
    const resampling: number[] = [];
    let seconds = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = cpuMs();
      const audio = instance.synthesize(p.voice, text(i));
      const t1 = cpuMs();
      resamplePcm16(audio.samples, audio.sampleRate, 8000, TELEPHONE_SPEECH);
      espeak.push(t1 - t0);
      resampling.push(cpuMs() - t1);
      seconds += audio.samples.length / audio.sampleRate;
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const both = espeak.map((e, i) => e + resampling[i]!);
    const part = (xs: number[]): string => `${quantile(xs, 0.5).toFixed(1)} / ${mean(xs).toFixed(1)} ms`;
    console.log(`  ${p.name} (${p.voice}, ${(seconds / runs).toFixed(2)} s of audio): total ${part(both)} = espeak ${part(espeak)} + resample to 8 kHz ${part(resampling)}`);
  }
  console.log('');
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

function row(label: string, s: Series, rtf = false): string {
  const p50 = quantile(s.ms, 0.5);
  const p95 = quantile(s.ms, 0.95);
  const extra = rtf ? `  RTF p50 ${(p50 / 1000 / s.audioSeconds).toFixed(3)} (audio ${s.audioSeconds.toFixed(2)} s)` : '';
  return `  ${label.padEnd(26)} p50 ${fmt(p50).padStart(8)}  p95 ${fmt(p95).padStart(8)}  (n=${s.ms.length})${extra}`;
}

async function main(): Promise<void> {
  console.log(machineLine());
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`runs per series: ${RUNS}; engine: espeak-ng 1.51 WASM (npm espeak-ng 1.0.2), output 22,050 Hz mono s16; worker nice ${NICE}\n`);

  // Cold start: compile the WASM, start a worker, first phrase.
  const engine = new EspeakEngine({ workers: 1, workerNice: NICE });
  const tCold = performance.now();
  await engine.synthesize('Старт.', 'ru');
  console.log(`cold start (compile WASM + start worker + first phrase): ${fmt(performance.now() - tCold)}\n`);
  const at8k = new EspeakEngine({ workers: 1, workerNice: NICE, outputRate: 8000 });
  await at8k.synthesize('Старт.', 'ru');

  // Before the gap monitor starts: its timer would be counted in the process's CPU time.
  await cpuPerPhrase(Math.max(RUNS, 50));

  // Baseline: the gap monitor with no synthesis at all. On a loaded machine the OS alone delays the main thread; gaps
  // during synthesis close to this baseline mean synthesis did not hold the loop up.
  const gaps = new GapMonitor();
  await new Promise((r) => setTimeout(r, 10_000));
  console.log(`main event-loop gaps, 10 s with no synthesis (baseline): ${gaps.report()}\n`);

  const dir = await mkdtemp(join(tmpdir(), 'holdless-bench-tts-'));
  try {
    for (const p of PROMPTS) {
      console.log(`${p.name} (${p.voice}): "${p.text}"`);
      gaps.reset();
      const uncached = await measure(engine, p.text, p.voice, RUNS);
      const gapDuringUncached = gaps.report();
      console.log(row('uncached (worker)', uncached, true));
      console.log(row('uncached, 8 kHz (server)', await measure(at8k, p.text, p.voice, RUNS), true));

      const memory = new CachingTts(engine);
      await memory.synthesize(p.text, p.voice);
      console.log(row('cached, memory hit', await measure(memory, p.text, p.voice, RUNS * 50)));

      const seed = new CachingTts(engine, { dir });
      await seed.synthesize(p.text, p.voice);
      const diskMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const fresh = new CachingTts(engine, { dir, maxMemoryBytes: 0 }); // a restarted server: empty memory
        const t0 = performance.now();
        await fresh.synthesize(p.text, p.voice);
        diskMs.push(performance.now() - t0);
        if (fresh.stats().diskHits !== 1) throw new Error('expected a disk hit');
      }
      console.log(row('cached, disk hit', { ms: diskMs, audioSeconds: uncached.audioSeconds }));

      if (existsSync('/usr/bin/espeak-ng')) {
        const cli = CommandEngine.espeakNg('/usr/bin/espeak-ng');
        console.log(row('espeak-ng binary (command)', await measure(cli, p.text, p.voice, RUNS), true));
      }
      console.log(`  main event-loop gaps during the uncached runs: ${gapDuringUncached}\n`);
    }

    // Throughput with two workers: 2 x RUNS phrases at once (distinct texts, so nothing is shared).
    const two = new EspeakEngine({ workers: 2, workerNice: NICE });
    await two.warmUp();
    await Promise.all([two.synthesize('Раз.', 'ru'), two.synthesize('Two.', 'en-us')]);
    gaps.reset();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: RUNS * 2 }, (_, i) => two.synthesize(`${PROMPTS[i % 2]!.text} ${i}`, PROMPTS[i % 2]!.voice)));
    const secs = (performance.now() - t0) / 1000;
    console.log(`2 workers, ${RUNS * 2} distinct phrases at once: ${((RUNS * 2) / secs).toFixed(1)} phrases/s; main event-loop gaps: ${gaps.report()}`);
    await two.close();
  } finally {
    gaps.stop();
    await engine.close();
    await at8k.close();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

await main();
