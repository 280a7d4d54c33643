import type { z } from 'zod';
import type { RequestView } from '../../acd/acd-facade.js';
import type { HistoryEntry } from '../../acd/history.js';
import type { Offer, Request } from '../../acd/types.js';
import type {
  HistoryEntrySchema,
  OfferSchema,
  RequestSchema,
  RequestSummarySchema,
} from '../schemas/request.js';
import { iso, isoOrNull, isoOrUndefined } from '../time.js';

/** Domain (ms times) → response (ISO strings). Fields are picked one by one, so internals (`seq`) never leak. */
export function offerOut(offer: Offer): z.output<typeof OfferSchema> {
  return {
    id: offer.id,
    operator: offer.operator,
    phase: offer.phase,
    since: iso(offer.since),
    expiresAt: isoOrNull(offer.expiresAt),
    customerAnswered: offer.customerAnswered,
  };
}

export function requestSummaryOut(r: Request): z.output<typeof RequestSummarySchema> {
  return {
    id: r.id,
    queue: r.queue,
    kind: r.kind,
    priority: r.priority,
    state: r.state,
    reason: r.reason,
    phone: r.phone,
    name: r.name,
    channel: r.channel,
    virtualStart: iso(r.virtualStart),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    notBefore: isoOrUndefined(r.notBefore),
    notAfter: isoOrUndefined(r.notAfter),
    attempts: r.attempts,
    offers: r.offers,
    offer: r.offer ? offerOut(r.offer) : undefined,
    answeredAt: isoOrUndefined(r.answeredAt),
    endedAt: isoOrUndefined(r.endedAt),
    handledBy: r.handledBy,
  };
}

export function requestOut(r: RequestView): z.output<typeof RequestSchema> {
  return {
    ...requestSummaryOut(r),
    payload: r.payload,
    customData: r.customData,
    ringTimeout: r.ringTimeout,
    position: r.position,
    estimatedWaitSeconds: r.estimatedWaitSeconds,
    ewtMinutes: r.ewtMinutes,
  };
}

export function historyEntryOut(e: HistoryEntry): z.output<typeof HistoryEntrySchema> {
  return { at: iso(e.at), event: e.event, state: e.state, queue: e.queue, operator: e.operator, detail: e.detail };
}
