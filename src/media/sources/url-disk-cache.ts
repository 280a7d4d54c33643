/**
 * Downloaded audio files on disk, so a URL is fetched once per server and not once per call, and survives restarts.
 *
 * - One file per URL, `<sha256(url)>.audio`: the magic "HLA1", a 32-bit little-endian length, that many bytes of
 *   JSON metadata (URL, ETag, Last-Modified, content type, when it was fetched and last validated), then the bytes
 *   exactly as the server sent them. Written to a temporary name and renamed, so a crash never leaves half a file.
 * - The total size is capped (`maxBytes`). Over the cap, least recently used files go first, down to 90 % of it.
 *   Use order is kept in memory and mirrored in each file's mtime (set from the injected Clock on every hit), so a
 *   restarted server indexes the directory and keeps evicting in the same order.
 * - A failing disk (full, read-only, removed) only costs speed: `onError` hears of it and the URL is fetched again.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../lib/clock.js';

export interface DownloadMeta {
  readonly url: string;
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
  readonly contentType?: string | undefined;
  /** Clock time of the download and of the last successful validation (a 200 or a 304). */
  readonly fetchedAt: number;
  readonly validatedAt: number;
}

export interface CachedDownload {
  readonly meta: DownloadMeta;
  readonly bytes: Uint8Array;
}

export interface UrlDiskCacheOptions {
  readonly clock: Clock;
  /** Bytes on disk at most (default 256 MiB). */
  readonly maxBytes?: number;
  readonly onError?: (error: unknown) => void;
}

const MAGIC = 'HLA1';
const FILE = /^([0-9a-f]{64})\.audio$/;

export class UrlDiskCache {
  readonly maxBytes: number;
  /** key → size, in least-recently-used-first order. */
  private readonly index = new Map<string, number>();
  private total = 0;
  private ready: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly options: UrlDiskCacheOptions,
  ) {
    this.maxBytes = options.maxBytes ?? 256 * 2 ** 20;
  }

  keyOf(url: string): string {
    return createHash('sha256').update(url).digest('hex');
  }

  /** Files and bytes currently indexed. */
  async stats(): Promise<{ entries: number; bytes: number }> {
    await this.prepare().catch(() => undefined);
    return { entries: this.index.size, bytes: this.total };
  }

  /** The cached copy of `url`, now the most recently used; undefined when absent or unreadable. */
  async get(url: string): Promise<CachedDownload | undefined> {
    try {
      await this.prepare();
      const key = this.keyOf(url);
      if (!this.index.has(key)) return undefined;
      let file: Buffer;
      try {
        file = await readFile(this.pathOf(key));
      } catch {
        this.forget(key); // removed behind our back
        return undefined;
      }
      const parsed = decode(file);
      if (!parsed || parsed.meta.url !== url) {
        await this.remove(key);
        return undefined;
      }
      await this.touch(key);
      return parsed;
    } catch (e) {
      this.options.onError?.(e);
      return undefined;
    }
  }

  /** Stores (or replaces) the copy of `url`, then evicts over the cap. A file larger than the cap is not stored. */
  async put(url: string, bytes: Uint8Array, meta: DownloadMeta): Promise<void> {
    try {
      await this.prepare();
      const key = this.keyOf(url);
      const file = encode(meta, bytes);
      if (file.byteLength > this.maxBytes) return;
      const path = this.pathOf(key);
      const tmp = `${path}.${process.pid}.${this.options.clock.now()}.tmp`;
      await writeFile(tmp, file);
      await rename(tmp, path);
      this.forget(key);
      this.index.set(key, file.byteLength);
      this.total += file.byteLength;
      await this.touch(key);
      await this.evict();
    } catch (e) {
      this.options.onError?.(e);
    }
  }

  /** Removes the copy of `url` (the server says it is gone). */
  async delete(url: string): Promise<void> {
    try {
      await this.prepare();
      await this.remove(this.keyOf(url));
    } catch (e) {
      this.options.onError?.(e);
    }
  }

  /** Rewrites the metadata after a 304 (new validation time, maybe new validators); keeps the bytes. */
  async revalidated(entry: CachedDownload, validatedAt: number): Promise<void> {
    await this.put(entry.meta.url, entry.bytes, { ...entry.meta, validatedAt });
  }

  private pathOf(key: string): string {
    return join(this.dir, `${key}.audio`);
  }

  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const found: { key: string; size: number; mtime: number }[] = [];
      for (const name of await readdir(this.dir)) {
        const m = FILE.exec(name);
        const s = m ? await stat(join(this.dir, name)).catch(() => undefined) : undefined;
        if (m && s?.isFile()) found.push({ key: m[1]!, size: s.size, mtime: s.mtimeMs });
      }
      found.sort((a, b) => a.mtime - b.mtime);
      for (const f of found) {
        this.index.set(f.key, f.size);
        this.total += f.size;
      }
    })().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async touch(key: string): Promise<void> {
    const size = this.index.get(key);
    if (size === undefined) return;
    this.index.delete(key);
    this.index.set(key, size);
    const when = new Date(this.options.clock.now());
    await utimes(this.pathOf(key), when, when).catch(() => undefined);
  }

  private forget(key: string): void {
    const size = this.index.get(key);
    if (size === undefined) return;
    this.index.delete(key);
    this.total -= size;
  }

  private async remove(key: string): Promise<void> {
    this.forget(key);
    await unlink(this.pathOf(key)).catch(() => undefined);
  }

  private async evict(): Promise<void> {
    if (this.total <= this.maxBytes) return;
    const target = this.maxBytes * 0.9;
    for (const key of [...this.index.keys()]) {
      if (this.total <= target) break;
      await this.remove(key);
    }
  }
}

function encode(meta: DownloadMeta, bytes: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const out = new Uint8Array(8 + json.byteLength + bytes.byteLength);
  out.set(Buffer.from(MAGIC, 'latin1'));
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  out.set(bytes, 8 + json.byteLength);
  return out;
}

function decode(file: Uint8Array): CachedDownload | undefined {
  if (file.byteLength < 8 || Buffer.from(file.subarray(0, 4)).toString('latin1') !== MAGIC) return undefined;
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(4, true);
  if (8 + length > file.byteLength) return undefined;
  try {
    const meta = JSON.parse(Buffer.from(file.subarray(8, 8 + length)).toString('utf8')) as DownloadMeta;
    if (typeof meta.url !== 'string' || typeof meta.validatedAt !== 'number') return undefined;
    return { meta, bytes: new Uint8Array(file.buffer, file.byteOffset + 8 + length, file.byteLength - 8 - length) };
  } catch {
    return undefined;
  }
}
