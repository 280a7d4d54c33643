import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { ByteLru } from './byte-lru.js';
import type { DownloadMeta } from './url-disk-cache.js';
import { UrlDiskCache } from './url-disk-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'holdless-urlcache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meta = (url: string, at: number): DownloadMeta => ({ url, etag: '"e"', fetchedAt: at, validatedAt: at });
const body = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);

describe('UrlDiskCache', () => {
  it('stores bytes with their metadata and reads them back, across instances', async () => {
    const clock = new FakeClock();
    const cache = new UrlDiskCache(dir, { clock });
    await cache.put('http://a/x.wav', body(1000, 7), { ...meta('http://a/x.wav', 5), contentType: 'audio/wav' });
    const again = await new UrlDiskCache(dir, { clock }).get('http://a/x.wav');
    expect(again?.bytes).toEqual(body(1000, 7));
    expect(again?.meta).toMatchObject({ url: 'http://a/x.wav', etag: '"e"', contentType: 'audio/wav', validatedAt: 5 });
    expect(await cache.get('http://a/other.wav')).toBeUndefined();
    expect((await readdir(dir)).every((n) => /^[0-9a-f]{64}\.audio$/.test(n))).toBe(true);
  });

  it('evicts least recently used files over the cap, down to 90 % of it', async () => {
    const clock = new FakeClock();
    const cache = new UrlDiskCache(dir, { clock, maxBytes: 4000 });
    for (const n of ['a', 'b', 'c']) {
      await cache.put(`http://h/${n}`, body(1000), meta(`http://h/${n}`, 0));
      clock.advance(1000);
    }
    await cache.get('http://h/a'); // a is used again: b is now the oldest
    clock.advance(1000);
    await cache.put('http://h/d', body(1000), meta('http://h/d', 0));
    expect(await cache.get('http://h/b')).toBeUndefined();
    for (const n of ['a', 'c', 'd']) expect(await cache.get(`http://h/${n}`), n).toBeDefined();
    expect((await cache.stats()).bytes).toBeLessThanOrEqual(4000 * 0.9);
  });

  it('a restarted cache keeps the use order (from the mtimes it set) and evicts in it', async () => {
    const clock = new FakeClock();
    const first = new UrlDiskCache(dir, { clock, maxBytes: 100_000 });
    for (const n of ['a', 'b', 'c']) {
      await first.put(`http://h/${n}`, body(1000), meta(`http://h/${n}`, 0));
      clock.advance(1000);
    }
    await first.get('http://h/a');
    clock.advance(1000);
    const second = new UrlDiskCache(dir, { clock, maxBytes: 4000 });
    expect(await second.stats()).toMatchObject({ entries: 3 });
    await second.put('http://h/d', body(1000), meta('http://h/d', 0));
    expect(await second.get('http://h/b')).toBeUndefined();
    expect(await second.get('http://h/a')).toBeDefined();
  });

  it('a file larger than the whole cap is not stored', async () => {
    const cache = new UrlDiskCache(dir, { clock: new FakeClock(), maxBytes: 500 });
    await cache.put('http://h/big', body(1000), meta('http://h/big', 0));
    expect(await cache.stats()).toEqual({ entries: 0, bytes: 0 });
  });

  it('ignores and removes a corrupt file', async () => {
    const clock = new FakeClock();
    const cache = new UrlDiskCache(dir, { clock });
    await writeFile(join(dir, `${cache.keyOf('http://h/x')}.audio`), 'garbage');
    expect(await cache.get('http://h/x')).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a cache directory that stops being writable after start only reports errors', async () => {
    // Replacing the directory by a plain file makes every write fail, for root too (a read-only mode would not).
    const errors: unknown[] = [];
    const cacheDir = join(dir, 'cache');
    await mkdir(cacheDir);
    const cache = new UrlDiskCache(cacheDir, { clock: new FakeClock(), onError: (e) => errors.push(e) });
    await cache.stats();
    await rm(cacheDir, { recursive: true });
    await writeFile(cacheDir, 'not a directory');
    await cache.put('http://h/x', body(10), meta('http://h/x', 0));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(await cache.get('http://h/x')).toBeUndefined();
  });

  it('a cache directory that cannot be created only reports errors', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const errors: unknown[] = [];
    const cache = new UrlDiskCache(join(dir, 'file', 'sub'), { clock: new FakeClock(), onError: (e) => errors.push(e) });
    await cache.put('http://h/x', body(10), meta('http://h/x', 0));
    expect(await cache.get('http://h/x')).toBeUndefined();
    expect(errors.length).toBe(2);
  });
});

describe('ByteLru', () => {
  it('evicts the least recently used values by total size; an oversized value is not kept', () => {
    const lru = new ByteLru<Uint8Array>(10, (v) => v.byteLength);
    lru.set('a', body(4));
    lru.set('b', body(4));
    lru.get('a');
    lru.set('c', body(4));
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBeDefined();
    expect(lru.bytes).toBe(8);
    lru.set('huge', body(11));
    expect(lru.get('huge')).toBeUndefined();
    lru.set('a', body(2));
    expect(lru.bytes).toBe(6);
    lru.clear();
    expect(lru.size).toBe(0);
  });
});
