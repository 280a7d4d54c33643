/**
 * What a source may offer beyond the bare {@link FrameSource}: a way back to its start (so the player can loop it),
 * and, for sources whose audio arrives later (a download, a synthesis), a status and an outcome the player can await
 * instead of polling from the 20 ms tick.
 */
import type { TtsError } from '../../tts/index.js';
import type { FrameSource } from '../audio-frame.js';
import type { AudioLoadError } from './audio-load-error.js';

/** A source that can start over from its first sample. */
export interface RewindableSource extends FrameSource {
  rewind(): void;
}

export function isRewindable(source: FrameSource): source is RewindableSource {
  return typeof (source as Partial<RewindableSource>).rewind === 'function';
}

/** Why a source ended early: a load (file, URL, decode) or a synthesis failed. */
export type SourceFailure = AudioLoadError | TtsError;

export type SourceOutcome = { readonly ok: true } | { readonly ok: false; readonly error: SourceFailure };

/**
 * A source whose audio is prepared off the media path. While `loading` it reads as silence (and returns true, it
 * has not ended); once `failed` it reads as ended and `error` says why.
 */
export interface DeferredSource extends FrameSource {
  readonly deferred: true;
  readonly status: 'loading' | 'ready' | 'failed';
  readonly error: SourceFailure | undefined;
  /** Resolves (never rejects) once the audio is ready or has failed. */
  readonly settled: Promise<SourceOutcome>;
  /** Gives up: aborts the load or synthesis if it is still running. Reading afterwards yields an ended source. */
  dispose(): void;
}

export function isDeferred(source: FrameSource): source is DeferredSource {
  return (source as Partial<DeferredSource>).deferred === true;
}
