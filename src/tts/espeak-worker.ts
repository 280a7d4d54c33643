/**
 * Worker-thread entry of {@link EspeakEngine}: receives the compiled espeak-ng module once (workerData), keeps one
 * {@link EspeakInstance} (a new one after a failure inside the WASM), synthesizes one phrase per job, resamples when
 * asked to, and moves the samples back without copying.
 */
import { workerData } from 'node:worker_threads';
import type { ResamplerOptions } from '../lib/resampler.js';
import { resamplePcm16, TELEPHONE_SPEECH } from '../lib/resampler.js';
import type { CompiledWasm } from './espeak-wasm.js';
import { EspeakInstance } from './espeak-wasm.js';
import type { SynthesizedAudio } from './tts-engine.js';
import { niceThisThread } from './thread-priority.js';
import { serveWorker } from './worker-protocol.js';

export interface EspeakJob {
  readonly voice: string;
  readonly text: string;
}

export interface EspeakWorkerData {
  readonly wasm: CompiledWasm;
  /** How much nicer than the main thread this thread runs (0 = the same priority). */
  readonly nice: number;
  /** Rate of the results; resampled here when it is not espeak's own. */
  readonly outputRate: number;
}

const { wasm, nice, outputRate } = workerData as EspeakWorkerData;
niceThisThread(nice);

let instance: Promise<EspeakInstance> | undefined;

/** The worker's instance, made on first use; a failed start is not kept (the next job tries again). */
function espeakInstance(): Promise<EspeakInstance> {
  if (!instance) {
    const creating = EspeakInstance.create(wasm);
    instance = creating;
    creating.catch(() => {
      if (instance === creating) instance = undefined;
    });
  }
  return instance;
}

/**
 * Going down (to 8 kHz for G.711), the speech filter: half the taps of the default, with every alias that could land
 * in the passband attenuated 70 dB (docs/tts.md). Going up there is nothing to fold back: the default filter.
 */
function speechFilter(nativeRate: number): ResamplerOptions | undefined {
  return outputRate < nativeRate ? TELEPHONE_SPEECH : undefined;
}

serveWorker<EspeakJob, SynthesizedAudio>(async ({ voice, text }) => {
  const espeak = await espeakInstance();
  let native: SynthesizedAudio;
  try {
    native = espeak.synthesize(voice, text);
  } finally {
    if (espeak.broken) instance = undefined;
  }
  const audio: SynthesizedAudio =
    native.sampleRate === outputRate ? native : { sampleRate: outputRate, samples: resamplePcm16(native.samples, native.sampleRate, outputRate, speechFilter(native.sampleRate)) };
  const buffer = audio.samples.buffer;
  // Move the samples when they own their buffer outright; otherwise the structured clone copies them.
  const movable = buffer instanceof ArrayBuffer && audio.samples.byteOffset === 0 && audio.samples.byteLength === buffer.byteLength;
  return { value: audio, transfer: movable ? [buffer] : [] };
});
