/**
 * One item of a player, from play()/enqueue() to its end: the source that produces its audio, whether it loops,
 * and where it is in its life. Building it starts the load or the synthesis at once, so queued prompts are ready by
 * the time their turn comes; a reference whose failure is still remembered is not fetched again.
 *
 *   queued ──▶ current ──(natural end / failure reported / replaced / stopped)──▶ done
 */
import type { FrameSource } from '../audio-frame.js';
import { AudioLoadError, AudioRefSource, isDeferred, isRewindable, TtsSource } from '../sources/index.js';
import { TtsError } from '../../tts/index.js';
import { FailedSource } from './failed-source.js';
import type { PlayItem } from './play-item.js';
import { classifyItem, failureKeyOf, labelOf } from './play-item.js';
import type { PlaybackInfo } from './player-events.js';
import type { PlayerServices } from './player-services.js';

export type PlaybackState = 'queued' | 'current' | 'done';

export class Playback {
  state: PlaybackState = 'queued';
  /** The failure is known and its report is pending (the leg hears silence). */
  failing = false;
  /** At least one frame of its audio went to the leg. */
  heard = false;

  private constructor(
    readonly info: PlaybackInfo,
    readonly source: FrameSource,
    readonly loop: boolean,
    /** The item's failure came from the FailureCache. */
    readonly repeated: boolean,
  ) {}

  /** Throws TypeError for an item that is not playable, or a loop over a source that cannot rewind. */
  static create(id: number, item: PlayItem, loop: boolean, services: PlayerServices): Playback {
    const resolved = classifyItem(item);
    const info: PlaybackInfo = { id, label: labelOf(resolved) };
    if (resolved.kind === 'source') {
      if (loop && !isRewindable(resolved.source)) throw new TypeError(`cannot loop ${info.label}: it has no rewind()`);
      return new Playback(info, resolved.source, loop, false);
    }
    const key = failureKeyOf(resolved)!;
    const known = services.failures.get(key);
    if (known) return new Playback(info, new FailedSource(known), loop, true);
    let source;
    if (resolved.kind === 'speech') {
      source = services.tts
        ? new TtsSource(services.tts, resolved.text, resolved.voice, { loop, converter: services.converter })
        : new FailedSource(new TtsError('engine-failed', 'no TTS service is configured'));
    } else {
      source = services.loader
        ? new AudioRefSource(services.loader, resolved.ref, { loop })
        : new FailedSource(new AudioLoadError('bad-ref', 'no audio loader is configured', { ref: resolved.ref }));
    }
    void source.settled.then((outcome) => {
      if (!outcome.ok) services.failures.remember(key, outcome.error);
    });
    return new Playback(info, source, loop, false);
  }

  /** Ends the item early (replacement, stop): aborts a load or synthesis still running. */
  cancel(): void {
    this.state = 'done';
    if (isDeferred(this.source)) this.source.dispose();
  }
}
