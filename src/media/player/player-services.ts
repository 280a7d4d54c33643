/**
 * What every player of the server shares: the clock, the audio loader (memory and disk caches), the TTS service,
 * the failure cache (the throttle) and the speech converter. The composition root builds one and passes it to each
 * `new Player(services, leg)`.
 */
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import type { AudioLoader, SpeechSynthesizer } from '../sources/index.js';
import { SpeechConverter } from '../sources/index.js';
import { FailureCache } from './failure-cache.js';
import type { FailureCacheOptions } from './failure-cache.js';

export interface PlayerServices {
  readonly clock: Clock;
  /** Loads paths and URLs; without it, playing a reference fails with `bad-ref`. */
  readonly loader: Pick<AudioLoader, 'load'> | undefined;
  /** Speaks `say()` phrases; without it, speech fails with `engine-failed`. */
  readonly tts: SpeechSynthesizer | undefined;
  readonly failures: FailureCache;
  readonly converter: SpeechConverter;
  /**
   * How long a failure served from the FailureCache is held back before `failed` is reported (the leg hears
   * silence meanwhile). A scenario restarting a broken playback from its handler loops at most once per this delay.
   */
  readonly repeatedFailureDelayMs: number;
  /** A listener threw. Default: rethrown from a microtask (an uncaught error, as with EventEmitter). */
  readonly onListenerError: (error: unknown) => void;
}

export interface PlayerServicesOptions extends FailureCacheOptions {
  readonly clock?: Clock;
  readonly loader?: Pick<AudioLoader, 'load'>;
  readonly tts?: SpeechSynthesizer;
  /** Default 1,000 ms. */
  readonly repeatedFailureDelayMs?: number;
  readonly onListenerError?: (error: unknown) => void;
}

export function createPlayerServices(options: PlayerServicesOptions = {}): PlayerServices {
  const clock = options.clock ?? systemClock;
  return {
    clock,
    loader: options.loader,
    tts: options.tts,
    failures: new FailureCache(clock, options),
    converter: new SpeechConverter(),
    repeatedFailureDelayMs: options.repeatedFailureDelayMs ?? 1000,
    onListenerError:
      options.onListenerError ??
      ((e) =>
        queueMicrotask(() => {
          throw e;
        })),
  };
}
