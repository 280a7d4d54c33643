/**
 * A speech engine that runs an external synthesizer per phrase: Piper, RHVoice, the Debian `espeak-ng` binary, or any
 * program that reads text on stdin and writes a 16-bit PCM WAV file.
 *
 *   command: /usr/bin/espeak-ng        args: ['-v', '{voice}', '-w', '{out}', '--stdin']
 *   command: /opt/piper/piper          args: ['--model', '{voice}', '--output_file', '{out}']
 *   command: /usr/bin/RHVoice-test     args: ['-p', '{voice}', '-o', '{out}']
 *
 * `{voice}` becomes the engine voice and `{out}` a fresh temporary file path; without `{out}` the WAV is read from the
 * program's stdout. No shell is involved: arguments go to the program as they are, and the text never appears on the
 * command line. A voice must not start with `-`, so it cannot pass for an option. Each run has a time limit; a run
 * over it is killed (SIGKILL, by PID) and rejected with 'timeout'.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { isEspeakVoice } from './espeak-voices.js';
import type { SynthesizedAudio, TtsEngine, VoiceId } from './tts-engine.js';
import { abortError, TtsError } from './tts-error.js';
import { parseWav16 } from './wav.js';

export interface CommandEngineOptions {
  /** The program (an absolute path is best: no PATH lookup surprises). */
  readonly command: string;
  /** Its arguments; `{voice}` and `{out}` are replaced in every argument. */
  readonly args: readonly string[];
  /** Identity for caches. Default: the command line with placeholders. Change it when the voices' sound changes. */
  readonly id?: string;
  /** Time limit of one run. Default 15,000 ms. */
  readonly timeoutMs?: number;
  /** Longest text in characters. Default 1,000. */
  readonly maxTextLength?: number;
  /** Processes at once. Default 2. */
  readonly maxConcurrent?: number;
  /** Runs waiting for a process slot at most; more are rejected with 'queue-full'. Default 64. */
  readonly maxQueue?: number;
  /** Accepts or rejects a voice before running (default: any name of letters, digits, `_ . + : / -`). */
  readonly isVoice?: (voice: VoiceId) => boolean;
  /** stderr that means "no such voice" (then the error is 'unknown-voice', not 'engine-failed'). */
  readonly unknownVoicePattern?: RegExp;
  /** Environment of the child (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Parent of the per-run temporary directories. Default: the OS temp directory. */
  readonly tmpDir?: string;
  readonly clock?: Clock;
}

const SAFE_VOICE = /^[A-Za-z0-9_][A-Za-z0-9_.+:/-]*$/;
const STDERR_KEEP = 2048;

export class CommandEngine implements TtsEngine {
  readonly id: string;
  private readonly limit: ConcurrencyLimit;
  private readonly clock: Clock;
  /** Running programs, each with the function that kills it and fails its synthesis. */
  private readonly running = new Map<ChildProcess, (e: TtsError) => void>();
  private closed = false;

  /** The Debian/Ubuntu `espeak-ng` binary (22,050 Hz mono output, the same voices as the WASM engine). */
  static espeakNg(command = '/usr/bin/espeak-ng', options: Partial<CommandEngineOptions> = {}): CommandEngine {
    return new CommandEngine({
      command,
      args: ['-v', '{voice}', '-w', '{out}', '--stdin'],
      id: `espeak-ng-cli:${command}`,
      isVoice: isEspeakVoice,
      unknownVoicePattern: /voice does not exist/i,
      ...options,
    });
  }

  constructor(private readonly options: CommandEngineOptions) {
    this.id = options.id ?? `command:${[options.command, ...options.args].join(' ')}`;
    this.limit = new ConcurrencyLimit(options.maxConcurrent ?? 2, options.maxQueue ?? 64, `tts command ${options.command}`);
    this.clock = options.clock ?? systemClock;
  }

