/**
 * A cache in front of any {@link TtsEngine}: queue prompts repeat ("you are number 3", "less than 4 minutes"), so
 * after warm-up nearly every `say` is a lookup instead of a synthesis.
 *
 * - Key: SHA-256 of (engine id, voice, text). The engine id names the engine and its configuration, so switching
 *   engines or voices never serves stale audio.
 * - Memory: an LRU bounded by the total bytes of samples (`maxMemoryBytes`).
 * - Disk (optional, `dir`): one raw file per phrase, `<key>.<rate>.s16le` (headerless 16-bit little-endian mono; the
 *   name carries the rate), written atomically (temp file + rename). Total size is capped (`maxDiskBytes`); the least
 *   recently used files go first, by mtime, which every disk hit refreshes. A disk that fails (full, read-only) only
 *   costs speed: the error is reported to `onError` and the phrase is synthesized.
 * - Single flight: concurrent requests for one key share one synthesis. The shared synthesis is aborted only when
 *   every caller waiting for it has aborted.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { SynthesizedAudio, TtsEngine, VoiceId } from './tts-engine.js';
import { abortError, TtsError } from './tts-error.js';

export interface CachingTtsOptions {
  /** Bytes of samples kept in memory at most. Default 64 MiB (about 25 minutes of 22 kHz speech). */
  readonly maxMemoryBytes?: number;
  /** Directory for the disk cache; none when absent. Created if missing. */
  readonly dir?: string;
  /** Bytes on disk at most. Default 512 MiB. */
  readonly maxDiskBytes?: number;
  /** Disk-cache failures (they never fail a synthesis). */
  readonly onError?: (error: unknown) => void;
}

export interface CacheStats {
  readonly diskEntries: number;
  readonly diskBytes: number;
  readonly memoryHits: number;
  readonly diskHits: number;
  readonly misses: number;
  /** Requests that joined a synthesis already in flight for the same key. */
  readonly joined: number;
  readonly memoryEntries: number;
  readonly memoryBytes: number;
}

interface Flight {
  readonly promise: Promise<SynthesizedAudio>;
  readonly controller: AbortController;
  waiters: number;
}

const FILE = /^([0-9a-f]{64})\.(\d+)\.s16le$/;

export class CachingTts implements TtsEngine {
  readonly id: string;
  private readonly memory = new Map<string, SynthesizedAudio>();
  private memoryBytes = 0;
  private readonly flights = new Map<string, Flight>();
  private readonly maxMemoryBytes: number;
  private readonly maxDiskBytes: number;
  private diskReady: Promise<void> | undefined;
  /** key → file name and size of every phrase on disk (built from the directory once, then kept in step). */
  private readonly diskIndex = new Map<string, { name: string; size: number }>();
  private memoryHits = 0;
  private diskHits = 0;
  private misses = 0;
  private joined = 0;

  constructor(
    private readonly engine: TtsEngine,
    private readonly options: CachingTtsOptions = {},
  ) {
    this.id = engine.id;
    this.maxMemoryBytes = options.maxMemoryBytes ?? 64 * 2 ** 20;
    this.maxDiskBytes = options.maxDiskBytes ?? 512 * 2 ** 20;
    if (endianness() !== 'LE' && options.dir) throw new Error('the TTS disk cache stores little-endian samples: unsupported on this host');
  }

  /** The cache key of a phrase (hex SHA-256 of engine id, voice and text). */
  keyOf(text: string, voice: VoiceId): string {
    return createHash('sha256').update(this.engine.id).update('\0').update(voice).update('\0').update(text).digest('hex');
  }

