/**
 * The default speech engine: espeak-ng compiled to WASM, run in worker threads.
 *
 * The WASM is compiled once, on first use, in the main thread (V8 compiles in the background) and posted to each
 * worker; a phrase then costs one instantiation plus the synthesis, all off the main event loop (see
 * {@link WorkerPool} for why). Output: mono 16-bit at espeak's own 22,050 Hz, or at `outputRate`: the worker then
 * resamples too, so a telephony server (8 kHz) pays nothing for speech on the thread that paces RTP.
 */
import { availableParallelism } from 'node:os';
import type { Clock } from '../lib/clock.js';
import { compileEspeakWasm, ESPEAK_SAMPLE_RATE } from './espeak-wasm.js';
import type { CompiledWasm } from './espeak-wasm.js';
import type { EspeakJob, EspeakWorkerData } from './espeak-worker.js';
import { ESPEAK_VOICES, isEspeakVoice } from './espeak-voices.js';
import type { SynthesizedAudio, TtsEngine, VoiceId } from './tts-engine.js';
import { abortError, TtsError } from './tts-error.js';
import type { WorkerPoolStats } from './worker-pool.js';
import { WorkerPool } from './worker-pool.js';

export interface EspeakEngineOptions {
  /** Worker threads. Default: 1 on a machine with 1-2 cores, else 2. */
  readonly workers?: number;
  /** Syntheses waiting for a worker at most; more are rejected with 'queue-full'. Default 64. */
  readonly maxQueue?: number;
  /** Time limit of one synthesis once a worker has it; over it the worker is replaced. Default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Longest text in characters; longer is rejected with 'text-too-long'. Default 1,000. */
  readonly maxTextLength?: number;
  /**
   * How much nicer than the main thread the workers run (Linux), so they yield the CPU to the thread that paces RTP.
   * Default 10; 0 keeps the main thread's priority.
   */
  readonly workerNice?: number;
  /** Where espeak-ng.wasm is (default: inside the `espeak-ng` package). */
  readonly wasmPath?: string;
  /**
   * Rate of the results, Hz. Default: espeak-ng's own 22,050. The server asks for 8,000 (G.711), so resampling happens
   * in the worker, once per phrase, and the cache keeps the smaller 8 kHz audio. Going down, the worker uses the
   * resampler's TELEPHONE_SPEECH filter (docs/tts.md, "Resampling to 8 kHz").
   */
  readonly outputRate?: number;
  readonly clock?: Clock;
}

/** Where the worker entry is: next to this module, `.ts` when running from sources (tests, tsx), `.js` when built. */
function workerScript(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./espeak-worker${ext}`, import.meta.url);
}

function defaultWorkers(): number {
  // Leave a core for the media loop; never more than 2 (phrases are cached, so synthesis is rare).
  return Math.min(2, Math.max(1, availableParallelism() - 1));
}

export class EspeakEngine implements TtsEngine {
  /** Names the engine and its output rate (cached audio made at one rate is not served at another). */
  readonly id: string;
  /** espeak-ng's native rate. */
  static readonly sampleRate = ESPEAK_SAMPLE_RATE;
  /** The rate of every result. */
  readonly outputRate: number;

  private readonly maxTextLength: number;
  private pool: Promise<WorkerPool<EspeakJob, SynthesizedAudio>> | undefined;
  private poolNow: WorkerPool<EspeakJob, SynthesizedAudio> | undefined;
  private lastThreadId: number | undefined;
  private closed = false;

  constructor(private readonly options: EspeakEngineOptions = {}) {
    this.maxTextLength = options.maxTextLength ?? 1000;
    this.outputRate = options.outputRate ?? ESPEAK_SAMPLE_RATE;
    if (!Number.isInteger(this.outputRate) || this.outputRate < 8000 || this.outputRate > 48_000) {
      throw new RangeError(`espeak outputRate must be a whole number of Hz from 8000 to 48000, not ${String(options.outputRate)}`);
    }
    this.id = this.outputRate === ESPEAK_SAMPLE_RATE ? 'espeak-ng-wasm@1.51' : `espeak-ng-wasm@1.51/${this.outputRate}Hz`;
  }

  async synthesize(text: string, voice: VoiceId, signal?: AbortSignal): Promise<SynthesizedAudio> {
    if (this.closed) throw new TtsError('engine-failed', 'espeak engine is closed');
    if (signal?.aborted) throw abortError(signal);
    if (text.length > this.maxTextLength) {
      throw new TtsError('text-too-long', `text of ${text.length} characters exceeds the limit of ${this.maxTextLength}`, {
        limit: this.maxTextLength,
      });
    }
    if (!isEspeakVoice(voice)) throw new TtsError('unknown-voice', `espeak-ng has no voice '${voice}'`, { knownVoices: ESPEAK_VOICES });
    if (text.trim() === '') return { sampleRate: this.outputRate, samples: new Int16Array(0) };
    const pool = await this.start();
    const { value, threadId } = await pool.run({ voice, text }, signal);
    this.lastThreadId = threadId;
    return value;
  }

  /** Compiles the WASM and readies the pool; called by the first synthesis, or early to keep it off the first call. */
  async warmUp(): Promise<void> {
    await this.start();
  }

  /** The worker thread that produced the last result (for tests and diagnostics). */
  get lastWorkerThreadId(): number | undefined {
    return this.lastThreadId;
  }

  stats(): WorkerPoolStats | undefined {
    return this.poolNow?.stats();
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    this.poolNow = undefined;
    if (pool) await (await pool.catch(() => undefined))?.close();
  }

  private start(): Promise<WorkerPool<EspeakJob, SynthesizedAudio>> {
    if (this.pool) return this.pool;
    const starting = compileEspeakWasm(this.options.wasmPath).then((wasm: CompiledWasm) => {
      const pool = new WorkerPool<EspeakJob, SynthesizedAudio>({
        script: workerScript(),
        workerData: { wasm, nice: this.options.workerNice ?? 10, outputRate: this.outputRate } satisfies EspeakWorkerData,
        size: this.options.workers ?? defaultWorkers(),
        maxQueue: this.options.maxQueue ?? 64,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        ...(this.options.clock ? { clock: this.options.clock } : {}),
        name: 'espeak-ng',
      });
      if (this.closed) {
        void pool.close();
        throw new TtsError('engine-failed', 'espeak engine is closed');
      }
      this.poolNow = pool;
      return pool;
    });
    this.pool = starting;
    // A failed compile is not cached: the next call retries.
    starting.catch(() => {
      if (this.pool === starting) this.pool = undefined;
    });
    return starting;
  }
}
