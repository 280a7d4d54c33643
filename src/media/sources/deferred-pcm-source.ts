/**
 * A source whose PCM is prepared off the media path (a download, a decode, a synthesis). Until it is ready it reads
 * as silence and reports that it goes on, as the FrameSource contract asks ("must not block"); once ready it reads
 * the PCM like a {@link PcmSource}; if preparing fails it reads as ended and keeps the typed error.
 *
 *   loading ──ok──▶ ready ──(last sample)──▶ read() = false
 *      └────error / dispose()──▶ failed ──▶ read() = false
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from '../audio-frame.js';
import { PcmFrameReader } from '../audio/framer.js';
import type { DeferredSource, RewindableSource, SourceFailure, SourceOutcome } from './source-kinds.js';

/** Prepares the 8 kHz PCM; should stop early when `signal` aborts. */
export type PcmLoader = (signal: AbortSignal) => Promise<Int16Array>;

export interface DeferredPcmSourceOptions {
  readonly loop?: boolean;
}

export abstract class DeferredPcmSource implements DeferredSource, RewindableSource {
  readonly deferred = true;
  readonly settled: Promise<SourceOutcome>;
  private state: 'loading' | 'ready' | 'failed' = 'loading';
  private failure: SourceFailure | undefined;
  private reader: PcmFrameReader | undefined;
  private pcm: Int16Array | undefined;
  private readonly controller = new AbortController();

  protected constructor(load: PcmLoader, options: DeferredPcmSourceOptions = {}) {
    let started: Promise<Int16Array>;
    try {
      started = load(this.controller.signal);
    } catch (e) {
      started = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.settled = started.then(
      (pcm): SourceOutcome => {
        if (this.controller.signal.aborted) return this.fail(this.classify(this.controller.signal.reason));
        this.pcm = pcm;
        this.reader = new PcmFrameReader(pcm, { loop: options.loop ?? false, frameSize: FRAME_SAMPLES });
        this.state = 'ready';
        return { ok: true };
      },
      (e: unknown): SourceOutcome => this.fail(this.classify(e)),
    );
  }

  /** Turns whatever the loader threw into this source's typed error. */
  protected abstract classify(error: unknown): SourceFailure;

  get status(): 'loading' | 'ready' | 'failed' {
    return this.state;
  }

  get error(): SourceFailure | undefined {
    return this.failure;
  }

  /** Length of one pass once ready. */
  get durationMs(): number | undefined {
    return this.pcm ? (this.pcm.length * 1000) / SAMPLE_RATE : undefined;
  }

  read(out: Int16Array): boolean {
    if (this.reader && !this.controller.signal.aborted) return this.reader.read(out);
    out.fill(0, 0, FRAME_SAMPLES);
    return this.state === 'loading' && !this.controller.signal.aborted;
  }

  rewind(): void {
    this.reader?.rewind();
  }

  dispose(): void {
    if (!this.controller.signal.aborted) this.controller.abort(this.abortReason());
  }

  /** What `dispose()` aborts the load with (classified like any other failure). */
  protected abstract abortReason(): unknown;

  private fail(error: SourceFailure): SourceOutcome {
    this.failure = error;
    this.state = 'failed';
    return { ok: false, error };
  }
}
