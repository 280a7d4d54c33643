import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CachingTts } from './caching-tts.js';
import { FakeEngine } from './test-support/fake-engine.js';
import { TtsError } from './tts-error.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'holdless-tts-cache-test-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TtsError);
    return (e as TtsError).reason;
  }
  throw new Error('expected a rejection');
}

describe('CachingTts in memory', () => {
  it('serves a repeated phrase from memory: identical samples, no second engine call', async () => {
    const engine = new FakeEngine();
    const tts = new CachingTts(engine);
    const a = await tts.synthesize('Вы пятый в очереди', 'ru+f3');
    const b = await tts.synthesize('Вы пятый в очереди', 'ru+f3');
    expect(b.samples).toBe(a.samples);
    expect(b.sampleRate).toBe(a.sampleRate);
    expect(engine.calls).toHaveLength(1);
    expect(tts.stats()).toMatchObject({ memoryHits: 1, misses: 1 });
  });

  it('keys by voice, text and engine id', async () => {
    const engine = new FakeEngine();
    const tts = new CachingTts(engine);
    await tts.synthesize('hello', 'en-us');
    await tts.synthesize('hello', 'en-gb');
    await tts.synthesize('hello!', 'en-us');
    expect(engine.calls).toHaveLength(3);
    expect(tts.keyOf('hello', 'en-us')).not.toBe(new CachingTts(new FakeEngine('other')).keyOf('hello', 'en-us'));
    expect(tts.keyOf('a\0b', 'c')).not.toBe(tts.keyOf('a', 'b\0c'));
  });

  it('evicts the least recently used phrases to stay under maxMemoryBytes', async () => {
    const engine = new FakeEngine();
    // FakeEngine makes 100 samples (200 bytes) per character of "voice|text": 'v|aaaa' is 6 chars → 1,200 bytes.
    const tts = new CachingTts(engine, { maxMemoryBytes: 2_500 });
    await tts.synthesize('aaaa', 'v');
    await tts.synthesize('bbbb', 'v');
    await tts.synthesize('aaaa', 'v'); // a is now the most recent
    await tts.synthesize('cccc', 'v'); // evicts b
    expect(tts.stats()).toMatchObject({ memoryEntries: 2, memoryBytes: 2_400 });
    await tts.synthesize('aaaa', 'v');
    expect(engine.calls).toHaveLength(3);
    await tts.synthesize('bbbb', 'v');
    expect(engine.calls).toHaveLength(4);
  });

  it('does not keep a phrase larger than the whole memory budget', async () => {
    const engine = new FakeEngine();
    const tts = new CachingTts(engine, { maxMemoryBytes: 100 });
    await tts.synthesize('long phrase', 'v');
    await tts.synthesize('long phrase', 'v');
    expect(engine.calls).toHaveLength(2);
    expect(tts.stats().memoryBytes).toBe(0);
  });

  it('does not cache failures', async () => {
    const engine = new FakeEngine();
    engine.failNext = 1;
    const tts = new CachingTts(engine);
    expect(await reason(tts.synthesize('x', 'v'))).toBe('engine-failed');
    await expect(tts.synthesize('x', 'v')).resolves.toMatchObject({ sampleRate: 8000 });
    expect(engine.calls).toHaveLength(2);
  });
});

describe('CachingTts single flight', () => {
  it('runs one synthesis for concurrent requests of the same phrase', async () => {
    const engine = new FakeEngine();
    engine.delayMs = 50;
    const tts = new CachingTts(engine);
    const results = await Promise.all(Array.from({ length: 5 }, () => tts.synthesize('same', 'v')));
    expect(engine.calls).toHaveLength(1);
    for (const r of results) expect(r.samples).toBe(results[0]!.samples);
    expect(tts.stats().joined).toBe(4);
  });

  it('shares failures with every waiter, then retries on the next request', async () => {
    const engine = new FakeEngine();
    engine.delayMs = 20;
    engine.failNext = 1;
    const tts = new CachingTts(engine);
    const reasons = await Promise.all([reason(tts.synthesize('x', 'v')), reason(tts.synthesize('x', 'v', new AbortController().signal))]);
    expect(reasons).toEqual(['engine-failed', 'engine-failed']);
    await tts.synthesize('x', 'v');
    expect(engine.calls).toHaveLength(2);
  });

  it("one caller's abort leaves the shared synthesis running for the others", async () => {
    const engine = new FakeEngine();
    engine.delayMs = 100;
    const tts = new CachingTts(engine);
    const quitter = new AbortController();
    const a = tts.synthesize('shared', 'v', quitter.signal);
    const b = tts.synthesize('shared', 'v');
    quitter.abort();
    expect(await reason(a)).toBe('aborted');
    await expect(b).resolves.toMatchObject({ sampleRate: 8000 });
    expect(engine.calls[0]!.signal?.aborted).toBe(false);
    await tts.synthesize('shared', 'v');
    expect(engine.calls).toHaveLength(1);
  });

  it('aborts the engine call when every waiting caller has aborted', async () => {
    const engine = new FakeEngine();
    engine.delayMs = 5_000;
    const tts = new CachingTts(engine);
    const c1 = new AbortController();
    const c2 = new AbortController();
    const a = reason(tts.synthesize('p', 'v', c1.signal));
    const b = reason(tts.synthesize('p', 'v', c2.signal));
    await new Promise((r) => setTimeout(r, 10)); // the engine call starts after the (empty) disk lookup
    c1.abort();
    expect(engine.calls[0]!.signal?.aborted).toBe(false);
    c2.abort();
    expect(await a).toBe('aborted');
    expect(await b).toBe('aborted');
    expect(engine.calls[0]!.signal?.aborted).toBe(true);
  });
});

