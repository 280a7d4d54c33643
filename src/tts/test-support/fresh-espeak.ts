/**
 * The reference the tests hold the reused {@link EspeakInstance} to: a fresh Emscripten instance per phrase, with
 * espeak's main() run by the package itself at start-up (`arguments`), as the engine worked before instances were
 * reused. 150-200 ms a phrase; it blocks the calling thread (the engine test uses that as its control case).
 */
import ESpeakNg from 'espeak-ng';
import type { CompiledWasm } from '../espeak-wasm.js';
import { readEspeakResult, wasmApi } from '../espeak-wasm.js';
import type { SynthesizedAudio, VoiceId } from '../tts-engine.js';

export async function runFreshEspeak(module: CompiledWasm, voice: VoiceId, text: string): Promise<SynthesizedAudio> {
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
  return readEspeakResult(instance.FS, errors, voice);
}
