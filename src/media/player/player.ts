/**
 * The player of one call leg: what the far end hears when it is not bridged. It is itself the FrameSource set on
 * the leg (each play/enqueue sets it again, so a prompt also takes the leg back from a bridge, as in VoxEngine).
 *
 *             play(x) / enqueue(x)                         play(y): x cancelled (no event), queue cleared, y current
 *   ┌──────┐ ─────────────────────▶ ┌──────────────────┐ ◀──────────────────────────────────────────────┐
 *   │ idle │                        │ current + queue  │ ─ item ends ─▶ next queued item is current ────┘
 *   └──────┘ ◀── stop() (no event) ─│                  │
 *       ▲                           └──────────────────┘
 *       └── last item ends by itself: `finished`;  an item fails: `failed`, then the next queued item plays
 *
 * One item is heard at a time. A reference (path, URL) or phrase is loaded off the media path while the leg hears
 * silence; `started` fires when its audio is ready and it is the current item. One exception, so that a waiting
 * caller never hears dead air: when a new item that still has to load replaces looping audio already heard (the
 * hold music, replaced by "you are still number 3"), the music goes on until the new item is ready or fails, and
 * stops then; play()/stop() on top of that end it as usual. Events are never emitted from inside
 * read() (the media clock's tick) nor synchronously from play(): they run from a microtask, a settled load, or a
 * Clock timer. A failure the FailureCache already knew is reported after `repeatedFailureDelayMs`, so a handler that
 * restarts a broken playback loops at most once per that delay and fetches nothing meanwhile.
 */
import type { TimerHandle } from '../../lib/clock.js';
import type { VoiceInput } from '../../tts/index.js';
import type { FrameOutput, FrameSource } from '../audio-frame.js';
import { FRAME_SAMPLES } from '../audio-frame.js';
import type { SourceFailure } from '../sources/index.js';
import { isDeferred, isRewindable } from '../sources/index.js';
import type { PlayItem, PlayOptions } from './play-item.js';
import { Playback } from './playback.js';
import type { PlayerEvent, PlayerListener } from './player-events.js';
import { describeFailure, PlayerEmitter } from './player-events.js';
import type { PlayerServices } from './player-services.js';

/** Items that may end within one 20 ms tick before the player gives the frame up as silence. */
const MAX_ITEMS_PER_TICK = 8;

export type PlayerStatus = 'idle' | 'loading' | 'playing' | 'failing';

export class Player implements FrameSource {
  private current: Playback | null = null;
  /** Looping audio heard until the current item, still loading, is ready (see the class comment). */
  private carryOver: Playback | null = null;
  private queue: Playback[] = [];
  private nextId = 1;
  private failureTimer: TimerHandle | undefined;
  private readonly events: PlayerEmitter;

  constructor(
    private readonly services: PlayerServices,
    private readonly output?: FrameOutput,
  ) {
    this.events = new PlayerEmitter(services.onListenerError);
  }

  /** Replaces whatever plays (and the queue) with `item`. Returns its playback id. */
  play(item: PlayItem, options: PlayOptions = {}): number {
    const next = Playback.create(this.nextId++, item, options.loop ?? false, this.services);
    const previous = this.current;
    const music = this.carryOver ?? (previous && previous.loop && previous.heard && !previous.failing ? previous : null);
    if (music === previous) this.current = null; // kept out of clear()
    this.carryOver = null;
    this.clear();
    this.output?.setSource(this);
    this.begin(next);
    if (music && isDeferred(next.source) && next.source.status !== 'ready' && !next.failing) {
      this.carryOver = music;
      void next.source.settled.then(() => this.endCarryOver(music));
    } else music?.cancel();
    return next.info.id;
  }

  /** Plays `item` after the current and queued items (at once when idle). */
  enqueue(item: PlayItem, options: PlayOptions = {}): number {
    const next = Playback.create(this.nextId++, item, options.loop ?? false, this.services);
    if (this.current) {
      this.queue.push(next);
    } else {
      this.output?.setSource(this);
      this.begin(next);
    }
    return next.info.id;
  }

  /** `call.say(text, voice)`: replaces whatever plays with the spoken phrase. */
  say(text: string, voice?: VoiceInput, options: PlayOptions = {}): number {
    return this.play({ text, voice }, options);
  }

  /** Silence from the next tick; the queue is dropped. No `finished` (VoxEngine's stopPlayback). */
  stop(): void {
    this.clear();
  }

  /** Stops and drops every listener (the leg is gone). */
  dispose(): void {
    this.clear();
    this.events.clear();
  }