describe('CachingTts on disk', () => {
  it('stores raw phrases that a new process (a new cache) reads back without the engine', async () => {
    const dir = await tempDir();
    const first = new CachingTts(new FakeEngine('fake', 22050), { dir });
    const made = await first.synthesize('Оператор ответит', 'ru');
    const files = (await readdir(dir)).filter((f) => !f.startsWith('.'));
    expect(files).toEqual([`${first.keyOf('Оператор ответит', 'ru')}.22050.s16le`]);
    expect((await stat(join(dir, files[0]!))).size).toBe(made.samples.byteLength);

    const engine = new FakeEngine('fake', 22050);
    const second = new CachingTts(engine, { dir });
    const read = await second.synthesize('Оператор ответит', 'ru');
    expect(engine.calls).toHaveLength(0);
    expect(read.sampleRate).toBe(22050);
    expect([...read.samples]).toEqual([...made.samples]);
    expect(second.stats()).toMatchObject({ diskHits: 1, misses: 0 });
  });

  it('evicts the least recently used files (by mtime) when over maxDiskBytes; a hit refreshes mtime', async () => {
    const dir = await tempDir();
    const engine = new FakeEngine();
    // Each phrase 'v|xxxx' is 1,200 bytes on disk; a cap of 3,000 holds two.
    const tts = new CachingTts(engine, { dir, maxDiskBytes: 3_000, maxMemoryBytes: 0 });
    await tts.synthesize('aaaa', 'v');
    await tts.synthesize('bbbb', 'v');
    const old = new Date(Date.now() - 60_000);
    const older = new Date(Date.now() - 120_000);
    await utimes(join(dir, `${tts.keyOf('aaaa', 'v')}.8000.s16le`), older, older);
    await utimes(join(dir, `${tts.keyOf('bbbb', 'v')}.8000.s16le`), old, old);
    await tts.synthesize('aaaa', 'v'); // disk hit: a becomes the most recently used
    expect(engine.calls).toHaveLength(2);
    await tts.synthesize('cccc', 'v'); // over the cap: b (oldest mtime now) goes
    const left = (await readdir(dir)).sort();
    expect(left).toEqual([`${tts.keyOf('aaaa', 'v')}.8000.s16le`, `${tts.keyOf('cccc', 'v')}.8000.s16le`].sort());
    expect(tts.stats()).toMatchObject({ diskEntries: 2, diskBytes: 2_400 });
  });

  it('falls back to the engine, reporting the error, when the directory is unusable', async () => {
    const dir = await tempDir();
    const notADir = join(dir, 'file');
    await writeFile(notADir, 'x');
    const errors: unknown[] = [];
    const engine = new FakeEngine();
    const tts = new CachingTts(engine, { dir: notADir, onError: (e) => errors.push(e) });
    await expect(tts.synthesize('x', 'v')).resolves.toMatchObject({ sampleRate: 8000 });
    expect(errors.length).toBeGreaterThan(0);
    expect(engine.calls).toHaveLength(1);
  });

  it('ignores a file another process deleted and synthesizes again', async () => {
    const dir = await tempDir();
    const engine = new FakeEngine();
    const tts = new CachingTts(engine, { dir, maxMemoryBytes: 0 });
    await tts.synthesize('gone', 'v');
    await rm(join(dir, `${tts.keyOf('gone', 'v')}.8000.s16le`));
    await tts.synthesize('gone', 'v');
    expect(engine.calls).toHaveLength(2);
  });
});
