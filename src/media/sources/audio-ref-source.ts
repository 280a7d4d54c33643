/**
 * A file or URL played through the shared {@link AudioLoader}: silence while it loads, then the decoded prompt.
 * A load failure ends the source; `error` holds the AudioLoadError (not-found, timeout, too-large, ...).
 */
import { AudioLoadError, asAudioLoadError } from './audio-load-error.js';
import type { AudioLoader } from './audio-loader.js';
import { DeferredPcmSource } from './deferred-pcm-source.js';
import type { DeferredPcmSourceOptions } from './deferred-pcm-source.js';
import type { SourceFailure } from './source-kinds.js';

export class AudioRefSource extends DeferredPcmSource {
  constructor(
    loader: Pick<AudioLoader, 'load'>,
    readonly ref: string,
    options: DeferredPcmSourceOptions = {},
  ) {
    super((signal) => loader.load(ref, signal), options);
  }

  protected classify(error: unknown): SourceFailure {
    return asAudioLoadError(error, 'decode-failed', this.ref);
  }

  protected abortReason(): unknown {
    return new AudioLoadError('aborted', `playback of ${this.ref} stopped while loading`, { ref: this.ref });
  }
}
