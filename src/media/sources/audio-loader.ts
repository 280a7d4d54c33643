/**
 * `load(ref)`: a path, `file://` or `http(s)://` reference → 8 kHz 16-bit mono PCM, shared by every call of the
 * server (one loader per process). Layers, fastest first:
 *
 *   memory   decoded PCM, LRU bounded by bytes (`maxMemoryBytes`); a hit returns the same Int16Array
 *   flight   concurrent loads of one reference share one read/download and one decode (500 callers, one fetch)
 *   disk     URL downloads only, as the server sent them (`UrlDiskCache`), LRU bounded by `maxDiskBytes`
 *   origin   the file system (size-checked before reading) or HTTP (time- and size-limited, `httpFetch`)
 *
 * URLs are stale-while-revalidate: a copy older than `revalidateAfterMs` (default: never) still plays at once, and a
 * conditional GET runs behind it (`UrlLoader.revalidate`); callers never wait for a revalidation. A file reference is
 * keyed by path, mtime and size, so an edited file is decoded again.
 *
 * Decoding runs in slices with the event loop free between them (`pcm8k-accumulator.ts`). Failures are not cached
 * here: the player's FailureCache throttles retries, for URLs and speech alike.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import { AudioLoadError } from './audio-load-error.js';
import type { AudioRef } from './audio-ref.js';
import { parseAudioRef } from './audio-ref.js';
import { ByteLru } from './byte-lru.js';
import type { Yielder } from './pcm8k-accumulator.js';
import { UrlDiskCache } from './url-disk-cache.js';
import type { LoadedAudio } from './url-loader.js';
import { UrlLoader } from './url-loader.js';

export interface AudioLoaderOptions {
  readonly clock?: Clock;
  /** Directory of the download cache; without it downloads are kept in memory only (decoded). */
  readonly cacheDir?: string;
  /** Default 256 MiB. */
  readonly maxDiskBytes?: number;
  /** Decoded PCM kept in memory. Default 32 MiB (about 35 minutes of 8 kHz audio). */
  readonly maxMemoryBytes?: number;
  /** Largest file or download accepted. Default 32 MiB. */
  readonly maxBytes?: number;
  /** Time limit of one download, headers and body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Revalidate a cached URL (conditional GET, in the background) once it is this old. Default: never. */
  readonly revalidateAfterMs?: number;
  /** Base of relative paths. Default: the working directory. */
  readonly baseDir?: string;
  readonly fetchFn?: typeof fetch;
  readonly yieldFn?: Yielder;
  /** Disk-cache problems and failed revalidations; they never fail a load. */
  readonly onError?: (error: unknown) => void;
}

export interface AudioLoaderStats {
  readonly memoryHits: number;
  readonly joined: number;
  readonly fileReads: number;
  readonly diskHits: number;
  readonly downloads: number;
  readonly notModified: number;
  /** Revalidations that could not reach the server: the copy went on playing. */
  readonly staleServed: number;
  readonly memoryBytes: number;
}

export class AudioLoader {
  private readonly clock: Clock;
  private readonly memory: ByteLru<LoadedAudio>;
  private readonly flights = new Map<string, Promise<LoadedAudio>>();
  private readonly revalidating = new Set<string>();
  private readonly disk: UrlDiskCache | undefined;
  private readonly urls: UrlLoader;
  private readonly maxBytes: number;
  private readonly revalidateAfterMs: number;
  private counts = { memoryHits: 0, joined: 0, fileReads: 0 };

