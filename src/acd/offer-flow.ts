import { touchOperator, type EngineContext } from './engine-context.js';
import type { Match } from './dispatcher.js';
import { isVoice, type OperatorState } from './operator-state.js';
import type { CustomerDialOutcome, OfferFailureCause, Request } from './types.js';

/**
 * The life of an offer, from ringing an operator to the end of the work. Each step keeps the request, the operator's
 * assignments and the history in step; see the state diagram in types.ts.
 */

/** SIP-style status codes reported with OperatorFailed, as VoxEngine scenarios expect them. */
export const FAILURE_STATUS: Record<OfferFailureCause, number> = {
  'no-answer': 408,
  busy: 486,
  rejected: 603,
  unavailable: 480,
  declined: 603,
  error: 500,
};

export function ringTimeoutMs(ctx: EngineContext, request: Request): number {
  return (request.ringTimeout ?? ctx.queueOf(request).queue.settings.ringTimeout) * 1000;
}

/** Offers a waiting request to an operator: rings them (operator-first) or holds them while the customer is dialed. */
export function makeOffer(ctx: EngineContext, { request, queue, operator }: Match, now: number): void {
  queue.listFor(request).remove(request);
  const customerFirst = request.kind === 'callback' && queue.queue.settings.callback.mode === 'customer-first';
  const offer = {
    id: ctx.newId(),
    operator: operator.username,
    phase: customerFirst ? ('dialing-customer' as const) : ('ringing' as const),
    since: now,
    expiresAt: customerFirst ? null : now + ringTimeoutMs(ctx, request),
  };
  touchOperator(ctx, operator, () => {
    request.offer = offer;
    operator.assignments.set(request.id, request);
  });
  request.offers += 1;
  if (queue.queue.settings.strategy === 'round-robin') {
    // The round-robin cursor is the only queue field an offer changes; other strategies leave the row alone.
    queue.queue.lastOfferedOperator = operator.username;
    ctx.outbox.queue(queue.queue);
  }
  if (customerFirst) {
    request.attempts += 1;
    ctx.transition(request, 'offered', now, 'DIAL', { operator: operator.username, detail: `attempt ${request.attempts}` });
    ctx.outbox.emit({ type: 'DialCustomer', request, offer, attempt: request.attempts });
    return;
  }
  ctx.deadlines.push({ at: offer.expiresAt!, kind: 'offer', key: offer.id });
  ctx.transition(request, 'offered', now, 'OFFER', { operator: operator.username });
  ctx.outbox.emit({ type: 'Offered', request, offer });
}

/** The operator took the offer. */
export function acceptOffer(ctx: EngineContext, request: Request, operator: OperatorState, now: number): void {
  const offer = request.offer!;
  const qs = ctx.queueOf(request);
  if (isVoice(request) && request.answeredAt === undefined && request.attempts === 0) {
    // The request left the line for an operator: a completed wait for the estimator. Callbacks count too (they never
    // abandon), so the abandonment rate is per customer in line, callers and callbacks alike.
    qs.predictor.observeWaitEnd((now - request.createdAt) / 1000, false);
    ctx.saveEstimator(qs);
  }
  touchOperator(ctx, operator, () => {
    operator.op.misses = 0;
    if (request.kind === 'callback' && !offer.customerAnswered) {
      // Operator-first: the operator is reached and hears "please wait"; only now is the customer dialed, so there
      // are never more callbacks in flight than operators who accepted them (pacing).
      offer.phase = 'dialing-customer';
      offer.expiresAt = null;
    } else {
      offer.phase = 'connected';
      offer.expiresAt = null;
    }
  });
  ctx.outbox.emit({ type: 'OperatorReached', request, offer });
  if (offer.phase === 'dialing-customer') {
    request.attempts += 1;
    ctx.transition(request, 'offered', now, 'DIAL', { operator: operator.username, detail: `attempt ${request.attempts}` });
    ctx.outbox.emit({ type: 'DialCustomer', request, offer, attempt: request.attempts });
    return;
  }
  connect(ctx, request, operator, now);
}

