import type { AcdEvent } from '../../acd/events.js';
import type { Principal } from '../auth/principal.js';

/**
 * What a caller may see on the event stream. Supervisors and admins see everything. An operator sees only events
 * about itself: offers made to it, its connections and failures, its own status, and the later fate (requeue,
 * customer dial failure, end) of a request it holds or handled. Queue-wide events (Queued, Offline, QueueFull) and
 * other operators' events are withheld.
 */
export function eventVisibleTo(principal: Principal, event: AcdEvent): boolean {
  if (principal.role !== 'operator') return true;
  const me = principal.operator;
  if (me === undefined) return false;
  switch (event.type) {
    case 'OperatorStatusChanged':
    case 'OperatorReachabilityChanged':
    case 'OperatorFailed':
    case 'Connected':
      return event.operator === me;
    case 'Offered':
    case 'OfferWithdrawn':
    case 'OperatorReached':
    case 'DialCustomer':
      return event.offer.operator === me;
    case 'CustomerDialFailed':
    case 'Requeued':
    case 'Ended':
      return event.request.offer?.operator === me || event.request.handledBy === me;
    case 'Queued':
    case 'Offline':
    case 'QueueFull':
    case 'ConvertedToCallback':
    case 'Error':
      return false;
  }
}
