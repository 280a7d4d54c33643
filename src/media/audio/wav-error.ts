/** The error the WAV reader throws on bytes it cannot read as audio; `reason` says what kind of problem it is. */
export type WavErrorReason =
  | 'not-riff' // no RIFF/WAVE header
  | 'truncated' // a chunk or header ends early
  | 'no-format' // no "fmt " chunk before the data
  | 'no-data' // no "data" chunk
  | 'unsupported'; // a format, bit depth or channel count we do not decode

export class WavError extends Error {
  constructor(
    readonly reason: WavErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'WavError';
  }
}
