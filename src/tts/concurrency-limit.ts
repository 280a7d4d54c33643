/**
 * At most `max` tasks at once, at most `maxQueue` waiting; beyond that, 'queue-full'. Used by {@link CommandEngine}
 * so a burst of prompts cannot fork hundreds of synthesizer processes.
 */
import { abortError, TtsError } from './tts-error.js';

interface Waiter {
  readonly start: () => void;
  readonly fail: (e: TtsError) => void;
}

export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly max: number,
    private readonly maxQueue: number,
    private readonly name: string,
  ) {}

  /** Runs `task` when a slot is free. Waiting ends early with 'aborted' when `signal` fires. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.start();
    }
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Fails every waiting task with `error` (running ones are the caller's to stop). */
  rejectWaiting(error: TtsError): void {
    for (const w of this.waiting.splice(0)) w.fail(error);
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.running < this.max) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue) {
      return Promise.reject(new TtsError('queue-full', `${this.name}: ${this.waiting.length} syntheses already waiting`));
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortError(signal!));
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          this.running++;
          resolve();
        },
        fail: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }
}
