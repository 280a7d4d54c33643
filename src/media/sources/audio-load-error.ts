/**
 * The one typed error of audio loading (files, URLs, decoding). Callers branch on `reason`, never on the message
 * (ARCHITECTURE.md, Errors); the player reports it in its `failed` event and the scenario layer maps it to VoxEngine's
 * `PlaybackFinished {error}`.
 *
 * - `not-found`: no such file, or the server answered 404 / 410.
 * - `http-status`: any other non-2xx answer (`status` holds it).
 * - `too-large`: the file or download exceeds the configured byte limit.
 * - `timeout`: the download did not complete within the time limit.
 * - `network`: the connection failed (refused, reset, DNS) before an HTTP answer.
 * - `bad-ref`: the reference is neither a path, a `file://` URL nor an `http(s)://` URL.
 * - `unsupported-format`: the bytes are neither WAV nor MPEG audio, or a WAV variant the reader does not decode.
 * - `decode-failed`: the bytes look like a known format but decoding failed or gave no audio.
 * - `aborted`: the caller's AbortSignal fired first.
 */
export type AudioLoadErrorReason =
  | 'not-found'
  | 'http-status'
  | 'too-large'
  | 'timeout'
  | 'network'
  | 'bad-ref'
  | 'unsupported-format'
  | 'decode-failed'
  | 'aborted';

export interface AudioLoadErrorDetails {
  cause?: unknown;
  /** The reference being loaded (path or URL). */
  ref?: string;
  /** For `http-status` (and `not-found` from a server): the HTTP status code. */
  status?: number;
}

export class AudioLoadError extends Error {
  readonly ref: string | undefined;
  readonly status: number | undefined;

  constructor(
    readonly reason: AudioLoadErrorReason,
    message: string,
    details: AudioLoadErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AudioLoadError';
    this.ref = details.ref;
    this.status = details.status;
  }

  /** The same error with `ref` filled in when it was not known where it was thrown. */
  withRef(ref: string): AudioLoadError {
    if (this.ref !== undefined) return this;
    return new AudioLoadError(this.reason, `${this.message} (${ref})`, {
      ref,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.cause !== undefined ? { cause: this.cause } : {}),
    });
  }
}

/** `e` as an AudioLoadError: itself when it is one, else wrapped with `reason`. */
export function asAudioLoadError(e: unknown, reason: AudioLoadErrorReason, ref?: string): AudioLoadError {
  if (e instanceof AudioLoadError) return ref === undefined ? e : e.withRef(ref);
  const message = e instanceof Error ? e.message : String(e);
  return new AudioLoadError(reason, message, { cause: e, ...(ref !== undefined ? { ref } : {}) });
}