  constructor(private readonly options: AudioLoaderOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.memory = new ByteLru<LoadedAudio>(options.maxMemoryBytes ?? 32 * 2 ** 20, (d) => d.pcm.byteLength);
    this.maxBytes = options.maxBytes ?? 32 * 2 ** 20;
    this.revalidateAfterMs = options.revalidateAfterMs ?? Infinity;
    if (options.cacheDir) {
      this.disk = new UrlDiskCache(options.cacheDir, {
        clock: this.clock,
        ...(options.maxDiskBytes !== undefined ? { maxBytes: options.maxDiskBytes } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      });
    }
    this.urls = new UrlLoader({
      clock: this.clock,
      disk: this.disk,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBytes: this.maxBytes,
      fetchFn: options.fetchFn,
      yieldFn: options.yieldFn,
      onError: options.onError,
    });
  }

  stats(): AudioLoaderStats {
    return { ...this.counts, ...this.urls.counts, memoryBytes: this.memory.bytes };
  }

  /** The disk cache's size (entries and bytes), or undefined without one. */
  diskStats(): Promise<{ entries: number; bytes: number }> | undefined {
    return this.disk?.stats();
  }

  /** Forgets the decoded PCM kept in memory (the disk cache stays). */
  clearMemory(): void {
    this.memory.clear();
  }

  /** Resolves once no background revalidation is running (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.flights.size > 0) await Promise.allSettled([...this.flights.values()]);
  }

  /**
   * 8 kHz mono PCM of `ref`. Treat the result as read-only: it is shared. Rejects only with AudioLoadError. An abort
   * detaches this caller; a shared download goes on for the others (and for the cache), bounded by `timeoutMs`.
   */
  async load(ref: string, signal?: AbortSignal): Promise<Int16Array> {
    const parsed = parseAudioRef(ref, this.options.baseDir);
    const key = parsed.kind === 'file' ? await this.fileKey(parsed) : parsed.url;
    const hit = this.memory.get(key);
    if (hit) {
      this.counts.memoryHits++;
      if (parsed.kind === 'http') this.revalidateIfDue(key, parsed.url, ref, hit);
      return hit.pcm;
    }
    let flight = this.flights.get(key);
    if (flight && !this.revalidating.has(key)) this.counts.joined++;
    else if (!flight) {
      flight = parsed.kind === 'file' ? this.loadFile(parsed.path, ref) : this.urls.fetch(parsed.url, ref);
      this.track(key, flight);
      if (parsed.kind === 'http') {
        void flight.then((d) => this.revalidateIfDue(key, parsed.url, ref, d), () => undefined);
      }
    }
    return (await detachable(flight, signal, ref)).pcm;
  }

  private track(key: string, flight: Promise<LoadedAudio>): void {
    this.flights.set(key, flight);
    flight.then(
      (d) => this.memory.set(key, d),
      () => undefined,
    );
    void flight.finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      this.revalidating.delete(key);
    }).catch(() => undefined);
  }

  private revalidateIfDue(key: string, url: string, ref: string, current: LoadedAudio): void {
    if (this.clock.now() - current.validatedAt < this.revalidateAfterMs || this.flights.has(key)) return;
    const flight = this.urls.revalidate(url, ref, current).then((d) => {
      if (d) return d;
      this.memory.delete(key); // gone from the server: the next load fails with not-found
      throw new AudioLoadError('not-found', `${url} is gone`, { ref });
    });
    this.revalidating.add(key);
    this.track(key, flight);
  }

  private async fileKey(ref: Extract<AudioRef, { kind: 'file' }>): Promise<string> {
    let s;
    try {
      s = await stat(ref.path);
    } catch (e) {
      throw new AudioLoadError('not-found', `no file at ${ref.path}`, { ref: ref.ref, cause: e });
    }
    if (!s.isFile()) throw new AudioLoadError('not-found', `${ref.path} is not a file`, { ref: ref.ref });
    if (s.size > this.maxBytes) {
      throw new AudioLoadError('too-large', `${ref.path} is ${s.size} bytes, over the limit of ${this.maxBytes}`, { ref: ref.ref });
    }
    return `file:${ref.path}:${s.mtimeMs}:${s.size}`;
  }

  private async loadFile(path: string, ref: string): Promise<LoadedAudio> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw new AudioLoadError('not-found', `cannot read ${path}`, { ref, cause: e });
    }
    this.counts.fileReads++;
    return { pcm: await this.urls.decode(bytes, path, ref), validatedAt: this.clock.now() };
  }
}

/** Waits for a shared promise; an abort rejects this waiter only. */
function detachable<T>(promise: Promise<T>, signal: AbortSignal | undefined, ref: string): Promise<T> {
  const aborted = (): AudioLoadError => new AudioLoadError('aborted', `loading ${ref} aborted`, { ref });
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** One-off load with a fresh loader (no memory shared between calls); the server uses one {@link AudioLoader}. */
export function loadAudio(ref: string, options: AudioLoaderOptions = {}): Promise<Int16Array> {
  return new AudioLoader(options).load(ref);
}
