/**
 * The TTS layer's one typed error. Callers branch on `reason`, never on the message text (ARCHITECTURE.md, Errors).
 *
 * - `unknown-voice`: the voice cannot be resolved or the engine does not have it; `knownVoices` lists what would work.
 * - `text-too-long`: the text exceeds the engine's configured limit (`limit` says how many characters).
 * - `engine-failed`: the engine crashed, exited non-zero, or produced no or malformed audio.
 * - `timeout`: the synthesis took longer than the engine's time limit and was killed.
 * - `aborted`: the caller's AbortSignal fired first.
 * - `queue-full`: the engine's bounded queue of waiting syntheses is full (back-pressure; retry later or shed load).
 */
export type TtsErrorReason = 'unknown-voice' | 'text-too-long' | 'engine-failed' | 'timeout' | 'aborted' | 'queue-full';

export interface TtsErrorDetails {
  cause?: unknown;
  /** For `unknown-voice`: voice names and aliases that would have been accepted. */
  knownVoices?: readonly string[];
  /** For `text-too-long`: the limit in characters. */
  limit?: number;
}

export class TtsError extends Error {
  readonly knownVoices: readonly string[] | undefined;
  readonly limit: number | undefined;

  constructor(
    readonly reason: TtsErrorReason,
    message: string,
    details: TtsErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'TtsError';
    this.knownVoices = details.knownVoices;
    this.limit = details.limit;
  }
}

/** The error an aborted signal stands for: the signal's own reason when it is already a TtsError, else `aborted`. */
export function abortError(signal: AbortSignal): TtsError {
  const r: unknown = signal.reason;
  if (r instanceof TtsError) return r;
  return new TtsError('aborted', 'speech synthesis aborted', { cause: r });
}
