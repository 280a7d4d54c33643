/**
 * The HTTP half of the {@link AudioLoader}: a URL → decoded 8 kHz PCM through the disk cache, and revalidation of a
 * copy that has grown older than `revalidateAfterMs` (stale-while-revalidate: the caller plays the copy it has at
 * once; this conditional GET runs behind it).
 *
 *   fetch(url)       disk copy (fresh or stale: it plays now; a stale one is revalidated afterwards) or download
 *   revalidate(url)  If-None-Match / If-Modified-Since → 304: the copy is valid again; 200: the new file replaces it;
 *                    404/410: the copy is dropped; network error, timeout or 5xx: the copy stays valid for another
 *                    period (a hold-music server that is down must not silence every queue, nor be asked on every call)
 */
import type { Clock } from '../../lib/clock.js';
import { asAudioLoadError } from './audio-load-error.js';
import { decodeAudio } from './decode-audio.js';
import { httpFetch } from './http-fetch.js';
import type { Yielder } from './pcm8k-accumulator.js';
import type { CachedDownload, UrlDiskCache } from './url-disk-cache.js';

/** Decoded audio and what is needed to revalidate it. */
export interface LoadedAudio {
  readonly pcm: Int16Array;
  /** Clock time the copy was last known good (downloaded, or confirmed by a 304). */
  readonly validatedAt: number;
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

export interface UrlLoaderSettings {
  readonly clock: Clock;
  readonly disk: UrlDiskCache | undefined;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly fetchFn?: typeof fetch | undefined;
  readonly yieldFn?: Yielder | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
}

export interface UrlLoaderCounts {
  diskHits: number;
  downloads: number;
  notModified: number;
  staleServed: number;
}

export class UrlLoader {
  readonly counts: UrlLoaderCounts = { diskHits: 0, downloads: 0, notModified: 0, staleServed: 0 };

  constructor(private readonly s: UrlLoaderSettings) {}

  /** The disk copy if there is one (whatever its age), else a download. Rejects only with AudioLoadError. */
  async fetch(url: string, ref: string): Promise<LoadedAudio> {
    const cached = await this.s.disk?.get(url);
    if (cached) {
      this.counts.diskHits++;
      return { ...cached.meta, pcm: await this.decodeCopy(cached, ref) };
    }
    const result = await this.get(url, undefined);
    if (result.status === 'not-modified') throw new Error('unreachable: an unconditional GET got 304');
    return this.store(url, ref, result);
  }

  /** Asks the server whether `current` is still good; returns the audio to keep, or undefined when it is gone. */
  async revalidate(url: string, ref: string, current: LoadedAudio): Promise<LoadedAudio | undefined> {
    const now = this.s.clock.now();
    let result;
    try {
      result = await this.get(url, current);
    } catch (e) {
      const error = asAudioLoadError(e, 'network', ref);
      if (error.reason === 'not-found') {
        this.s.onError?.(error);
        await this.s.disk?.delete(url);
        return undefined;
      }
      this.counts.staleServed++;
      this.s.onError?.(error);
      return { ...current, validatedAt: now };
    }
    if (result.status === 'not-modified') {
      this.counts.notModified++;
      const cached = await this.s.disk?.get(url);
      if (cached) await this.s.disk?.revalidated(cached, now);
      return { ...current, validatedAt: now };
    }
    try {
      return await this.store(url, ref, result);
    } catch (e) {
      this.s.onError?.(e); // the new file does not decode: keep playing the old one
      return { ...current, validatedAt: now };
    }
  }

  private get(url: string, validators: LoadedAudio | undefined): ReturnType<typeof httpFetch> {
    return httpFetch(url, {
      clock: this.s.clock,
      timeoutMs: this.s.timeoutMs,
      maxBytes: this.s.maxBytes,
      etag: validators?.etag,
      lastModified: validators?.lastModified,
      ...(this.s.fetchFn ? { fetchFn: this.s.fetchFn } : {}),
    });
  }

  /** Decodes a download, then keeps it on disk (only audio that decodes is cached). */
  private async store(url: string, ref: string, result: Extract<Awaited<ReturnType<typeof httpFetch>>, { status: 'ok' }>): Promise<LoadedAudio> {
    this.counts.downloads++;
    const pcm = await this.decode(result.bytes, `${result.contentType ?? ''} ${url}`, ref);
    const now = this.s.clock.now();
    const meta = { etag: result.etag, lastModified: result.lastModified, validatedAt: now };
    await this.s.disk?.put(url, result.bytes, { url, ...meta, contentType: result.contentType, fetchedAt: now });
    return { pcm, ...meta };
  }

  private decodeCopy(copy: CachedDownload, ref: string): Promise<Int16Array> {
    return this.decode(copy.bytes, `${copy.meta.contentType ?? ''} ${copy.meta.url}`, ref);
  }

  async decode(bytes: Uint8Array, hint: string, ref: string): Promise<Int16Array> {
    try {
      return await decodeAudio(bytes, hint, this.s.yieldFn ? { yieldFn: this.s.yieldFn } : {});
    } catch (e) {
      throw asAudioLoadError(e, 'decode-failed', ref);
    }
  }
}