/** Operator and customer (or task) are together; a pending callback for the same number is no longer needed. */
function connect(ctx: EngineContext, request: Request, operator: OperatorState, now: number): void {
  request.answeredAt ??= now;
  request.handledBy = operator.username;
  ctx.transition(request, 'connected', now, 'CONNECT', { operator: operator.username });
  ctx.outbox.emit({ type: 'Connected', request, operator: operator.username });
  if (request.kind === 'call' && request.phone) {
    const pending = ctx.callbackIndex.get(ctx.callbackKey(request.queue, request.phone));
    if (pending && pending !== request && pending.state === 'waiting') {
      ctx.end(pending, 'cancelled', now, 'CANCEL', 'reached-by-other-route');
    }
  }
}

/**
 * The operator did not take the offer. The request returns to its place (its order key is unchanged); the operator
 * is skipped for a while, and after too many misses in a row taken out of rotation. A decline is a conscious "no":
 * it delays the operator briefly but is not a miss.
 */
export function failOffer(
  ctx: EngineContext,
  request: Request,
  operator: OperatorState,
  cause: OfferFailureCause,
  statusCode: number,
  now: number,
): void {
  const policy = ctx.queueOf(request).queue.settings.noAnswer;
  const answeredBeforeRelease = request.offer?.customerAnswered === true;
  touchOperator(ctx, operator, () => {
    releaseAssignment(ctx, request, operator);
    const op = operator.op;
    const delay =
      cause === 'declined' || cause === 'error'
        ? policy.delaySeconds.declined
        : cause === 'busy' || cause === 'unavailable'
          ? policy.delaySeconds.busy
          : cause === 'rejected'
            ? policy.delaySeconds.rejected
            : policy.delaySeconds.noAnswer;
    op.skipUntil = now + delay * 1000;
    if (delay > 0) ctx.deadlines.push({ at: op.skipUntil, kind: 'operator', key: op.username });
    if (cause !== 'declined' && cause !== 'error') {
      op.misses += 1;
      if (policy.maxMisses > 0 && op.misses >= policy.maxMisses) {
        op.presence = policy.onMaxMisses;
        op.presenceSince = now;
        op.timeoutUntil = policy.onMaxMisses === 'TIMEOUT' ? now + policy.timeoutSeconds * 1000 : null;
        if (op.timeoutUntil !== null) ctx.deadlines.push({ at: op.timeoutUntil, kind: 'operator', key: op.username });
      }
    }
  });
  const event = cause === 'no-answer' ? 'RINGNOANSWER' : cause === 'declined' ? 'DECLINE' : 'OPERATOR_FAILED';
  if (request.kind === 'callback' && request.offer === undefined && answeredBeforeRelease) {
    // Customer-first: the customer is already on the line, so from now on this is a live caller waiting in place.
    ctx.unindexCallback(request);
    request.kind = 'call';
  }
  ctx.outbox.emit({ type: 'OperatorFailed', request, operator: operator.username, cause, statusCode });
  requeue(ctx, request, now, event, `${cause} ${statusCode}`, operator.username);
}

/** Stops alerting an operator without blaming them (the operator logged out, the request was moved). */
export function withdrawOffer(ctx: EngineContext, request: Request, operator: OperatorState, now: number, why: string): void {
  const offer = request.offer!;
  touchOperator(ctx, operator, () => releaseAssignment(ctx, request, operator));
  ctx.outbox.emit({ type: 'OfferWithdrawn', request, offer, cause: 'cancelled' });
  requeue(ctx, request, now, 'REQUEUE', why, operator.username);
}

/**
 * How dialing a callback's customer ended. Answered: operator-first connects; customer-first now rings the held
 * operator. Otherwise the callback retries after the policy's delay, keeping its place unless the queue says
 * otherwise, or fails after the last attempt.
 */