  get status(): PlayerStatus {
    const p = this.current;
    if (!p) return 'idle';
    if (p.failing) return 'failing';
    return isDeferred(p.source) && p.source.status !== 'ready' ? 'loading' : 'playing';
  }

  /** Id of the current item, or null when idle. */
  get currentId(): number | null {
    return this.current?.info.id ?? null;
  }

  /** Items waiting after the current one. */
  get queued(): number {
    return this.queue.length;
  }

  on<E extends PlayerEvent>(event: E, listener: PlayerListener<E>): () => void {
    return this.events.on(event, listener);
  }

  off<E extends PlayerEvent>(event: E, listener?: PlayerListener<E>): void {
    this.events.off(event, listener);
  }

  /** The media clock's pull. Idle: silence and false (nothing to send). Loading or failing: silence and true. */
  read(out: Int16Array): boolean {
    for (let i = 0; i < MAX_ITEMS_PER_TICK; i++) {
      const p = this.current;
      if (!p) break;
      if (p.failing) return silence(out, true);
      const source = p.source;
      // Still loading (a loading source reads as silence): the carried-over music instead, while there is some.
      if (this.carryOver && isDeferred(source) && source.status !== 'ready' && this.readCarryOver(out)) return true;
      if (source.read(out)) {
        p.heard = true;
        return true;
      }
      // A deferred source that has not played yet is loading or failed: its settled handler takes it from here.
      if (isDeferred(source) && source.status !== 'ready') return silence(out, true);
      if (p.loop && readFromStart(source, out)) return (p.heard = true); // an empty source ends even when looping
      this.completeCurrent(p);
    }
    return silence(out, this.current !== null);
  }

  private begin(p: Playback): void {
    this.current = p;
    p.state = 'current';
    const source = p.source;
    if (!isDeferred(source) || source.status === 'ready') {
      this.announceStarted(p);
      return;
    }
    void source.settled.then((outcome) => {
      if (this.current !== p || p.state !== 'current') return;
      if (outcome.ok) this.announceStarted(p);
      else this.failCurrent(p, outcome.error);
    });
  }

  /** Emitted unless the item was dropped before a single frame of it was heard (play(a); play(b) in one go). */
  private announceStarted(p: Playback): void {
    queueMicrotask(() => {
      if (this.current === p || p.heard) this.events.emit('started', { playback: p.info });
    });
  }

  /** Reports a failure of the current item (held back when it was a repeated one), then moves on. */
  private failCurrent(p: Playback, error: SourceFailure): void {
    p.failing = true;
    const report = (): void => {
      this.failureTimer = undefined;
      if (this.current !== p) return;
      p.state = 'done';
      this.current = null;
      const next = this.queue.shift();
      if (next) this.begin(next);
      this.events.emit('failed', { playback: p.info, failure: describeFailure(error), repeated: p.repeated });
    };
    if (p.repeated && this.services.repeatedFailureDelayMs > 0) {
      this.failureTimer = this.services.clock.setTimeout(report, this.services.repeatedFailureDelayMs);
    } else {
      report();
    }
  }

  /** The current item ended by itself (called from read()). */
  private completeCurrent(p: Playback): void {
    p.state = 'done';
    this.current = null;
    const next = this.queue.shift();
    if (next) {
      this.begin(next);
      return;
    }
    queueMicrotask(() => this.events.emit('finished', { playback: p.info }));
  }

  /** The looping audio kept while the current item loads; false when there is none (or it gave out). */
  private readCarryOver(out: Int16Array): boolean {
    const music = this.carryOver;
    if (!music) return false;
    if (music.source.read(out) || readFromStart(music.source, out)) return true;
    this.endCarryOver(music);
    return false;
  }

  private endCarryOver(music: Playback): void {
    if (this.carryOver !== music) return;
    this.carryOver = null;
    music.cancel();
  }

  private clear(): void {
    if (this.carryOver) this.endCarryOver(this.carryOver);
    if (this.failureTimer) this.services.clock.clearTimeout(this.failureTimer);
    this.failureTimer = undefined;
    this.current?.cancel();
    for (const q of this.queue) q.cancel();
    this.current = null;
    this.queue = [];
  }
}

function silence(out: Int16Array, result: boolean): boolean {
  out.fill(0, 0, FRAME_SAMPLES);
  return result;
}

/** A looping item at its end: rewinds and reads its first frame; false when it cannot rewind or is empty. */
function readFromStart(source: FrameSource, out: Int16Array): boolean {
  if (!isRewindable(source)) return false;
  source.rewind();
  return source.read(out);
}
