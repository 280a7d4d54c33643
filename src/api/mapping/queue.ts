import type { z } from 'zod';
import type { QueueLive, QueueStatistics, QueueView } from '../../acd/acd-facade.js';
import type { QueueLiveSchema, QueueSchema, QueueStatisticsSchema } from '../schemas/queue.js';
import { iso } from '../time.js';
import { operatorOut } from './operator.js';
import { requestOut } from './request.js';

export function queueOut(q: QueueView): z.output<typeof QueueSchema> {
  return { name: q.name, title: q.title, settings: q.settings, waiting: q.waiting, operators: { ...q.operators } };
}

export function queueLiveOut(live: QueueLive): z.output<typeof QueueLiveSchema> {
  return {
    queue: queueOut(live.queue),
    requests: live.requests.map(requestOut),
    operators: live.operators.map(operatorOut),
  };
}

export function statisticsOut(s: QueueStatistics): z.output<typeof QueueStatisticsSchema> {
  return { ...s, since: iso(s.since), callbacks: { ...s.callbacks } };
}