export function customerDialed(
  ctx: EngineContext,
  request: Request,
  operator: OperatorState,
  outcome: CustomerDialOutcome,
  now: number,
): void {
  const offer = request.offer!;
  const policy = ctx.queueOf(request).queue.settings.callback;
  if (outcome === 'answered') {
    if (policy.mode === 'customer-first' && !offer.customerAnswered) {
      touchOperator(ctx, operator, () => {
        offer.customerAnswered = true;
        offer.phase = 'ringing';
        offer.expiresAt = now + ringTimeoutMs(ctx, request);
      });
      ctx.deadlines.push({ at: offer.expiresAt!, kind: 'offer', key: offer.id });
      ctx.transition(request, 'offered', now, 'OFFER', { operator: operator.username, detail: 'customer-answered' });
      ctx.outbox.emit({ type: 'Offered', request, offer });
      return;
    }
    touchOperator(ctx, operator, () => {
      offer.phase = 'connected';
    });
    connect(ctx, request, operator, now);
    return;
  }
  // The operator waited for nothing: free again at once, and idle from now (no wrap-up, no miss).
  touchOperator(ctx, operator, () => {
    releaseAssignment(ctx, request, operator);
    operator.op.idleSince = now;
  });
  const delaySeconds =
    outcome === 'busy'
      ? policy.retryDelaySeconds.busy
      : outcome === 'no-answer'
        ? policy.retryDelaySeconds.noAnswer
        : policy.retryDelaySeconds.failed;
  ctx.outbox.log({
    requestId: request.id,
    queue: request.queue,
    at: now,
    event: 'DIAL_FAILED',
    state: request.state,
    operator: operator.username,
    detail: `${outcome} attempt ${request.attempts}`,
  });
  if (request.attempts >= policy.maxAttempts) {
    ctx.outbox.emit({ type: 'CustomerDialFailed', request, outcome, retryAt: null });
    ctx.end(request, 'failed', now, 'FAIL', `max-attempts:${outcome}`);
    return;
  }
  const retryAt = now + delaySeconds * 1000;
  const expiry = ctx.expiryOf(request);
  if (expiry !== null && retryAt >= expiry) {
    ctx.outbox.emit({ type: 'CustomerDialFailed', request, outcome, retryAt: null });
    ctx.end(request, 'expired', now, 'EXPIRE', `no-time-to-retry:${outcome}`);
    return;
  }
  ctx.outbox.emit({ type: 'CustomerDialFailed', request, outcome, retryAt });
  request.notBefore = retryAt;
  if (policy.retryPlacement === 'back') {
    request.virtualStart = now;
    request.seq = ++ctx.seq;
  }
  requeue(ctx, request, now, 'REQUEUE', `retry-after:${outcome}`);
}

/** The work is done. The operator wraps up (AFTER_SERVICE) for the queue's wrap-up time, then is READY again. */
export function completeRequest(ctx: EngineContext, request: Request, operator: OperatorState, now: number): void {
  const qs = ctx.queueOf(request);
  const handleSeconds = (now - (request.answeredAt ?? now)) / 1000;
  touchOperator(ctx, operator, () => {
    releaseAssignment(ctx, request, operator);
    const op = operator.op;
    op.handled += 1;
    const wrapUp = qs.queue.settings.wrapUpTime;
    if (wrapUp > 0 && operator.assignments.size === 0) {
      op.wrapUpUntil = now + wrapUp * 1000;
      ctx.deadlines.push({ at: op.wrapUpUntil, kind: 'operator', key: op.username });
    } else {
      op.idleSince = now;
    }
  });
  if (isVoice(request)) {
    // What the estimate needs is how long the work kept the operator from the next request: talk time plus wrap-up.
    qs.predictor.observeHandle(handleSeconds + qs.queue.settings.wrapUpTime);
    ctx.saveEstimator(qs);
  }
  ctx.end(request, 'completed', now, 'COMPLETE', 'completed', operator.username);
}

function releaseAssignment(ctx: EngineContext, request: Request, operator: OperatorState): void {
  operator.assignments.delete(request.id);
  request.offer = undefined;
  ctx.outbox.request(request);
}

/** Back to waiting at the request's place (its order key decides where that is). */
function requeue(ctx: EngineContext, request: Request, now: number, event: string, why: string, operator?: string): void {
  request.offer = undefined;
  ctx.transition(request, 'waiting', now, event, { operator, detail: why });
  ctx.addWaiting(request);
  ctx.outbox.emit({ type: 'Requeued', request, reason: why });
}
