import type { CreateRequestInput } from './acd-facade.js';
import type { EngineContext, QueueState } from './engine-context.js';
import { AcdValidationError, NotFoundError } from './errors.js';
import { isVoice } from './operator-state.js';
import type { Request } from './types.js';
import { estimateAhead } from './wait-estimate.js';

/** What a new request is made of: the facade's input (already validated and normalized by the edge). */
export type EnqueueInput = CreateRequestInput;

export interface EnqueueResult {
  request: Request;
  outcome: 'queued' | 'duplicate' | 'offline' | 'queue-full';
}

/**
 * Decides whether a new request joins its queue, and if so puts it in line. In order:
 *
 * 1. validation (priority, phone of a callback, ring timeout, time window): throws, and nothing changes;
 * 2. dedupe: a callback to a number already waiting in the queue returns the existing one (`duplicate`);
 * 3. Offline: a call when no operator of the queue is logged in (every one OFFLINE) is rejected, as VoxEngine does.
 *    Voice reachability plays no part here: a READY operator whose phone is away is still logged in;
 * 4. QueueFull by size (`maxQueueSize`), then by predicted wait (`maxWaitingTime`, voice only);
 * 5. otherwise the request waits in line (`queued`). Dispatching it is the caller's job.
 */
export function admitRequest(ctx: EngineContext, input: EnqueueInput, now: number): EnqueueResult {
  const qs = ctx.queues.get(input.queue);
  if (!qs) throw new NotFoundError('queue', input.queue);
  const priority = input.priority ?? 50;
  if (!Number.isInteger(priority) || priority < 1 || priority > 100) {
    throw new AcdValidationError('priority', 'priority must be an integer from 1 (highest) to 100');
  }
  if (input.kind === 'callback' && !input.phone) throw new AcdValidationError('phone', 'a callback needs a phone number');
  if (input.ringTimeout !== undefined && (input.ringTimeout < 10 || input.ringTimeout > 400)) {
    throw new AcdValidationError('ringTimeout', 'ring timeout must be 10..400 seconds');
  }
  if (input.notBefore !== undefined && input.notAfter !== undefined && input.notAfter <= input.notBefore) {
    throw new AcdValidationError('notAfter', 'notAfter must be later than notBefore');
  }
  const settings = qs.queue.settings;
  if (input.kind === 'callback' && settings.callback.dedupe) {
    const existing = ctx.callbackIndex.get(ctx.callbackKey(qs.name, input.phone!));
    if (existing) {
      ctx.outbox.log({ requestId: existing.id, queue: qs.name, at: now, event: 'DUPLICATE', state: existing.state });
      ctx.outbox.emit({ type: 'Queued', request: existing, duplicate: true });
      return { request: existing, outcome: 'duplicate' };
    }
  }
  const request: Request = {
    id: ctx.newId(),
    queue: qs.name,
    kind: input.kind,
    priority,
    virtualStart: input.virtualStart ?? now,
    seq: ++ctx.seq,
    createdAt: now,
    updatedAt: now,
    state: 'waiting',
    phone: input.phone,
    name: input.name,
    channel: input.kind === 'task' ? (input.channel ?? 'task') : undefined,
    payload: input.payload,
    customData: input.customData,
    ringTimeout: input.ringTimeout,
    notBefore: input.notBefore !== undefined && input.notBefore > now ? input.notBefore : undefined,
    notAfter: input.notAfter,
    attempts: 0,
    offers: 0,
  };
  if (input.kind === 'call' && allOffline(qs)) {
    return reject(ctx, request, now, 'OFFLINE', 'offline', () => ctx.outbox.emit({ type: 'Offline', request }));
  }
  if (settings.maxQueueSize > 0 && qs.waitingCount >= settings.maxQueueSize) {
    return reject(ctx, request, now, 'QUEUEFULL', 'queue-full:size', () =>
      ctx.outbox.emit({ type: 'QueueFull', request, cause: 'size', predictedWait: estimateAhead(qs, qs.voice.size, now) }),
    );
  }
  if (isVoice(request) && settings.maxWaitingTime > 0) {
    const predicted = estimateAhead(qs, qs.voice.countAhead(request), now);
    // Nobody staffing gives an unknown (infinite) estimate: that is not evidence of a long wait, so it does not refuse.
    if (Number.isFinite(predicted) && predicted > settings.maxWaitingTime) {
      return reject(ctx, request, now, 'QUEUEFULL', 'queue-full:wait', () =>
        ctx.outbox.emit({ type: 'QueueFull', request, cause: 'wait', predictedWait: predicted }),
      );
    }
  }
  ctx.requests.set(request.id, request);
  ctx.transition(request, 'waiting', now, 'ENQUEUE', { detail: request.kind });
  ctx.addWaiting(request);
  ctx.outbox.emit({ type: 'Queued', request, duplicate: false });
  return { request, outcome: 'queued' };
}

/** Recorded so history is complete, but never queued. */
function reject(ctx: EngineContext, request: Request, now: number, event: string, reason: string, emit: () => void): EnqueueResult {
  request.reason = reason;
  request.endedAt = now;
  ctx.transition(request, 'rejected', now, event, { detail: reason });
  emit();
  return { request, outcome: reason === 'offline' ? 'offline' : 'queue-full' };
}

/** Offline: no operator of the queue is logged in (VoxEngine sends ACD.Offline and does not queue). */
function allOffline(qs: QueueState): boolean {
  for (const os of qs.operators) if (os.status() !== 'OFFLINE') return false;
  return true;
}
