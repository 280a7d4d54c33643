import type { RequestView } from '../acd/acd-facade.js';
import { HttpProblem } from './problem-details.js';

/**
 * A request the ACD recorded but did not queue (state `rejected`) is answered as a problem, not as a created
 * resource: the caller's intent (get called back) failed. The recorded request's id travels in the problem so
 * `GET /requests/{id}` and its history still work.
 *
 * - reason `offline` (no operator of the queue is logged in) → 503 `queue-offline`: try again later.
 * - reason `queue-full...` (size or predicted wait over the limit) → 409 `queue-full`.
 * - any other reason → 409 `request-rejected`.
 */
export function rejectionProblem(request: RequestView, headers: Record<string, string>): HttpProblem {
  const extensions = { requestId: request.id, queue: request.queue, reason: request.reason };
  if (request.reason === 'offline') {
    return new HttpProblem({
      status: 503,
      slug: 'queue-offline',
      title: 'Queue offline',
      detail: `No operator of queue '${request.queue}' is logged in; the request was not queued.`,
      extensions,
      headers,
    });
  }
  if (request.reason?.startsWith('queue-full')) {
    return new HttpProblem({
      status: 409,
      slug: 'queue-full',
      title: 'Queue full',
      detail: `Queue '${request.queue}' is full or its predicted wait is over the limit; the request was not queued.`,
      extensions,
      headers,
    });
  }
  return new HttpProblem({
    status: 409,
    slug: 'request-rejected',
    title: 'Request rejected',
    detail: `The ACD did not queue the request (${request.reason ?? 'no reason given'}).`,
    extensions,
    headers,
  });
}
