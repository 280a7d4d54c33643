import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { QueueStatisticsRow } from '../acd/store-port.js';
import type { Database } from './schema.js';

type Requests = ExpressionBuilder<Database, 'requests'>;

/**
 * One aggregate pass over the requests of `queue` created at or after `since` (index requests_queue_created). Every
 * column is `sum(case when ... then x else 0 end)`, which reads the same in SQLite and PostgreSQL; millisecond sums are
 * turned into seconds here rather than in SQL, where integer division differs between dialects. SUM over no rows is
 * NULL and PostgreSQL returns sums of bigint as numeric strings: {@link toNumber} covers both.
 *
 * Definitions (QueueStatisticsRow):
 * - entered: state <> 'rejected';  rejected: state = 'rejected'
 * - answered: answered_at set; answeredWithinSl: answered_at − created_at ≤ serviceLevelSeconds
 * - sumWaitSeconds: Σ (answered_at − created_at) of answered requests
 * - completed: state = 'completed'; sumHandleSeconds: Σ (ended_at − answered_at) of completed requests that have both
 * - abandoned: state = 'abandoned'; callbacks*: kind = 'callback' and state completed / failed / expired
 */
export async function queueStatisticsQuery(
  db: Kysely<Database>,
  queue: string,
  since: number,
  serviceLevelSeconds: number,
): Promise<QueueStatisticsRow> {
  const slMs = serviceLevelSeconds * 1000;
  const row = await db
    .selectFrom('requests')
    .where('queue', '=', queue)
    .where('created_at', '>=', since)
    .select((eb) => {
      const count = (condition: Expression<SqlBool>) => eb.fn.sum<number | string | null>(whenThen(eb, condition, 1));
      const sumOf = (condition: Expression<SqlBool>, value: Expression<number | null>) =>
        eb.fn.sum<number | string | null>(whenThen(eb, condition, value));
      const answered = eb('answered_at', 'is not', null);
      const wait = eb('answered_at', '-', eb.ref('created_at'));
      const handled = eb.and([eb('state', '=', 'completed'), answered, eb('ended_at', 'is not', null)]);
      const callback = (state: string) => eb.and([eb('kind', '=', 'callback'), eb('state', '=', state)]);
      return [
        count(eb('state', '<>', 'rejected')).as('entered'),
        count(answered).as('answered'),
        count(eb.and([answered, eb(wait, '<=', slMs)])).as('answered_within_sl'),
        sumOf(answered, wait).as('sum_wait_ms'),
        count(eb('state', '=', 'completed')).as('completed'),
        sumOf(handled, eb('ended_at', '-', eb.ref('answered_at'))).as('sum_handle_ms'),
        count(eb('state', '=', 'abandoned')).as('abandoned'),
        count(eb('state', '=', 'rejected')).as('rejected'),
        count(callback('completed')).as('callbacks_completed'),
        count(callback('failed')).as('callbacks_failed'),
        count(callback('expired')).as('callbacks_expired'),
      ];
    })
    .executeTakeFirstOrThrow();

  return {
    entered: toNumber(row.entered),
    answered: toNumber(row.answered),
    answeredWithinSl: toNumber(row.answered_within_sl),
    sumWaitSeconds: toNumber(row.sum_wait_ms) / 1000,
    completed: toNumber(row.completed),
    sumHandleSeconds: toNumber(row.sum_handle_ms) / 1000,
    abandoned: toNumber(row.abandoned),
    rejected: toNumber(row.rejected),
    callbacksCompleted: toNumber(row.callbacks_completed),
    callbacksFailed: toNumber(row.callbacks_failed),
    callbacksExpired: toNumber(row.callbacks_expired),
  };
}

/** `case when condition then value else 0 end` */
function whenThen(eb: Requests, condition: Expression<SqlBool>, value: Expression<number | null> | number) {
  return eb
    .case()
    .when(condition)
    .then(typeof value === 'number' ? eb.lit(value) : value)
    .else(eb.lit(0))
    .end();
}

function toNumber(value: number | string | null): number {
  return value === null ? 0 : Number(value);
}
