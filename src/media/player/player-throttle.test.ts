import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { TtsError } from '../../tts/index.js';
import type { SynthesizedAudio } from '../../tts/index.js';
import { AudioLoadError } from '../sources/index.js';
import { ramp, settle } from '../sources/fixtures.test-support.js';
import { FailureCache } from './failure-cache.js';
import { Player } from './player.js';
import { createPlayerServices } from './player-services.js';
import { eventLog, FakeLeg } from './player.test-support.js';

/** A loader whose origin is down (or up, when `working`), counting what reaches it. */
class CountingLoader {
  calls = 0;
  working = false;
  load(ref: string): Promise<Int16Array> {
    this.calls++;
    if (this.working) return Promise.resolve(ramp(800));
    return Promise.reject(new AudioLoadError('not-found', `HTTP 404 for ${ref}`, { ref, status: 404 }));
  }
}

const URL_404 = 'http://music.invalid/hold.mp3';

function setup() {
  const clock = new FakeClock();
  const loader = new CountingLoader();
  const services = createPlayerServices({ clock, loader, retryAfterMs: 10_000, repeatedFailureDelayMs: 1000 });
  return { clock, loader, services };
}

/** Runs fake time forward in 20 ms ticks, letting promise callbacks run after each; returns events per tick. */
async function run(clock: FakeClock, leg: FakeLeg, ms: number, perTick: () => number): Promise<number[]> {
  const counts: number[] = [];
  for (let t = 0; t < ms; t += 20) {
    const before = perTick();
    clock.advance(20);
    leg.tick();
    await settle(2);
    counts.push(perTick() - before);
  }
  return counts;
}

describe('Player: failure throttling (fake time)', () => {
  it('a scenario restarting a broken URL from its failed handler fetches once per 10 s and loops once per second', async () => {
    const { clock, loader, services } = setup();
    const leg = new FakeLeg();
    const player = new Player(services, leg);
    const log = eventLog(player);
    const failed = (): number => log.filter(([e]) => e === 'failed').length;
    player.on('failed', () => player.play(URL_404, { loop: true })); // the VoxEngine idiom: retry on PlaybackFinished {error}
    player.play(URL_404, { loop: true });
    await settle();
    expect(failed()).toBe(1);
    const perTick = await run(clock, leg, 30_000, failed);
    expect(loader.calls).toBeLessThanOrEqual(4); // t = 0, then once per 10 s window
    expect(loader.calls).toBeGreaterThanOrEqual(3);
    expect(failed()).toBeGreaterThanOrEqual(28); // about one a second: the held-back repeats
    expect(failed()).toBeLessThanOrEqual(36);
    expect(Math.max(...perTick)).toBeLessThanOrEqual(2); // never a burst: no spinning
    expect(log.filter(([e]) => e === 'failed').every(([, , reason]) => reason === 'not-found')).toBe(true);
  });

  it('while a repeated failure is held back the leg hears silence, and stop() cancels the report', async () => {
    const { clock, loader, services } = setup();
    const leg = new FakeLeg();
    const player = new Player(services, leg);
    const log = eventLog(player);
    player.play(URL_404);
    await settle();
    player.play(URL_404);
    await settle();
    expect(player.status).toBe('failing');
    expect(leg.tick()).toMatchObject({ more: true, frame: new Int16Array(160) });
    clock.advance(500);
    player.stop();
    clock.advance(5000);
    await settle();
    expect(log.map(([e]) => e)).toEqual(['failed']);
    expect(loader.calls).toBe(1);
  });

  it('the failure is shared by every player: 100 calls on a dead URL cost one fetch', async () => {
    const { clock, loader, services } = setup();
    const players = Array.from({ length: 100 }, () => new Player(services, new FakeLeg()));
    const events = players.map((p) => eventLog(p));
    players[0]!.play(URL_404);
    await settle();
    for (const p of players.slice(1)) p.play(URL_404);
    await settle();
    expect(loader.calls).toBe(1);
    expect(events.slice(1).every((e) => e.length === 0)).toBe(true); // held back a second
    clock.advance(1000);
    await settle();
    expect(events.every((e) => e.length === 1 && e[0]![0] === 'failed')).toBe(true);
  });

  it('other references are not affected, and the URL is tried again once the failure is stale', async () => {
    const { clock, loader, services } = setup();
    const player = new Player(services, new FakeLeg());
    const log = eventLog(player);
    player.play(URL_404);
    await settle();
    player.play('http://music.invalid/other.mp3');
    await settle();
    expect(loader.calls).toBe(2);
    loader.working = true;
    clock.advance(10_000);
    const id = player.play(URL_404);
    await settle();
    expect(loader.calls).toBe(3);
    expect(log.at(-1)).toEqual(['started', id]);
  });

  it('speech that fails is throttled the same way (same text and voice)', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const tts = {
      synthesize(): Promise<SynthesizedAudio> {
        calls++;
        return Promise.reject(new TtsError('unknown-voice', 'no such voice'));
      },
    };
    const services = createPlayerServices({ clock, tts, repeatedFailureDelayMs: 1000 });
    const player = new Player(services, new FakeLeg());
    const log = eventLog(player);
    player.say('hello', 'klingon');
    await settle();
    player.say('hello', 'klingon');
    await settle();
    expect(calls).toBe(1);
    expect(log).toHaveLength(1);
    clock.advance(1000);
    await settle();
    expect(log.map(([e, , r]) => `${e}:${r}`)).toEqual(['failed:unknown-voice', 'failed:unknown-voice']);
    player.say('hello', 'en');
    await settle();
    expect(calls).toBe(2);
  });
});

describe('FailureCache', () => {
  it('remembers a failure for retryAfterMs, ignores aborts, and is bounded', () => {
    const clock = new FakeClock();
    const cache = new FailureCache(clock, { retryAfterMs: 1000, maxEntries: 2 });
    const error = new AudioLoadError('timeout', 'slow');
    cache.remember('a', error);
    expect(cache.get('a')).toBe(error);
    clock.advance(999);
    expect(cache.get('a')).toBe(error);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    cache.remember('x', new AudioLoadError('aborted', 'stop'));
    expect(cache.get('x')).toBeUndefined();
    for (const k of ['a', 'b', 'c']) cache.remember(k, error);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    cache.forget('b');
    expect(cache.get('b')).toBeUndefined();
  });
});