  async synthesize(text: string, voice: VoiceId, signal?: AbortSignal): Promise<SynthesizedAudio> {
    if (this.closed) throw new TtsError('engine-failed', 'command engine is closed');
    if (signal?.aborted) throw abortError(signal);
    const max = this.options.maxTextLength ?? 1000;
    if (text.length > max) {
      throw new TtsError('text-too-long', `text of ${text.length} characters exceeds the limit of ${max}`, { limit: max });
    }
    const acceptable = SAFE_VOICE.test(voice) && (this.options.isVoice?.(voice) ?? true);
    if (!acceptable) throw new TtsError('unknown-voice', `the TTS command does not accept voice '${voice}'`, { knownVoices: [] });
    return this.limit.run(() => this.runOnce(text, voice, signal), signal);
  }

  /** Kills running programs (by PID) and fails waiting and later syntheses with 'engine-failed'. */
  close(): Promise<void> {
    this.closed = true;
    const closed = (): TtsError => new TtsError('engine-failed', 'command engine closed');
    this.limit.rejectWaiting(closed());
    for (const fail of this.running.values()) fail(closed());
    return Promise.resolve();
  }

  private async runOnce(text: string, voice: VoiceId, signal?: AbortSignal): Promise<SynthesizedAudio> {
    if (this.closed) throw new TtsError('engine-failed', 'command engine closed');
    const dir = await mkdtemp(join(this.options.tmpDir ?? tmpdir(), 'holdless-tts-'));
    try {
      const out = join(dir, 'out.wav');
      const toFile = this.options.args.some((a) => a.includes('{out}'));
      const args = this.options.args.map((a) => a.replaceAll('{voice}', voice).replaceAll('{out}', out));
      const stdout = await this.exec(args, text, toFile, signal);
      return parseWav16(toFile ? await readFile(out).catch(() => this.noOutput(out)) : stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private noOutput(out: string): never {
    throw new TtsError('engine-failed', `the TTS command exited without writing ${out}`);
  }

  /** Runs the program to its end; resolves with stdout (when it is the audio), rejects with a TtsError. */
  private exec(args: string[], text: string, toFile: boolean, signal?: AbortSignal): Promise<Uint8Array> {
    const { command } = this.options;
    return new Promise<Uint8Array>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['pipe', toFile ? 'ignore' : 'pipe', 'pipe'], env: this.options.env ?? process.env });
      const chunks: Buffer[] = [];
      let stderr = '';
      let failure: TtsError | undefined;
      const fail = (e: TtsError): void => {
        failure ??= e;
        child.kill('SIGKILL');
      };
      this.running.set(child, fail);
      const timer = this.clock.setTimeout(
        () => fail(new TtsError('timeout', `the TTS command took over ${this.options.timeoutMs ?? 15_000} ms and was killed`)),
        this.options.timeoutMs ?? 15_000,
      );
      const onAbort = (): void => fail(abortError(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout?.on('data', (c: Buffer) => chunks.push(c));
      child.stderr?.on('data', (c: Buffer) => {
        stderr = (stderr + c.toString('utf8')).slice(-STDERR_KEEP);
      });
      // A program that exits before reading all its input makes our write fail with EPIPE; its exit status tells more.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(`${text}\n`, 'utf8');

      child.on('error', (cause) => fail(new TtsError('engine-failed', `cannot run the TTS command ${command}: ${cause.message}`, { cause })));
      child.on('close', (code, sig) => {
        this.running.delete(child);
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (failure) return reject(failure);
        if (code === 0) return resolve(Buffer.concat(chunks));
        const detail = stderr.trim() ? `: ${stderr.trim()}` : '';
        if (this.options.unknownVoicePattern?.test(stderr)) return reject(new TtsError('unknown-voice', `the TTS command has no such voice${detail}`));
        reject(new TtsError('engine-failed', `the TTS command ${command} failed (${sig ?? `exit code ${code}`})${detail}`));
      });
    });
  }
}
