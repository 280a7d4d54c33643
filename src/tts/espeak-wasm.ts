/**
 * Runs the espeak-ng command line compiled to WASM (npm `espeak-ng`).
 *
 * Compiling the 18 MB module takes ~140 ms, so it is compiled once ({@link compileEspeakWasm}) and instances are
 * created from the compiled module through Emscripten's `instantiateWasm` hook (TOOLING.md). A WebAssembly.Module can
 * be posted to worker threads, so the main thread compiles and the workers instantiate. A worker keeps one
 * {@link EspeakInstance} and reuses it for every phrase (about 20 ms a phrase instead of 150-200 ms for a fresh
 * instance); the tests compare it with a fresh instance per phrase (test-support/fresh-espeak.ts). What rolling an
 * instance back costs is kept small by {@link MemoryImage} and {@link cacheLookupsUnder}.
 *
 * The text goes in as a file (`-f /in.txt`), never as an argument, so a phrase that starts with `-` cannot be read as
 * an option. Output is espeak's own WAV: 22,050 Hz, mono, 16-bit.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ESpeakNg, { type ESpeakNgModule } from 'espeak-ng';
import { cacheLookupsUnder, commonDirectory, type LookupFS } from './espeak-fs-lookup-cache.js';
import { embeddedFiles, MemoryImage } from './espeak-memory-image.js';
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

/** The global WebAssembly, typed with the two calls used here. */
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

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

/** The WASM exports an instance is driven through (Emscripten's own wrappers are not exported by the package). */
interface EspeakExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  stackSave(): number;
  stackRestore(pointer: number): void;
  stackAlloc(bytes: number): number;
  __main_argc_argv(argc: number, argv: number): number;
  /** Address of the table of files embedded in the data segments (name, length, address; a zero name ends it). */
  readonly __emscripten_embedded_file_data?: { readonly value: number };
}

/** Emscripten's ExitStatus: what `exit(n)` inside main() throws. */
function exitStatusOf(err: unknown): number | undefined {
  const e = err as { name?: unknown; status?: unknown } | null;
  return e && e.name === 'ExitStatus' && typeof e.status === 'number' ? e.status : undefined;
}

/**
 * One espeak-ng instance used for many phrases.
 *
 * espeak-ng's command line keeps state in C globals, so calling its main() a second time on the same instance writes
 * no audio. Instead, what a run can change in the instance's linear memory is saved once, after start-up and before
 * any main(), and put back before every phrase, with the stack pointer ({@link MemoryImage}): each run starts from
 * exactly the state a new instance has, and its WAV is byte-identical to a fresh instance's (tested). That costs about
 * 1 ms where a new instance costs 100-150 ms (the module's 18 MB of data segments and the runtime's start-up). Files
 * main() opened and left open are closed after each run, since their C side is rolled back with the memory.
 *
 * An unexpected failure inside the WASM (a trap, an abort) marks the instance broken; the caller makes a new one.
 */
export class EspeakInstance {
  private brokenBy: unknown;

  private constructor(
    /** What espeak prints to stderr during the current run (the printErr hook writes here). */
    private readonly stderr: { lines: string[] },
    private readonly module: ESpeakNgModule,
    private readonly exports: EspeakExports,
    private readonly image: MemoryImage,
    private readonly stackPointer: number,
  ) {}

  static async create(compiled: CompiledWasm): Promise<EspeakInstance> {
    let exports: EspeakExports | undefined;
    const stderr = { lines: [] as string[] };
    const module = await ESpeakNg({
      noInitialRun: true,
      print: () => undefined,
      printErr: (line) => stderr.lines.push(line),
      instantiateWasm(imports, receive) {
        wasmApi.instantiate(compiled, imports).then(
          (inst) => {
            exports = (inst as { exports: EspeakExports }).exports;
            receive(inst, compiled);
          },
          (e: unknown) => stderr.lines.push(`instantiate: ${String(e)}`),
        );
        return {};
      },
    });
    if (!exports) throw new TtsError('engine-failed', `espeak-ng did not start${stderr.lines.length ? `: ${stderr.lines.join('; ')}` : ''}`);
    const memory = new Uint8Array(exports.memory.buffer);
    const files = embeddedFiles(memory, exports.__emscripten_embedded_file_data?.value);
    const root = commonDirectory(files);
    if (root) cacheLookupsUnder(module.FS as unknown as LookupFS, root);
    return new EspeakInstance(stderr, module, exports, MemoryImage.capture(memory, files), exports.stackSave());
  }

