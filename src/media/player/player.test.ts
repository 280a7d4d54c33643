import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { TtsError } from '../../tts/index.js';
import { FRAME_SAMPLES } from '../audio-frame.js';
import { AudioLoadError, PcmSource, SilenceSource, ToneSource } from '../sources/index.js';
import { ramp, settle } from '../sources/fixtures.test-support.js';
import { Player } from './player.js';
import { createPlayerServices } from './player-services.js';
import type { PlayerServicesOptions } from './player-services.js';
import { eventLog, FakeLeg, ManualLoader, ManualTts } from './player.test-support.js';

/** A prompt of `frames` frames whose samples count up from `start`: frame k starts with start + 160·k. */
const prompt = (frames: number, start = 1): PcmSource => new PcmSource(ramp(frames * FRAME_SAMPLES, start));

function setup(options: PlayerServicesOptions = {}) {
  const clock = new FakeClock();
  const loader = new ManualLoader();
  const tts = new ManualTts();
  const services = createPlayerServices({ clock, loader, tts, ...options });
  const leg = new FakeLeg();
  const player = new Player(services, leg);
  return { clock, loader, tts, services, leg, player, log: eventLog(player) };
}

describe('Player: one item', () => {
  it('sets itself on the leg, fires started, plays the source, then finished once', async () => {
    const { leg, player, log } = setup();
    const id = player.play(prompt(3));
    expect(leg.source).toBe(player);
    expect(log).toEqual([]); // events never fire synchronously from play()
    await settle();
    expect(log).toEqual([['started', id]]);
    expect(leg.firstSamples(3)).toEqual([1, 161, 321]);
    expect(log).toEqual([['started', id]]);
    const end = leg.tick();
    expect(end.more).toBe(false);
    expect(end.frame.every((s) => s === 0)).toBe(true);
    await settle();
    expect(log).toEqual([['started', id], ['finished', id]]);
    expect(player.status).toBe('idle');
    leg.tick();
    await settle();
    expect(log).toHaveLength(2);
  });

  it('idle: silence, and read() says there is nothing to send', () => {
    const { player } = setup();
    const frame = new Int16Array(FRAME_SAMPLES).fill(9);
    expect(player.read(frame)).toBe(false);
    expect(frame.every((s) => s === 0)).toBe(true);
  });

  it('stop() silences from the next tick, without finished', async () => {
    const { leg, player, log } = setup();
    const id = player.play(prompt(10));
    leg.firstSamples(2);
    player.stop();
    expect(leg.tick()).toMatchObject({ more: false });
    await settle();
    expect(log).toEqual([['started', id]]);
  });

  it('a new play replaces the current one at once: no finished for the old one', async () => {
    const { leg, player, log } = setup();
    const a = player.play(prompt(10, 1));
    expect(leg.firstSamples(2)).toEqual([1, 161]);
    const b = player.play(prompt(2, 5001));
    expect(leg.firstSamples(3)).toEqual([5001, 5161, 0]);
    await settle();
    expect(log).toEqual([['started', a], ['started', b], ['finished', b]]);
  });

  it('loops a prepared source until stopped; looped prompts never finish', async () => {
    const { leg, player, log } = setup();
    player.play(prompt(2), { loop: true });
    expect(leg.firstSamples(7)).toEqual([1, 161, 1, 161, 1, 161, 1]);
    player.play(new ToneSource({ frequencies: [425] }, { durationMs: 40 }), { loop: true });
    for (let i = 0; i < 100; i++) expect(leg.tick().more).toBe(true);
    await settle();
    expect(log.filter(([e]) => e === 'finished')).toEqual([]);
  });

  it('refuses to loop a source that cannot rewind, and keeps playing what it played', () => {
    const { leg, player } = setup();
    player.play(prompt(5));
    expect(() => player.play({ read: () => true }, { loop: true })).toThrow(TypeError);
    expect(leg.firstSamples(1)).toEqual([1]);
  });

  it('takes the leg back on every play (a bridge may have replaced it)', () => {
    const { leg, player } = setup();
    player.play(prompt(1));
    leg.setSource(new SilenceSource());
    player.play(prompt(1));
    expect(leg.source).toBe(player);
  });
});

