import type { CommitBatch } from './store-port.js';

/**
 * Merges batches produced one after another into one, as if applied in order: later rows replace earlier ones, a
 * delete after an upsert wins and an upsert after a delete wins, history and idempotency lines are kept in order.
 */
export function mergeBatches(batches: readonly CommitBatch[]): CommitBatch {
  if (batches.length === 1) return batches[0]!;
  const requests = new Map<string, NonNullable<CommitBatch['requests']>[number]>();
  const operators = new Map<string, NonNullable<CommitBatch['operators']>[number]>();
  const queues = new Map<string, NonNullable<CommitBatch['queues']>[number]>();
  const deletedQueues = new Set<string>();
  const deletedOperators = new Set<string>();
  const history: NonNullable<CommitBatch['history']> = [];
  const idempotency: NonNullable<CommitBatch['idempotency']> = [];
  const meta: Record<string, string> = {};
  for (const b of batches) {
    for (const q of b.queues ?? []) {
      deletedQueues.delete(q.name);
      queues.set(q.name, q);
    }
    for (const name of b.deletedQueues ?? []) {
      queues.delete(name);
      deletedQueues.add(name);
    }
    for (const o of b.operators ?? []) {
      deletedOperators.delete(o.username);
      operators.set(o.username, o);
    }
    for (const name of b.deletedOperators ?? []) {
      operators.delete(name);
      deletedOperators.add(name);
    }
    for (const r of b.requests ?? []) requests.set(r.id, r);
    if (b.history) history.push(...b.history);
    if (b.idempotency) idempotency.push(...b.idempotency);
    Object.assign(meta, b.meta ?? {});
  }
  const out: CommitBatch = {};
  if (queues.size) out.queues = [...queues.values()];
  if (deletedQueues.size) out.deletedQueues = [...deletedQueues];
  if (operators.size) out.operators = [...operators.values()];
  if (deletedOperators.size) out.deletedOperators = [...deletedOperators];
  if (requests.size) out.requests = [...requests.values()];
  if (history.length) out.history = history;
  if (idempotency.length) out.idempotency = idempotency;
  if (Object.keys(meta).length) out.meta = meta;
  return out;
}
