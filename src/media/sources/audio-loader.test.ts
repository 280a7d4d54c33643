import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { writeWav } from '../audio/wav-writer.js';
import { AudioLoadError } from './audio-load-error.js';
import { AudioLoader, loadAudio } from './audio-loader.js';
import { parseAudioRef } from './audio-ref.js';
import { mp3Fixture, ramp, sineWav } from './fixtures.test-support.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'holdless-loader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reason(p: Promise<unknown>): Promise<string> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AudioLoadError);
  return (e as AudioLoadError).reason;
}

describe('parseAudioRef', () => {
  it('accepts paths, file:// and http(s):// URLs, nothing else', () => {
    expect(parseAudioRef('/srv/a.wav')).toMatchObject({ kind: 'file', path: '/srv/a.wav' });
    expect(parseAudioRef('prompts/a.wav', '/srv')).toMatchObject({ kind: 'file', path: '/srv/prompts/a.wav' });
    expect(parseAudioRef('file:///srv/a%20b.wav')).toMatchObject({ kind: 'file', path: '/srv/a b.wav' });
    expect(parseAudioRef('HTTPS://Example.com/a.mp3')).toMatchObject({ kind: 'http', url: 'https://example.com/a.mp3' });
    for (const bad of ['', '  ', 'ftp://x/a.wav', 'data:audio/wav;base64,AA', 'http://', 'file://host/x']) {
      expect(() => parseAudioRef(bad), bad).toThrow(AudioLoadError);
    }
  });
});

describe('AudioLoader: files', () => {
  it('loads a WAV by path, by relative path and by file:// URL', async () => {
    await writeFile(join(dir, 'a.wav'), sineWav(440, 0.5, 16_000));
    const loader = new AudioLoader({ baseDir: dir });
    expect((await loader.load(join(dir, 'a.wav'))).length).toBe(4000);
    expect((await loader.load('a.wav')).length).toBe(4000);
    expect((await loader.load(pathToFileURL(join(dir, 'a.wav')).href)).length).toBe(4000);
    expect(loader.stats().fileReads).toBe(1); // one file, one key: the others were memory hits
  });

  it('loads an MP3 file', async () => {
    await writeFile(join(dir, 'tone.mp3'), mp3Fixture('tone-1k-44100-stereo.mp3'));
    expect(Math.abs((await loadAudio(join(dir, 'tone.mp3'))).length - 8000)).toBeLessThan(240);
  });

  it('keeps the decoded PCM in memory and returns the same array; an edited file is read again', async () => {
    const path = join(dir, 'a.wav');
    await writeFile(path, writeWav(ramp(800), 8000));
    const loader = new AudioLoader();
    const first = await loader.load(path);
    expect(await loader.load(path)).toBe(first);
    expect(loader.stats()).toMatchObject({ fileReads: 1, memoryHits: 1 });
    await writeFile(path, writeWav(ramp(1600), 8000));
    expect((await loader.load(path)).length).toBe(1600);
    expect(loader.stats().fileReads).toBe(2);
  });

  it('concurrent loads of one file share one read and one decode', async () => {
    await writeFile(join(dir, 'a.wav'), sineWav(440, 1, 44_100));
    const loader = new AudioLoader({ baseDir: dir });
    const all = await Promise.all(Array.from({ length: 20 }, () => loader.load('a.wav')));
    expect(new Set(all).size).toBe(1);
    expect(loader.stats()).toMatchObject({ fileReads: 1, joined: 19 });
  });

  it('the memory cache is bounded by bytes (LRU)', async () => {
    for (const n of ['a', 'b', 'c']) await writeFile(join(dir, `${n}.wav`), writeWav(ramp(8000), 8000)); // 16 kB each
    const loader = new AudioLoader({ baseDir: dir, maxMemoryBytes: 40_000 });
    await loader.load('a.wav');
    await loader.load('b.wav');
    await loader.load('a.wav'); // a is now the most recent
    await loader.load('c.wav'); // evicts b
    expect(loader.stats().memoryBytes).toBe(32_000);
    await loader.load('a.wav');
    expect(loader.stats().fileReads).toBe(3);
    await loader.load('b.wav');
    expect(loader.stats().fileReads).toBe(4);
  });

  it('typed errors: not-found, too-large, unsupported-format, decode-failed, bad-ref, aborted', async () => {
    const loader = new AudioLoader({ baseDir: dir, maxBytes: 10_000 });
    expect(await reason(loader.load('missing.wav'))).toBe('not-found');
    expect(await reason(loader.load(dir))).toBe('not-found'); // a directory
    await writeFile(join(dir, 'big.wav'), sineWav(440, 1, 8000)); // 16 kB
    expect(await reason(loader.load('big.wav'))).toBe('too-large');
    await writeFile(join(dir, 'notes.txt'), 'not audio');
    expect(await reason(loader.load('notes.txt'))).toBe('unsupported-format');
    await writeFile(join(dir, 'junk.mp3'), new Uint8Array(4000).fill(9));
    expect(await reason(loader.load('junk.mp3'))).toBe('decode-failed');
    expect(await reason(loader.load('gopher://x/a.wav'))).toBe('bad-ref');
    await writeFile(join(dir, 'a.wav'), sineWav(440, 0.1, 8000));
    expect(await reason(loader.load('a.wav', AbortSignal.abort()))).toBe('aborted');
    const err = (await loader.load('missing.wav').catch((e: unknown) => e)) as AudioLoadError;
    expect(err.ref).toBe('missing.wav');
  });
});