describe('Player: queue', () => {
  it('plays enqueued items back to back: started for each, finished after the last', async () => {
    const { leg, player, log } = setup();
    const a = player.enqueue(prompt(2, 1));
    const b = player.enqueue(prompt(1, 1001));
    const c = player.enqueue(prompt(2, 2001));
    expect(player.queued).toBe(2);
    expect(leg.firstSamples(6)).toEqual([1, 161, 1001, 2001, 2161, 0]);
    await settle();
    expect(log).toEqual([['started', a], ['started', b], ['started', c], ['finished', c]]);
  });

  it('prompts then looping hold music: the music never finishes', async () => {
    const { leg, player, log } = setup();
    player.enqueue(prompt(1, 1));
    player.enqueue(prompt(2, 1001), { loop: true });
    expect(leg.firstSamples(6)).toEqual([1, 1001, 1161, 1001, 1161, 1001]);
    await settle();
    expect(log.map(([e]) => e)).toEqual(['started', 'started']);
  });

  it('play() drops the queue; stop() drops it too', () => {
    const { leg, player } = setup();
    player.enqueue(prompt(1, 1));
    player.enqueue(prompt(1, 1001));
    player.play(prompt(1, 5001));
    expect(player.queued).toBe(0);
    expect(leg.firstSamples(2)).toEqual([5001, 0]);
    player.enqueue(prompt(1, 1));
    player.enqueue(prompt(1, 1001));
    player.stop();
    expect(player.queued).toBe(0);
    expect(leg.tick().more).toBe(false);
  });
});

