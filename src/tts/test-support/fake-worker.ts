/**
 * A worker for WorkerPool tests. The request text picks the behaviour:
 *   'crash'        the thread exits with code 3 mid-job
 *   'throw-later'  an uncaught exception kills the thread mid-job
 *   'hang'         a busy loop that never yields (only terminate() ends it)
 *   'fail'         a TtsError reply ('engine-failed')
 *   'sleep:<ms>'   replies after <ms>
 *   'barrier:<n>'  waits until <n> jobs are inside a barrier at once (workerData.barrier, a shared Int32Array), so
 *                  it succeeds only when <n> workers run side by side; 'timeout' after 10 s otherwise
 *   anything else  echoes the text
 * Every reply carries the worker's threadId.
 */
import { threadId, workerData } from 'node:worker_threads';
import { TtsError } from '../tts-error.js';
import { serveWorker } from '../worker-protocol.js';

export interface FakeReply {
  readonly echo: string;
  readonly threadId: number;
}

serveWorker<{ text: string }, FakeReply>(async ({ text }) => {
  if (text === 'crash') process.exit(3);
  if (text === 'throw-later') {
    setTimeout(() => {
      throw new Error('kaboom');
    }, 0);
    await new Promise(() => undefined);
  }
  if (text === 'hang') {
    const end = Number.POSITIVE_INFINITY;
    while (Date.now() < end) {
      // spin: this thread never yields again
    }
  }
  if (text === 'fail') throw new TtsError('engine-failed', 'fake failure');
  if (text.startsWith('sleep:')) await new Promise((r) => setTimeout(r, Number(text.slice(6))));
  if (text.startsWith('barrier:')) {
    const n = Number(text.slice(8));
    const cell = (workerData as { barrier: Int32Array }).barrier;
    Atomics.add(cell, 0, 1);
    Atomics.notify(cell, 0);
    const deadline = Date.now() + 10_000;
    for (let seen = Atomics.load(cell, 0); seen < n; seen = Atomics.load(cell, 0)) {
      if (Date.now() > deadline) throw new TtsError('timeout', `barrier: ${seen} of ${n} jobs arrived`);
      Atomics.wait(cell, 0, seen, 100);
    }
  }
  return { value: { echo: text, threadId } };
});