  async synthesize(text: string, voice: VoiceId, signal?: AbortSignal): Promise<SynthesizedAudio> {
    if (signal?.aborted) throw abortError(signal);
    const key = this.keyOf(text, voice);
    const hit = this.memory.get(key);
    if (hit) {
      this.memoryHits++;
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    let flight = this.flights.get(key);
    if (flight) this.joined++;
    else flight = this.startFlight(key, text, voice);
    return this.wait(flight, signal);
  }

  stats(): CacheStats {
    return {
      memoryHits: this.memoryHits,
      diskHits: this.diskHits,
      misses: this.misses,
      joined: this.joined,
      memoryEntries: this.memory.size,
      memoryBytes: this.memoryBytes,
      diskEntries: this.diskIndex.size,
      diskBytes: this.diskBytes(),
    };
  }

  /** Empties the memory cache (the disk cache stays). */
  clearMemory(): void {
    this.memory.clear();
    this.memoryBytes = 0;
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  private startFlight(key: string, text: string, voice: VoiceId): Flight {
    const controller = new AbortController();
    const promise = (async () => {
      try {
        const fromDisk = await this.readDisk(key);
        if (fromDisk) {
          this.diskHits++;
          this.remember(key, fromDisk);
          return fromDisk;
        }
        this.misses++;
        const audio = await this.engine.synthesize(text, voice, controller.signal);
        this.remember(key, audio);
        await this.writeDisk(key, audio);
        return audio;
      } finally {
        this.flights.delete(key);
      }
    })();
    const flight: Flight = { promise, controller, waiters: 0 };
    this.flights.set(key, flight);
    return flight;
  }

  /** Waits for a shared flight; this caller's abort detaches only this caller, the last one aborts the flight. */
  private wait(flight: Flight, signal?: AbortSignal): Promise<SynthesizedAudio> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<SynthesizedAudio>((resolve, reject) => {
      let done = false;
      const onAbort = (): void => {
        if (done) return;
        done = true;
        if (--flight.waiters === 0) flight.controller.abort(abortError(signal));
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (audio) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) resolve(audio);
          done = true;
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) reject(e instanceof TtsError ? e : new TtsError('engine-failed', String(e), { cause: e }));
          done = true;
        },
      );
    });
  }

  private remember(key: string, audio: SynthesizedAudio): void {
    const bytes = audio.samples.byteLength;
    if (bytes > this.maxMemoryBytes) return;
    const old = this.memory.get(key);
    if (old) this.memoryBytes -= old.samples.byteLength;
    this.memory.delete(key);
    this.memory.set(key, audio);
    this.memoryBytes += bytes;
    for (const [k, v] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.memory.delete(k);
      this.memoryBytes -= v.samples.byteLength;
    }
  }

  // ---- disk -------------------------------------------------------------------------------------------------------

  /** Creates the directory and indexes the files already there (once). */
  private prepareDisk(dir: string): Promise<void> {
    this.diskReady ??= (async () => {
      await mkdir(dir, { recursive: true });
      this.diskIndex.clear();
      for (const name of await readdir(dir)) {
        const m = FILE.exec(name);
        const s = m ? await stat(join(dir, name)).catch(() => undefined) : undefined;
        if (m && s) this.diskIndex.set(m[1]!, { name, size: s.size });
      }
    })().catch((e: unknown) => {
      this.diskReady = undefined;
      throw e;
    });
    return this.diskReady;
  }

  private diskBytes(): number {
    let total = 0;
    for (const f of this.diskIndex.values()) total += f.size;
    return total;
  }

  private async readDisk(key: string): Promise<SynthesizedAudio | undefined> {
    const dir = this.options.dir;
    if (!dir) return undefined;
    try {
      await this.prepareDisk(dir);
      const entry = this.diskIndex.get(key);
      if (!entry) return undefined;
      const path = join(dir, entry.name);
      let data: Buffer;
      try {
        data = await readFile(path);
      } catch {
        this.diskIndex.delete(key); // evicted by another process sharing the directory
        return undefined;
      }
      const now = new Date();
      await utimes(path, now, now);
      const sampleRate = Number(FILE.exec(entry.name)![2]);
      const samples = new Int16Array(data.byteLength >> 1);
      new Uint8Array(samples.buffer).set(data.subarray(0, samples.byteLength));
      return { sampleRate, samples };
    } catch (e) {
      this.options.onError?.(e);
      return undefined;
    }
  }

  private async writeDisk(key: string, audio: SynthesizedAudio): Promise<void> {
    const dir = this.options.dir;
    if (!dir) return;
    try {
      await this.prepareDisk(dir);
      const name = `${key}.${audio.sampleRate}.s16le`;
      const tmp = join(dir, `.${name}.${process.pid}.tmp`);
      const bytes = new Uint8Array(audio.samples.buffer, audio.samples.byteOffset, audio.samples.byteLength);
      await writeFile(tmp, bytes);
      await rename(tmp, join(dir, name));
      this.diskIndex.set(key, { name, size: bytes.byteLength });
      if (this.diskBytes() > this.maxDiskBytes) await this.evictDisk(dir);
    } catch (e) {
      this.options.onError?.(e);
    }
  }

  /** Deletes least recently used files (oldest mtime first) until the total is under 90 % of the cap. */
  private async evictDisk(dir: string): Promise<void> {
    const files: { key: string; path: string; size: number; mtime: number }[] = [];
    for (const [key, { name }] of this.diskIndex) {
      const path = join(dir, name);
      const s = await stat(path).catch(() => undefined);
      if (s) files.push({ key, path, size: s.size, mtime: s.mtimeMs });
      else this.diskIndex.delete(key);
    }
    files.sort((a, b) => a.mtime - b.mtime);
    let total = files.reduce((sum, f) => sum + f.size, 0);
    const target = this.maxDiskBytes * 0.9;
    for (const f of files) {
      if (total <= target) break;
      await unlink(f.path).catch(() => undefined);
      this.diskIndex.delete(f.key);
      total -= f.size;
    }
  }
}
