import type { EngineContext } from './engine-context.js';
import type { Request } from './types.js';

/**
 * What a request becomes when the engine starts again after a stop or a crash (kill -9 included). Only durable
 * state is known: whatever was in flight on the wire is gone.
 *
 * - Callbacks and tasks that were waiting come back in place: same priority, virtual start and sequence.
 * - Requests that were being offered go back to their place; the operator is not blamed, and a callback's interrupted
 *   dial attempt is not counted.
 * - A task an operator was working on stays with that operator.
 * - Live calls (kind `call`) lost their caller with the process: they end as `abandoned`, or, when the queue's
 *   callback policy says `onCallerLost: callback` and the number is known, become a callback in the same place.
 * - A voice conversation in progress ended with the process: it is closed as completed (reason
 *   `interrupted-by-restart`).
 */
export function recoverRequest(ctx: EngineContext, r: Request, now: number): void {
  ctx.requests.set(r.id, r);
  const queue = ctx.queueOf(r);
  const offer = r.offer;
  if (r.state === 'connected' && offer) {
    const os = ctx.operators.get(offer.operator);
    if (r.kind === 'task' && os) {
      os.assignments.set(r.id, r);
      return;
    }
    if (r.kind !== 'task') {
      r.offer = undefined;
      ctx.end(r, 'completed', now, 'COMPLETE', 'interrupted-by-restart', offer.operator);
      return;
    }
  }
  if (r.kind === 'call') {
    if (queue.queue.settings.callback.onCallerLost === 'callback' && r.phone) {
      r.kind = 'callback';
      r.offer = undefined;
      r.notBefore = undefined;
      ctx.transition(r, 'waiting', now, 'RECOVER', { detail: 'caller-lost:callback' });
      ctx.addWaiting(r);
      return;
    }
    r.offer = undefined;
    ctx.end(r, 'abandoned', now, 'ABANDON', 'caller-lost-on-restart');
    return;
  }
  if (offer) {
    if (offer.phase === 'dialing-customer' && r.attempts > 0) r.attempts -= 1;
    r.offer = undefined;
    ctx.transition(r, 'waiting', now, 'RECOVER', { operator: offer.operator, detail: `interrupted-${offer.phase}` });
  }
  ctx.addWaiting(r);
}
