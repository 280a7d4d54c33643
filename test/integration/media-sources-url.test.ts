/**
 * Audio sources over real HTTP: a local server on 127.0.0.1 (port chosen by the OS) serves WAV and MP3 prompts,
 * errors, slow and oversized answers. Checks the loader's typed errors, its time and size limits, the memory and
 * disk caches (a second fetch does not reach the server; the disk cap evicts), ETag revalidation, and the player
 * end to end, including the throttle on a broken URL restarted in a loop.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/lib/fake-clock.js';
import { dominantFrequency } from '../../src/media/audio/measure.js';
import { AudioLoadError, AudioLoader } from '../../src/media/sources/index.js';
import { drain, mp3Fixture, sineWav } from '../../src/media/sources/fixtures.test-support.js';
import { createPlayerServices, Player } from '../../src/media/player/index.js';
import { eventLog, FakeLeg } from '../../src/media/player/player.test-support.js';

const WAV_1K = sineWav(1000, 1, 44_100, 2); // 176 kB
const SMALL = (n: number): Uint8Array => sineWav(300 + n * 100, 1, 8000); // 16 kB each
const MP3 = mp3Fixture('tone-1k-44100-stereo.mp3');

let server: Server;
let base: string;
let dir: string;
const hits = new Map<string, number>();
const conditional: string[] = [];
const timers = new Set<NodeJS.Timeout>();

function later(ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const send = (body: Uint8Array, headers: Record<string, string> = {}): void => {
    res.writeHead(200, { 'content-length': String(body.length), ...headers });
    res.end(body);
  };
  switch (path) {
    case '/tone.wav':
      return send(WAV_1K, { 'content-type': 'audio/wav' });
    case '/stream?id=7': // no extension, a useless content type: the bytes say MP3
      return send(MP3, { 'content-type': 'application/octet-stream' });
    case '/etag.wav': {
      const inm = req.headers['if-none-match'];
      if (inm) conditional.push(inm);
      if (inm === '"v1"') {
        res.writeHead(304);
        return void res.end();
      }
      return send(SMALL(1), { etag: '"v1"' });
    }
    case '/missing.wav':
      res.writeHead(404);
      return void res.end('not here');
    case '/error.wav':
      res.writeHead(500);
      return void res.end('oops');
    case '/slow-headers.wav':
      return later(3000, () => send(SMALL(1)));
    case '/slow-body.wav':
      res.writeHead(200, { 'content-length': String(WAV_1K.length) });
      res.write(WAV_1K.subarray(0, 1000));
      return later(3000, () => res.end(WAV_1K.subarray(1000)));
    case '/big.wav':
      return send(WAV_1K);
    case '/big-chunked.wav': // no content-length: cut off while streaming
      res.writeHead(200, { 'content-type': 'audio/wav' });
      for (let at = 0; at < WAV_1K.length; at += 16_384) res.write(WAV_1K.subarray(at, at + 16_384));
      return void res.end();
    default: {
      const m = /^\/small-(\d)\.wav$/.exec(path);
      if (m) return send(SMALL(Number(m[1])));
      res.writeHead(404);
      res.end();
    }
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  hits.clear();
  conditional.length = 0;
  dir = await mkdtemp(join(tmpdir(), 'holdless-url-'));
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
});

async function reason(p: Promise<unknown>): Promise<AudioLoadError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AudioLoadError);
  return e as AudioLoadError;
}

/** Waits (real time) until `check` holds, polling. */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('AudioLoader over HTTP', () => {
  it('200: a 44.1 kHz stereo 1 kHz WAV arrives as 1 s of 1 kHz at 8 kHz', async () => {
    const pcm = await new AudioLoader().load(`${base}/tone.wav`);
    expect(pcm.length).toBe(8000);
    expect(dominantFrequency(pcm.subarray(2000, 6000), 8000)).toBeCloseTo(1000, 0);
  });

  it('an MP3 behind a URL without extension and with a generic content type is recognised by its bytes', async () => {
    const pcm = await new AudioLoader().load(`${base}/stream?id=7`);
    expect(Math.abs(pcm.length - 8000)).toBeLessThan(240);
  });

  it('404 → not-found, 500 → http-status with the status', async () => {
    const loader = new AudioLoader();
    expect(await reason(loader.load(`${base}/missing.wav`))).toMatchObject({ reason: 'not-found', status: 404 });
    expect(await reason(loader.load(`${base}/error.wav`))).toMatchObject({ reason: 'http-status', status: 500 });
  });

  it('slow → timeout, whether the headers or the body are late', async () => {
    const loader = new AudioLoader({ timeoutMs: 300 });
    const started = Date.now();
    expect((await reason(loader.load(`${base}/slow-headers.wav`))).reason).toBe('timeout');
    expect((await reason(loader.load(`${base}/slow-body.wav`))).reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('too large → too-large, by Content-Length or while streaming', async () => {
    const loader = new AudioLoader({ maxBytes: 100_000 });
    expect((await reason(loader.load(`${base}/big.wav`))).reason).toBe('too-large');
    expect((await reason(loader.load(`${base}/big-chunked.wav`))).reason).toBe('too-large');
  });

  it('connection refused → network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await reason(new AudioLoader().load(`http://127.0.0.1:${port}/a.wav`))).reason).toBe('network');
  });

  it('a cached second fetch does not hit the server: memory, then disk after a restart', async () => {
    const url = `${base}/tone.wav`;
    const loader = new AudioLoader({ cacheDir: dir });
    const [a, b] = await Promise.all([loader.load(url), loader.load(url)]); // one flight
    expect(await loader.load(url)).toBe(a);
    expect(b).toBe(a);
    expect(hits.get('/tone.wav')).toBe(1);
    const restarted = new AudioLoader({ cacheDir: dir });
    expect((await restarted.load(url)).length).toBe(8000);
    expect(hits.get('/tone.wav')).toBe(1);
    expect(restarted.stats()).toMatchObject({ diskHits: 1, downloads: 0 });
  });

  it('the disk cache size limit evicts the least recently used download', async () => {
    const loader = new AudioLoader({ cacheDir: dir, maxDiskBytes: 40_000 }); // room for two 16 kB files
    for (const n of [1, 2, 3]) await loader.load(`${base}/small-${n}.wav`);
    expect((await loader.diskStats())!.entries).toBe(2);
    const restarted = new AudioLoader({ cacheDir: dir, maxDiskBytes: 40_000 });
    await restarted.load(`${base}/small-3.wav`);
    await restarted.load(`${base}/small-2.wav`);
    expect(hits.get('/small-3.wav')).toBe(1);
    expect(hits.get('/small-2.wav')).toBe(1);
    await restarted.load(`${base}/small-1.wav`); // evicted: fetched again
    expect(hits.get('/small-1.wav')).toBe(2);
  });

  it('revalidates in the background with If-None-Match after revalidateAfterMs; the server answers 304', async () => {
    const clock = new FakeClock();
    const loader = new AudioLoader({ clock, cacheDir: dir, revalidateAfterMs: 60_000 });
    const url = `${base}/etag.wav`;
    const first = await loader.load(url);
    clock.advance(30_000);
    await loader.load(url);
    expect(hits.get('/etag.wav')).toBe(1);
    clock.advance(30_000);
    expect(await loader.load(url)).toBe(first); // plays at once; the conditional GET runs behind it
    await loader.idle();
    expect(conditional).toEqual(['"v1"']);
    expect(loader.stats()).toMatchObject({ downloads: 1, notModified: 1 });
  });
});

describe('Player over HTTP', () => {
  it('play(url): silence while loading, started, the tone, finished', async () => {
    const services = createPlayerServices({ loader: new AudioLoader() });
    const leg = new FakeLeg();
    const player = new Player(services, leg);
    const log = eventLog(player);
    const id = player.play(`${base}/tone.wav`);
    expect(leg.tick().more).toBe(true);
    await until(() => log.length > 0);
    expect(log).toEqual([['started', id]]);
    const { pcm, frames } = drain(player);
    expect(frames).toBe(50);
    expect(dominantFrequency(pcm.subarray(2000, 6000), 8000)).toBeCloseTo(1000, 0);
    await until(() => log.length > 1);
    expect(log).toEqual([['started', id], ['finished', id]]);
  });

  it('a broken URL restarted from the failed handler hits the server once per retry window (fake time)', async () => {
    const clock = new FakeClock();
    const services = createPlayerServices({
      clock,
      loader: new AudioLoader({ clock }),
      retryAfterMs: 10_000,
      repeatedFailureDelayMs: 1000,
    });
    const leg = new FakeLeg();
    const player = new Player(services, leg);
    const log = eventLog(player);
    player.on('failed', () => player.play(`${base}/missing.wav`));
    player.play(`${base}/missing.wav`);
    for (let t = 0; t < 30_000; t += 100) {
      await until(() => player.status !== 'loading'); // a real fetch is in flight: let it answer
      clock.advance(100);
      leg.tick();
      await new Promise((r) => setImmediate(r));
    }
    expect(hits.get('/missing.wav')).toBeGreaterThanOrEqual(3);
    expect(hits.get('/missing.wav')).toBeLessThanOrEqual(4);
    expect(log.length).toBeGreaterThanOrEqual(28);
    expect(log.length).toBeLessThanOrEqual(36);
    expect(log.every(([e, , r]) => e === 'failed' && r === 'not-found')).toBe(true);
    player.dispose();
  });
});
