import type { OperatorState } from './operator-state.js';
import type { DistributionStrategy, Queue } from './types.js';

/**
 * Picks who gets the next offer among the operators able to take it. Ties always fall back to the longest idle,
 * then the username, so the choice is deterministic.
 *
 * - longest-idle: the operator free for the longest time (the fairest default; Asterisk's `leastrecent`).
 * - round-robin: the next operator after the one offered last in this queue, in username order.
 * - fewest-handled: the operator who handled the fewest requests (Asterisk's `fewestcalls`).
 * - skill-level-first: the highest skill level for this queue.
 */
export function selectOperator(
  strategy: DistributionStrategy,
  queue: Queue,
  candidates: readonly OperatorState[],
): OperatorState | undefined {
  if (candidates.length === 0) return undefined;
  if (strategy === 'round-robin') return roundRobin(queue, candidates);
  let best = candidates[0]!;
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (better(strategy, queue.name, c, best)) best = c;
  }
  return best;
}

function better(strategy: DistributionStrategy, queue: string, a: OperatorState, b: OperatorState): boolean {
  if (strategy === 'fewest-handled' && a.op.handled !== b.op.handled) return a.op.handled < b.op.handled;
  if (strategy === 'skill-level-first') {
    const sa = a.skillIn(queue);
    const sb = b.skillIn(queue);
    if (sa !== sb) return sa > sb;
  }
  if (a.op.idleSince !== b.op.idleSince) return a.op.idleSince < b.op.idleSince;
  return a.username < b.username;
}

function roundRobin(queue: Queue, candidates: readonly OperatorState[]): OperatorState {
  const last = queue.lastOfferedOperator;
  let after: OperatorState | undefined;
  let first: OperatorState | undefined;
  for (const c of candidates) {
    if (!first || c.username < first.username) first = c;
    if (last !== undefined && c.username > last && (!after || c.username < after.username)) after = c;
  }
  return after ?? first!;
}
