import type { EngineContext, QueueState } from './engine-context.js';
import { compareRequests } from './ordering.js';
import { selectOperator } from './operator-selection.js';
import { isVoice, taskChannel, type OperatorState } from './operator-state.js';
import type { Request } from './types.js';
import type { WaitingList } from './waiting-list.js';

export interface Match {
  request: Request;
  queue: QueueState;
  operator: OperatorState;
}

/**
 * Matches waiting requests with free operators until no match is left. Each round takes, over the given queues, the
 * best request (priority, then virtual start) that some operator can take now, and lets the queue's strategy pick
 * the operator. Across queues this serves the oldest work first, so an operator in two queues is fair to both.
 *
 * Called after every change that can create a match (a request arrives or returns, an operator becomes free), so the
 * invariant "no waiting request could be offered to a free operator of its queue" holds between commands.
 */
export function dispatch(
  ctx: EngineContext,
  now: number,
  queues: Iterable<QueueState>,
  offer: (match: Match) => void,
): void {
  const scope = [...queues];
  for (;;) {
    let best: Match | undefined;
    for (const qs of scope) {
      for (const list of [qs.voice, qs.tasks]) {
        const m = firstMatch(qs, list, now);
        if (m && (!best || compareRequests(m.request, best.request) < 0)) best = m;
      }
    }
    if (!best) return;
    offer(best);
  }
}

/** The first request in service order that an operator can take now, with the operator the strategy picks. */
function firstMatch(qs: QueueState, list: WaitingList, now: number): Match | undefined {
  if (list.size === 0 || qs.operators.size === 0) return undefined;
  // Availability depends on the channel (voice, or a task channel), not on the request, so it is looked up once per
  // channel: a channel with no free operator is skipped for the rest of the scan.
  const noneFree = new Set<string>();
  for (const request of list) {
    if (request.notBefore !== undefined && request.notBefore > now) continue;
    const channel = isVoice(request) ? '\u0000voice' : taskChannel(request);
    if (noneFree.has(channel)) continue;
    const candidates: OperatorState[] = [];
    for (const os of qs.operators) if (os.canTake(request, qs.queue.settings, now)) candidates.push(os);
    const operator = selectOperator(qs.queue.settings.strategy, qs.queue, candidates);
    if (operator) return { request, queue: qs, operator };
    noneFree.add(channel);
    if (isVoice(request)) return undefined;
  }
  return undefined;
}
