/**
 * Runs the espeak-ng command line compiled to WASM (npm `espeak-ng`), one fresh instance per phrase.
 *
 * Compiling the 18 MB module takes ~140 ms, so it is compiled once ({@link compileEspeakWasm}) and every instance is
 * created from the compiled module through Emscripten's `instantiateWasm` hook (TOOLING.md). A WebAssembly.Module can
 * be posted to worker threads, so the main thread compiles and the workers instantiate.
 *
 * The text goes in as a file (`-f /in.txt`), never as an argument, so a phrase that starts with `-` cannot be read as
 * an option. Output is espeak's own WAV: 22,050 Hz, mono, 16-bit.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ESpeakNg from 'espeak-ng';
import type { SynthesizedAudio, VoiceId } from './tts-engine.js';
import { TtsError } from './tts-error.js';
import { parseWav16 } from './wav.js';

/** espeak-ng's output rate. */
export const ESPEAK_SAMPLE_RATE = 22_050;

/** An opaque compiled WebAssembly.Module (the project's `lib` has no DOM/WebAssembly typings; we need only these). */
export interface CompiledWasm {
  readonly __compiledWasm: unique symbol;
}

interface WasmApi {
  compile(bytes: Uint8Array): Promise<CompiledWasm>;
  instantiate(module: CompiledWasm, imports: object): Promise<unknown>;
}

const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Absolute path of the package's espeak-ng.wasm (next to its main script). */
export function espeakWasmPath(): string {
  const main = createRequire(import.meta.url).resolve('espeak-ng');
  return join(dirname(main), 'espeak-ng.wasm');
}

/** Reads and compiles espeak-ng.wasm. V8 compiles in background threads; the event loop stays free. */
export async function compileEspeakWasm(path = espeakWasmPath()): Promise<CompiledWasm> {
  try {
    return await wasmApi.compile(await readFile(path));
  } catch (cause) {
    throw new TtsError('engine-failed', `cannot load espeak-ng WASM from ${path}`, { cause });
  }
}

const VOICE_MISSING = /voice does not exist/i;

/**
 * Synthesizes one phrase. Blocks the calling thread for the whole synthesis (tens to hundreds of ms): call it from a
 * worker thread, never from the thread that paces RTP.
 */
export async function runEspeak(module: CompiledWasm, voice: VoiceId, text: string): Promise<SynthesizedAudio> {
  const errors: string[] = [];
  const exitCodeBefore = process.exitCode;
  const instance = await ESpeakNg({
    arguments: ['-v', voice, '-w', '/out.wav', '-f', '/in.txt'],
    preRun: [(m) => m.FS.writeFile('/in.txt', text)],
    print: () => undefined,
    printErr: (line) => errors.push(line),
    instantiateWasm(imports, receive) {
      wasmApi.instantiate(module, imports).then(
        (inst) => receive(inst, module),
        (e: unknown) => errors.push(`instantiate: ${String(e)}`),
      );
      return {};
    },
  });
  // Emscripten's exit() sets process.exitCode to espeak's status (1 for an unknown voice); it is not ours to keep.
  process.exitCode = exitCodeBefore;
  if (errors.some((e) => VOICE_MISSING.test(e))) throw new TtsError('unknown-voice', `espeak-ng has no voice '${voice}'`);
  let wav: Uint8Array;
  try {
    wav = instance.FS.readFile('/out.wav');
  } catch (cause) {
    throw new TtsError('engine-failed', `espeak-ng wrote no audio${errors.length ? `: ${errors.join('; ')}` : ''}`, { cause });
  }
  return parseWav16(wav);
}
