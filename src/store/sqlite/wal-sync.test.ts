import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalSync } from './wal-sync.js';

let dir: string;
let wal: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'holdless-walsync-'));
  wal = join(dir, 'db.sqlite-wal');
  writeFileSync(wal, 'frames');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A datasync the test finishes by hand, counting the flushes that were started. */
function heldFlushes() {
  const pending: Array<() => void> = [];
  const datasync = (_fd: number) => new Promise<void>((resolve) => pending.push(resolve));
  const finish = async () => {
    while (pending.length === 0) await new Promise((r) => setImmediate(r));
    pending.shift()!();
  };
  return { datasync, pending, finish };
}

const state = (p: Promise<void>) => {
  let s = 'pending';
  p.then(() => (s = 'done'), () => (s = 'failed'));
  return () => s;
};
const tick = () => new Promise((r) => setImmediate(r));

describe('WalSync', () => {
  it('a sync resolves only when the flush has finished', async () => {
    const f = heldFlushes();
    const sync = new WalSync(wal, f.datasync);
    const s = state(sync.sync());
    await tick();
    expect(s()).toBe('pending');
    await f.finish();
    await tick();
    expect(s()).toBe('done');
    await sync.close();
  });

  it('commits made while a flush runs share one follow-up flush, which they wait for', async () => {
    const f = heldFlushes();
    const sync = new WalSync(wal, f.datasync);
    const first = state(sync.sync());
    await tick();
    const later = [state(sync.sync()), state(sync.sync()), state(sync.sync())];
    await f.finish(); // the first flush began before the later commits: it does not cover them
    await tick();
    expect(first()).toBe('done');
    expect(later.map((s) => s())).toEqual(['pending', 'pending', 'pending']);
    await f.finish(); // one follow-up for all three
    await tick();
    expect(later.map((s) => s())).toEqual(['done', 'done', 'done']);
    expect(f.pending).toHaveLength(0);
    await sync.close();
  });

  it('a failed flush fails the commits waiting on it; the next commit flushes again', async () => {
    let calls = 0;
    const sync = new WalSync(wal, () => (++calls === 1 ? Promise.reject(new Error('EIO')) : Promise.resolve()));
    await expect(sync.sync()).rejects.toThrow('EIO');
    await expect(sync.sync()).resolves.toBeUndefined();
    expect(calls).toBe(2);
    await sync.close();
  });

  it('flushes the real file, and refuses after close', async () => {
    const sync = new WalSync(wal);
    await sync.sync();
    await sync.close();
    await expect(sync.sync()).rejects.toThrow(/closed/);
  });
});
