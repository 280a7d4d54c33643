/**
 * What a player tells its owner (the telephony layer, which maps them to VoxEngine's PlaybackStarted /
 * PlaybackFinished): `started` when an item becomes audible, `finished` when the last item of a sequence ends by
 * itself, `failed` when an item cannot be played. Neither `finished` nor `failed` follows stop() or a replacement.
 */
import type { TtsError, TtsErrorReason } from '../../tts/index.js';
import type { AudioLoadError, AudioLoadErrorReason, SourceFailure } from '../sources/index.js';
import { AudioLoadError as AudioLoadErrorClass } from '../sources/index.js';

export interface PlaybackInfo {
  /** Returned by play() / enqueue() / say(), unique per player. */
  readonly id: number;
  /** The reference, `tts:` and the start of the phrase, or the source's class name. */
  readonly label: string;
}

export type PlaybackFailure =
  | { readonly kind: 'load'; readonly reason: AudioLoadErrorReason; readonly error: AudioLoadError }
  | { readonly kind: 'tts'; readonly reason: TtsErrorReason; readonly error: TtsError };

export function describeFailure(error: SourceFailure): PlaybackFailure {
  return error instanceof AudioLoadErrorClass
    ? { kind: 'load', reason: error.reason, error }
    : { kind: 'tts', reason: error.reason, error };
}

export interface PlayerEventMap {
  started: { readonly playback: PlaybackInfo };
  finished: { readonly playback: PlaybackInfo };
  failed: {
    readonly playback: PlaybackInfo;
    readonly failure: PlaybackFailure;
    /** The failure came from the FailureCache: nothing was fetched, and the report was held back (throttle). */
    readonly repeated: boolean;
  };
}

export type PlayerEvent = keyof PlayerEventMap;
export type PlayerListener<E extends PlayerEvent> = (event: PlayerEventMap[E]) => void;

/** A small typed emitter. A listener that throws does not stop the others; its error goes to `onListenerError`. */
export class PlayerEmitter {
  private readonly listeners: { [E in PlayerEvent]: Set<PlayerListener<E>> } = {
    started: new Set(),
    finished: new Set(),
    failed: new Set(),
  };

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<E extends PlayerEvent>(event: E, listener: PlayerListener<E>): () => void {
    (this.listeners[event] as Set<PlayerListener<E>>).add(listener);
    return () => this.off(event, listener);
  }

  off<E extends PlayerEvent>(event: E, listener?: PlayerListener<E>): void {
    const set = this.listeners[event] as Set<PlayerListener<E>>;
    if (listener) set.delete(listener);
    else set.clear();
  }

  emit<E extends PlayerEvent>(event: E, payload: PlayerEventMap[E]): void {
    for (const listener of [...(this.listeners[event] as Set<PlayerListener<E>>)]) {
      try {
        listener(payload);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }

  clear(): void {
    for (const set of Object.values(this.listeners)) set.clear();
  }
}
