import type { z } from 'zod';
import type { AcdEvent } from '../../acd/events.js';
import type { AcdEventSchema } from '../schemas/event.js';
import { iso, isoOrNull } from '../time.js';
import { offerOut, requestSummaryOut } from './request.js';

export type AcdEventOut = z.output<typeof AcdEventSchema>;

/** An ACD event as an SSE `data:` object; `at` is when the API published it. */
export function eventOut(event: AcdEvent, at: number): AcdEventOut {
  const stamp = iso(at);
  if (event.type === 'Error') {
    return { type: event.type, at: stamp, error: event.error, requestIds: event.requestIds };
  }
  if (event.type === 'OperatorStatusChanged') {
    return { type: event.type, at: stamp, operator: event.operator, status: event.status, previous: event.previous };
  }
  if (event.type === 'OperatorReachabilityChanged') {
    return { type: event.type, at: stamp, operator: event.operator, voiceReachable: event.voiceReachable };
  }
  const request = requestSummaryOut(event.request);
  switch (event.type) {
    case 'Queued':
      return { type: event.type, at: stamp, request, duplicate: event.duplicate };
    case 'Offline':
    case 'Ended':
    case 'ConvertedToCallback':
      return { type: event.type, at: stamp, request };
    case 'QueueFull':
      return { type: event.type, at: stamp, request, cause: event.cause, predictedWait: event.predictedWait };
    case 'Offered':
    case 'OperatorReached':
      return { type: event.type, at: stamp, request, offer: offerOut(event.offer) };
    case 'OfferWithdrawn':
      return { type: event.type, at: stamp, request, offer: offerOut(event.offer), cause: event.cause };
    case 'OperatorFailed':
      return {
        type: event.type,
        at: stamp,
        request,
        operator: event.operator,
        cause: event.cause,
        statusCode: event.statusCode,
      };
    case 'DialCustomer':
      return { type: event.type, at: stamp, request, offer: offerOut(event.offer), attempt: event.attempt };
    case 'CustomerDialFailed':
      return { type: event.type, at: stamp, request, outcome: event.outcome, retryAt: isoOrNull(event.retryAt) };
    case 'Connected':
      return { type: event.type, at: stamp, request, operator: event.operator };
    case 'Requeued':
      return { type: event.type, at: stamp, request, reason: event.reason };
  }
}