  /** Whether a failure inside the WASM has made this instance unusable. */
  get broken(): boolean {
    return this.brokenBy !== undefined;
  }

  /** Bytes of start-up memory this instance keeps to roll back to. */
  get savedBytes(): number {
    return this.image.savedBytes;
  }

  /**
   * Puts the instance back in its start-up state (synthesize does this before each phrase). Returns a copy of its
   * memory afterwards, for tests that compare it with a new instance's.
   */
  rollBack(): Uint8Array {
    this.restore();
    return new Uint8Array(this.exports.memory.buffer).slice();
  }

  /** Files open in the instance's file system (constant from one phrase to the next). */
  get openFiles(): number {
    return this.module.FS.streams.filter(Boolean).length;
  }

  /** Synthesizes one phrase. Blocks the calling thread while it runs: call it from a worker thread. */
  synthesize(voice: VoiceId, text: string): SynthesizedAudio {
    if (this.broken) throw new TtsError('engine-failed', 'this espeak-ng instance failed earlier', { cause: this.brokenBy });
    const { FS } = this.module;
    this.restore();
    this.stderr.lines = [];
    FS.writeFile('/in.txt', text);
    try {
      FS.unlink('/out.wav');
    } catch {
      // not there yet
    }
    const openBefore = new Set(FS.streams.flatMap((s) => (s ? [s.fd] : [])));
    const exitCodeBefore = process.exitCode;
    try {
      this.exports.__main_argc_argv(...this.argv(['espeak-ng', '-v', voice, '-w', '/out.wav', '-f', '/in.txt']));
    } catch (err) {
      if (exitStatusOf(err) === undefined) {
        this.brokenBy = err;
        throw new TtsError('engine-failed', `espeak-ng failed: ${String(err)}`, { cause: err });
      }
    } finally {
      // Emscripten's exit() sets process.exitCode to espeak's status (1 for an unknown voice); it is not ours to keep.
      process.exitCode = exitCodeBefore;
      for (const stream of [...FS.streams]) if (stream && !openBefore.has(stream.fd)) FS.close(stream);
    }
    return readEspeakResult(FS, this.stderr.lines, voice);
  }

  private restore(): void {
    this.image.restore(new Uint8Array(this.exports.memory.buffer));
    this.exports.stackRestore(this.stackPointer);
  }

  /** argc and argv for main(), written on the WASM stack (as Emscripten's callMain does). */
  private argv(args: string[]): [number, number] {
    const encoder = new TextEncoder();
    const pointers = args.map((arg) => {
      const bytes = encoder.encode(`${arg}\0`);
      const at = this.exports.stackAlloc(bytes.length);
      new Uint8Array(this.exports.memory.buffer, at, bytes.length).set(bytes);
      return at;
    });
    const argv = this.exports.stackAlloc(4 * (pointers.length + 1));
    const table = new Uint32Array(this.exports.memory.buffer, argv, pointers.length + 1);
    pointers.forEach((p, i) => (table[i] = p));
    table[pointers.length] = 0;
    return [pointers.length, argv];
  }
}

/** The WAV a run of espeak's main() wrote, or the error it printed (an unknown voice) or implied (no file). */
export function readEspeakResult(fs: ESpeakNgModule['FS'], errors: string[], voice: VoiceId): SynthesizedAudio {
  if (errors.some((e) => VOICE_MISSING.test(e))) throw new TtsError('unknown-voice', `espeak-ng has no voice '${voice}'`);
  let wav: Uint8Array;
  try {
    wav = fs.readFile('/out.wav');
  } catch (cause) {
    throw new TtsError('engine-failed', `espeak-ng wrote no audio${errors.length ? `: ${errors.join('; ')}` : ''}`, { cause });
  }
  return parseWav16(wav);
}
