import { threadId as mainThreadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeReply } from './test-support/fake-worker.js';
import { TtsError } from './tts-error.js';
import { WorkerPool } from './worker-pool.js';
import type { WorkerPoolOptions } from './worker-pool.js';

const script = new URL('./test-support/fake-worker.ts', import.meta.url);
const pools: WorkerPool<{ text: string }, FakeReply>[] = [];

function pool(options: Partial<WorkerPoolOptions> = {}): WorkerPool<{ text: string }, FakeReply> {
  const p = new WorkerPool<{ text: string }, FakeReply>({ script, size: 1, timeoutMs: 5_000, name: 'fake', ...options });
  pools.push(p);
  return p;
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TtsError);
    return (e as TtsError).reason;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('WorkerPool', () => {
  it('runs a job in another thread and reports which', async () => {
    const p = pool();
    const r = await p.run({ text: 'hello' });
    expect(r.value.echo).toBe('hello');
    expect(r.threadId).not.toBe(mainThreadId);
    expect(r.threadId).toBe(r.value.threadId);
  }, 30_000);

  it('passes a worker-side TtsError through with its reason, and the worker stays', async () => {
    const p = pool();
    expect(await reason(p.run({ text: 'fail' }))).toBe('engine-failed');
    const after = await p.run({ text: 'again' });
    expect(after.value.echo).toBe('again');
    expect(p.stats().started).toBe(1);
  }, 30_000);

  it('times out a job that never ends, terminates that worker, and serves the next job from a new one', async () => {
    const p = pool({ timeoutMs: 1_000 });
    const first = await p.run({ text: 'warm' });
    expect(await reason(p.run({ text: 'hang' }))).toBe('timeout');
    const next = await p.run({ text: 'next' });
    expect(next.value.echo).toBe('next');
    expect(next.threadId).not.toBe(first.threadId);
    expect(p.stats()).toMatchObject({ timeouts: 1, started: 2, workers: 1 });
  }, 30_000);

  it('replaces a worker that exits mid-job (process.exit) and fails only that job', async () => {
    const p = pool();
    const first = await p.run({ text: 'warm' });
    expect(await reason(p.run({ text: 'crash' }))).toBe('engine-failed');
    const next = await p.run({ text: 'next' });
    expect(next.threadId).not.toBe(first.threadId);
    expect(p.stats()).toMatchObject({ crashes: 1, started: 2 });
  }, 30_000);

  it('replaces a worker killed by an uncaught exception, naming the error', async () => {
    const p = pool();
    await expect(p.run({ text: 'throw-later' })).rejects.toThrow(/kaboom/);
    expect((await p.run({ text: 'ok' })).value.echo).toBe('ok');
  }, 30_000);

  it('runs jobs side by side on up to `size` workers', async () => {
    // Both jobs wait inside a shared barrier until the other arrives: they can only succeed on two threads at once.
    const barrier = new Int32Array(new SharedArrayBuffer(4));
    const p = pool({ size: 2, timeoutMs: 20_000, workerData: { barrier } });
    const [a, b] = await Promise.all([p.run({ text: 'barrier:2' }), p.run({ text: 'barrier:2' })]);
    expect(a.threadId).not.toBe(b.threadId);
    expect(p.stats()).toMatchObject({ started: 2, workers: 2 });
  }, 30_000);

  it('never starts more than `size` workers', async () => {
    const p = pool({ size: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => p.run({ text: `job ${i}` })));
    expect(p.stats().started).toBeLessThanOrEqual(2);
  }, 30_000);

  it('rejects with queue-full beyond maxQueue waiting jobs', async () => {
    const p = pool({ maxQueue: 1 });
    await p.run({ text: 'warm' });
    const busy = p.run({ text: 'sleep:300' });
    const waiting = p.run({ text: 'queued' });
    expect(await reason(p.run({ text: 'one too many' }))).toBe('queue-full');
    expect((await busy).value.echo).toBe('sleep:300');
    expect((await waiting).value.echo).toBe('queued');
  }, 30_000);

  it('drops a queued job whose signal aborts, and rejects a running one at once', async () => {
    const p = pool();
    await p.run({ text: 'warm' });
    const running = new AbortController();
    const queued = new AbortController();
    const a = p.run({ text: 'sleep:500' }, running.signal);
    const b = p.run({ text: 'never runs' }, queued.signal);
    queued.abort();
    expect(await reason(b)).toBe('aborted');
    const t0 = Date.now();
    running.abort();
    expect(await reason(a)).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(400);
    // The worker finishes its job and is reused.
    expect((await p.run({ text: 'after' })).value.echo).toBe('after');
    expect(p.stats().started).toBe(1);
  }, 30_000);

  it('rejects an already-aborted signal without queuing', async () => {
    const p = pool();
    expect(await reason(p.run({ text: 'x' }, AbortSignal.abort()))).toBe('aborted');
    expect(p.stats().started).toBe(0);
  });

  it('fails waiting jobs when the worker cannot start, instead of restarting it in a loop', async () => {
    const p = pool({ script: new URL('./test-support/no-such-worker.ts', import.meta.url) });
    expect(await reason(p.run({ text: 'x' }))).toBe('engine-failed');
    expect(p.stats().started).toBe(1);
  }, 30_000);

  it('close() rejects running and waiting jobs and refuses new ones', async () => {
    const p = pool();
    await p.run({ text: 'warm' });
    const running = reason(p.run({ text: 'sleep:2000' }));
    const waiting = reason(p.run({ text: 'queued' }));
    await p.close();
    expect(await running).toBe('engine-failed');
    expect(await waiting).toBe('engine-failed');
    expect(await reason(p.run({ text: 'late' }))).toBe('engine-failed');
  }, 30_000);
});
