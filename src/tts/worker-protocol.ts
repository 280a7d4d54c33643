/**
 * The messages between {@link WorkerPool} and its worker threads, and the worker-side loop.
 *
 *   worker → pool   { type: 'ready' }                    once, when the worker can take jobs
 *   pool → worker   { id, request }
 *   worker → pool   { type: 'reply', id, ok: true, value }  |  { type: 'reply', id, ok: false, reason, message }
 *
 * A worker handles one job at a time (the pool never sends a second before the first is answered). The pool starts a
 * job's time limit when it hands the job over, so a worker's start-up (module loading) never counts against it.
 */
import { parentPort } from 'node:worker_threads';
import type { TtsErrorReason } from './tts-error.js';
import { TtsError } from './tts-error.js';

export interface JobMessage<Req> {
  readonly id: number;
  readonly request: Req;
}

export type ReplyMessage<Res> =
  | { readonly type: 'ready' }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: Res }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly reason: TtsErrorReason; readonly message: string };

/** What a worker's handler returns: the value, and the ArrayBuffers to move (not copy) to the pool's thread. */
export interface HandlerResult<Res> {
  readonly value: Res;
  readonly transfer?: ArrayBuffer[];
}

/** Runs in a worker thread: answers every job message with `handler`'s result or its TtsError. */
export function serveWorker<Req, Res>(handler: (request: Req) => Promise<HandlerResult<Res>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker() must run in a worker thread');
  port.on('message', (msg: JobMessage<Req>) => {
    handler(msg.request).then(
      ({ value, transfer }) => port.postMessage({ type: 'reply', id: msg.id, ok: true, value } satisfies ReplyMessage<Res>, transfer ?? []),
      (e: unknown) => {
        const reason: TtsErrorReason = e instanceof TtsError ? e.reason : 'engine-failed';
        const message = e instanceof Error ? e.message : String(e);
        port.postMessage({ type: 'reply', id: msg.id, ok: false, reason, message } satisfies ReplyMessage<Res>);
      },
    );
  });
  port.postMessage({ type: 'ready' } satisfies ReplyMessage<Res>);
}