describe('AudioLoader: URLs without a network (injected fetch)', () => {
  const wav = writeWav(ramp(800), 8000);

  function fakeFetch(handler: (url: string, headers: Headers) => Response): { fetchFn: typeof fetch; requests: Headers[] } {
    const requests: Headers[] = [];
    const fetchFn = ((input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      requests.push(headers);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return Promise.resolve(handler(url, headers));
    }) as typeof fetch;
    return { fetchFn, requests };
  }

  it('revalidates in the background after revalidateAfterMs with If-None-Match; a 304 keeps the copy', async () => {
    const clock = new FakeClock();
    const { fetchFn, requests } = fakeFetch((_url, h) =>
      h.get('if-none-match') === '"v1"' ? new Response(null, { status: 304 }) : new Response(wav, { headers: { etag: '"v1"' } }),
    );
    const loader = new AudioLoader({ clock, fetchFn, cacheDir: join(dir, 'cache'), revalidateAfterMs: 60_000 });
    const url = 'http://prompts.invalid/hold.wav';
    const first = await loader.load(url);
    await loader.load(url);
    expect(requests).toHaveLength(1);
    clock.advance(60_000);
    expect(await loader.load(url)).toBe(first); // plays at once; the revalidation runs behind it
    await loader.idle();
    expect(requests).toHaveLength(2);
    expect(requests[1]!.get('if-none-match')).toBe('"v1"');
    expect(loader.stats()).toMatchObject({ downloads: 1, notModified: 1 });
    expect(await loader.load(url)).toBe(first);
    await loader.idle();
    expect(requests).toHaveLength(2); // validated again: fresh for another minute
  });

  it('a changed file (200 on revalidation) replaces the copy; Last-Modified is used when there is no ETag', async () => {
    const clock = new FakeClock();
    let version = 1;
    const { fetchFn, requests } = fakeFetch(() =>
      new Response(writeWav(ramp(800 * version), 8000), { headers: { 'last-modified': `v${version}` } }),
    );
    const loader = new AudioLoader({ clock, fetchFn, revalidateAfterMs: 1000 });
    expect((await loader.load('http://x.invalid/a.wav')).length).toBe(800);
    version = 2;
    clock.advance(1000);
    expect((await loader.load('http://x.invalid/a.wav')).length).toBe(800); // the old copy, while asking
    await loader.idle();
    expect((await loader.load('http://x.invalid/a.wav')).length).toBe(1600);
    expect(requests[1]!.get('if-modified-since')).toBe('v1');
  });

  it('a stale disk copy plays at once after a restart and is revalidated behind it', async () => {
    const clock = new FakeClock();
    const { fetchFn, requests } = fakeFetch((_url, h) =>
      h.get('if-none-match') ? new Response(null, { status: 304 }) : new Response(wav, { headers: { etag: '"v1"' } }),
    );
    const options = { clock, fetchFn, cacheDir: join(dir, 'cache'), revalidateAfterMs: 1000 };
    await new AudioLoader(options).load('http://x.invalid/a.wav');
    clock.advance(5000);
    const restarted = new AudioLoader(options);
    expect((await restarted.load('http://x.invalid/a.wav')).length).toBe(800);
    await restarted.idle();
    expect(restarted.stats()).toMatchObject({ diskHits: 1, notModified: 1, downloads: 0 });
    expect(requests).toHaveLength(2);
  });

  it('keeps playing the copy while the server is down (asking once per period), drops it once the server says 404', async () => {
    const clock = new FakeClock();
    let mode: 'ok' | 'down' | 'gone' = 'ok';
    let requests = 0;
    const errors: unknown[] = [];
    const fetchFn = (() => {
      requests++;
      if (mode === 'down') return Promise.reject(new TypeError('fetch failed'));
      return Promise.resolve(mode === 'gone' ? new Response('', { status: 404 }) : new Response(wav, { headers: { etag: '"e"' } }));
    }) as unknown as typeof fetch;
    const loader = new AudioLoader({ clock, fetchFn, cacheDir: join(dir, 'cache'), revalidateAfterMs: 1000, onError: (e) => errors.push(e) });
    const url = 'http://x.invalid/a.wav';
    await loader.load(url);
    mode = 'down';
    clock.advance(1000);
    for (let i = 0; i < 5; i++) {
      expect((await loader.load(url)).length).toBe(800);
      await loader.idle();
    }
    expect(requests).toBe(2); // one revalidation per period, not one per load
    expect(loader.stats().staleServed).toBe(1);
    expect((errors[0] as AudioLoadError).reason).toBe('network');
    mode = 'gone';
    clock.advance(1000);
    expect((await loader.load(url)).length).toBe(800); // plays while the 404 comes in
    await loader.idle();
    expect(await reason(loader.load(url))).toBe('not-found');
    expect(await loader.diskStats()).toEqual({ entries: 0, bytes: 0 });
  });
});
