/**
 * Stands in for a source whose failure is already known (from the {@link FailureCache}): nothing is fetched or
 * synthesized; it reads as ended and settles at once with the remembered error.
 */
import { FRAME_SAMPLES } from '../audio-frame.js';
import type { DeferredSource, SourceFailure, SourceOutcome } from '../sources/index.js';

export class FailedSource implements DeferredSource {
  readonly deferred = true;
  readonly status = 'failed';
  readonly settled: Promise<SourceOutcome>;

  constructor(readonly error: SourceFailure) {
    this.settled = Promise.resolve({ ok: false, error });
  }

  read(out: Int16Array): boolean {
    out.fill(0, 0, FRAME_SAMPLES);
    return false;
  }

  dispose(): void {}
}
