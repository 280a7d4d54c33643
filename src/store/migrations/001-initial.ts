import { sql } from 'kysely';
import type { Migration } from './migration.js';

/**
 * The first schema: queues, operators, requests (hot fields as columns, the rest JSON text), the append-only request
 * history, idempotency keys and the engine's meta values. Times are `bigint` milliseconds.
 */
export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  async up(db, capabilities) {
    await db.schema
      .createTable('queues')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text')
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('last_offered_operator', 'text')
      .execute();

    await db.schema
      .createTable('operators')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('queues', 'text', (c) => c.notNull())
      .addColumn('presence', 'text', (c) => c.notNull())
      .addColumn('presence_since', 'bigint', (c) => c.notNull())
      .addColumn('idle_since', 'bigint', (c) => c.notNull())
      .addColumn('handled', 'integer', (c) => c.notNull())
      .addColumn('misses', 'integer', (c) => c.notNull())
      .addColumn('skip_until', 'bigint', (c) => c.notNull())
      .addColumn('wrap_up_until', 'bigint')
      .addColumn('timeout_until', 'bigint')
      .execute();

    // No foreign key to queues: a deleted queue keeps its finished requests (statistics, history, audits).
    await db.schema
      .createTable('requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('virtual_start', 'bigint', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('phone', 'text')
      .addColumn('name', 'text')
      .addColumn('channel', 'text')
      .addColumn('payload', 'text')
      .addColumn('custom_data', 'text')
      .addColumn('ring_timeout', 'integer')
      .addColumn('not_before', 'bigint')
      .addColumn('not_after', 'bigint')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('offers', 'integer', (c) => c.notNull())
      .addColumn('offer', 'text')
      .addColumn('answered_at', 'bigint')
      .addColumn('ended_at', 'bigint')
      .addColumn('handled_by', 'text')
      .execute();
    // listRequests by queue and statistics (queue = ? and created_at >= ?).
    await db.schema.createIndex('requests_queue_created').on('requests').columns(['queue', 'created_at', 'seq']).execute();
    // Every index costs each commit a page write (about 10-20 µs on a VM disk, see docs/storage.md), so only filters
    // that are used alone get one; `kind` and `state` filters ride on these (kind has 3 values, state 9).
    // listRequests without a queue, ordered by creation.
    await db.schema.createIndex('requests_created').on('requests').columns(['created_at', 'seq']).execute();
    await db.schema.createIndex('requests_phone').on('requests').columns(['phone', 'created_at', 'seq']).execute();
    // loadState: a partial index holds only the active requests, so it stays small however long the log grows. The
    // predicate is written with literals, exactly as KyselyAcdStore.loadState writes it, so planners can match it.
    await db.schema
      .createIndex('requests_active')
      .on('requests')
      .columns(['state', 'seq'])
      .where(sql<boolean>`state in ('waiting', 'offered', 'connected')`)
      .execute();

    await db.schema
      .createTable('request_history')
      .addColumn('id', capabilities.serialPrimaryKey.dataType, capabilities.serialPrimaryKey.define)
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('operator', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('request_history_request').on('request_history').columns(['request_id', 'id']).execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('client', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['client', 'idempotency_key'])
      .execute();

    await db.schema
      .createTable('meta')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
