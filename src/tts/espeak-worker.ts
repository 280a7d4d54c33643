/**
 * Worker-thread entry of {@link EspeakEngine}: receives the compiled espeak-ng module once (workerData), then
 * synthesizes one phrase per job and moves the samples back without copying.
 */
import { workerData } from 'node:worker_threads';
import type { CompiledWasm } from './espeak-wasm.js';
import { runEspeak } from './espeak-wasm.js';
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
}

const { wasm, nice } = workerData as EspeakWorkerData;
niceThisThread(nice);

serveWorker<EspeakJob, SynthesizedAudio>(async ({ voice, text }) => {
  const audio = await runEspeak(wasm, voice, text);
  const buffer = audio.samples.buffer;
  // Move the samples when they own their buffer outright; otherwise the structured clone copies them.
  const movable = buffer instanceof ArrayBuffer && audio.samples.byteOffset === 0 && audio.samples.byteLength === buffer.byteLength;
  return { value: audio, transfer: movable ? [buffer] : [] };
});