describe('Player: references and speech', () => {
  it('silence while a URL loads, started when it is ready, then the audio', async () => {
    const { leg, loader, player, log } = setup();
    const id = player.play('https://prompts.invalid/hello.wav');
    expect(player.status).toBe('loading');
    for (let i = 0; i < 3; i++) expect(leg.tick()).toMatchObject({ more: true, frame: new Int16Array(FRAME_SAMPLES) });
    await settle();
    expect(log).toEqual([]);
    loader.take('https://prompts.invalid/hello.wav').resolve(ramp(320));
    await settle();
    expect(log).toEqual([['started', id]]);
    expect(player.status).toBe('playing');
    expect(leg.firstSamples(3)).toEqual([1, 161, 0]);
    await settle();
    expect(log).toEqual([['started', id], ['finished', id]]);
  });

  it('a load failure fires failed with the reason (not finished), then the next queued item plays', async () => {
    const { leg, loader, player, log } = setup();
    const a = player.enqueue({ url: '/srv/missing.wav' });
    const b = player.enqueue(prompt(1, 1001));
    loader.take().reject(new AudioLoadError('not-found', 'no file'));
    await settle();
    expect(log).toEqual([['failed', a, 'not-found'], ['started', b]]);
    expect(leg.firstSamples(2)).toEqual([1001, 0]);
  });

  it('the failed event carries the typed error', async () => {
    const { loader, player } = setup();
    const failures: unknown[] = [];
    player.on('failed', (e) => failures.push(e.failure));
    player.play('http://x.invalid/a.mp3');
    loader.take().reject(new AudioLoadError('http-status', 'HTTP 503', { status: 503 }));
    await settle();
    expect(failures).toEqual([{ kind: 'load', reason: 'http-status', error: expect.any(AudioLoadError) as unknown }]);
  });

  it('say(): silence while synthesizing, then speech; a TTS failure fires failed (kind tts)', async () => {
    const { leg, tts, player, log } = setup();
    const a = player.say('you are number 3', 'usenglishfemale');
    expect(leg.tick().more).toBe(true);
    tts.take('you are number 3').resolve({ sampleRate: 8000, samples: ramp(160) });
    await settle();
    expect(leg.firstSamples(2)).toEqual([1, 0]);
    const b = player.say('broken', 'klingon');
    tts.take('broken').reject(new TtsError('unknown-voice', 'no voice'));
    await settle();
    expect(log).toEqual([['started', a], ['finished', a], ['failed', b, 'unknown-voice']]);
  });

  it('a phrase replacing heard hold music: the music goes on while the phrase is synthesized (no dead air), then the phrase', async () => {
    const { leg, tts, player, log } = setup();
    const music = player.play(prompt(3, 1000), { loop: true });
    await settle();
    expect(leg.firstSamples(2)).toEqual([1000, 1160]);
    const status = player.say('you are still number 3', 'usenglishfemale');
    expect(leg.firstSamples(3)).toEqual([1320, 1000, 1160]); // the music, looping on
    expect(player.status).toBe('loading');
    tts.take('you are still number 3').resolve({ sampleRate: 8000, samples: ramp(320) });
    await settle();
    expect(leg.firstSamples(2)).toEqual([1, 161]); // the phrase, at once
    expect(leg.tick().more).toBe(false); // and then nothing: the music was replaced, not resumed
    await settle();
    expect(log).toEqual([['started', music], ['started', status], ['finished', status]]);
  });

  it('no music carried over a prompt that does not loop, one never heard, a stop(), or a failed phrase', async () => {
    const { leg, tts, player } = setup();
    player.play(prompt(5, 1000));
    await settle();
    leg.firstSamples(1);
    player.say('a', 'usenglishfemale');
    expect(leg.tick().frame.every((x) => x === 0)).toBe(true); // the prompt did not loop: silence while loading

    player.play(prompt(3, 1000), { loop: true });
    player.say('b', 'usenglishfemale'); // the music was never heard
    expect(leg.tick().frame.every((x) => x === 0)).toBe(true);

    player.play(prompt(3, 1000), { loop: true });
    await settle();
    leg.firstSamples(1);
    player.say('c', 'usenglishfemale');
    expect(leg.firstSamples(1)).toEqual([1160]);
    player.stop();
    expect(leg.tick().more).toBe(false);

    player.play(prompt(3, 1000), { loop: true });
    await settle();
    leg.firstSamples(1);
    player.say('d', 'usenglishfemale');
    expect(leg.firstSamples(1)).toEqual([1160]);
    tts.take('d').reject(new TtsError('unknown-voice', 'no voice'));
    await settle();
    expect(leg.tick().more).toBe(false); // the failure ends the music too
  });

  it('a load replaced while loading is aborted and fires nothing', async () => {
    const { loader, player, log } = setup();
    player.play('http://x.invalid/slow.wav');
    const pending = loader.take();
    const b = player.play(prompt(1));
    expect(pending.signal?.aborted).toBe(true);
    pending.reject(new AudioLoadError('aborted', 'aborted'));
    await settle();
    expect(log).toEqual([['started', b]]);
  });

  it('queued references load while the current item plays, so there is no gap', async () => {
    const { leg, loader, player } = setup();
    player.enqueue(prompt(2, 1));
    player.enqueue('http://x.invalid/music.wav', { loop: true });
    expect(loader.pending).toHaveLength(1); // already loading
    loader.take().resolve(ramp(320, 7001));
    await settle();
    expect(leg.firstSamples(5)).toEqual([1, 161, 7001, 7161, 7001]);
  });

  it('without a loader or TTS service, references and speech fail with typed errors', async () => {
    const clock = new FakeClock();
    const player = new Player(createPlayerServices({ clock }));
    const log = eventLog(player);
    const a = player.play('/srv/a.wav');
    await settle();
    const b = player.say('hi');
    await settle();
    expect(log).toEqual([['failed', a, 'bad-ref'], ['failed', b, 'engine-failed']]);
  });

  it('a listener that throws does not break the player or the other listeners', async () => {
    const errors: unknown[] = [];
    const { leg, player, log } = setup({ onListenerError: (e) => errors.push(e) });
    player.on('started', () => {
      throw new Error('scenario bug');
    });
    const id = player.play(prompt(1));
    await settle();
    expect(errors).toHaveLength(1);
    expect(log).toEqual([['started', id]]);
    expect(leg.firstSamples(1)).toEqual([1]);
  });

  it('a handler may start the next prompt from finished (the scenario idiom)', async () => {
    const { leg, player } = setup();
    let restarts = 0;
    player.on('finished', () => {
      if (restarts++ < 2) player.play(prompt(1, 1001));
    });
    player.play(prompt(1, 1));
    const heard: number[] = [];
    for (let i = 0; i < 6; i++) {
      heard.push(leg.tick().frame[0]!);
      await settle(1);
    }
    expect(heard).toEqual([1, 0, 1001, 0, 1001, 0]);
  });
});
