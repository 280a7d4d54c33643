/**
 * The storage contract: what every AcdStore dialect must do, run once per dialect by store-contract.test.ts.
 * A dialect that cannot pass a case skips it with `it.skip` and a written reason, never by deleting it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/acd/history.js';
import type { AcdStore, CommitBatch, IdempotencyRecord } from '../../src/acd/store-port.js';
import type { Operator, Queue, QueueSettings, Request } from '../../src/acd/types.js';
import {
  MIGRATIONS,
  SchemaTooNewError,
  StoreWriteError,
  type Migration,
  type StoreOptions,
} from '../../src/store/index.js';

/** One database under test. `open` may be called several times: every store it returns reaches the same data. */
export interface StoreUnderTest {
  open(overrides?: { migrations?: readonly Migration[] }): Promise<AcdStore>;
  /** What a separate process passes to openStore() to reach the same database (the kill -9 test). */
  openOptions: StoreOptions;
  /** Drops the database (temp directory, schema...). Stores are closed before it runs. */
  cleanup(): Promise<void>;
}

export type MakeStore = () => Promise<StoreUnderTest>;

const T = 1_700_000_000_000;

export function settings(overrides: Partial<QueueSettings> = {}): QueueSettings {
  return {
    maxQueueSize: 0,
    maxWaitingTime: 0,
    averageServiceTime: 180,
    ringTimeout: 60,
    wrapUpTime: 10,
    serviceLevelSeconds: 20,
    strategy: 'longest-idle',
    noAnswer: { delaySeconds: { noAnswer: 30, busy: 10, rejected: 10, declined: 0 }, maxMisses: 3, onMaxMisses: 'BANNED', timeoutSeconds: 300 },
    callback: {
      mode: 'operator-first',
      maxAttempts: 3,
      retryDelaySeconds: { busy: 120, noAnswer: 300, failed: 600 },
      retryPlacement: 'keep',
      expirySeconds: 86_400,
      dedupe: true,
      onCallerLost: 'callback',
    },
    taskCapacity: { chat: 3, email: 5 },
    ...overrides,
  };
}

export function queue(name: string, extra: Partial<Queue> = {}): Queue {
  return { name, settings: settings(), ...extra };
}

export function operator(username: string, extra: Partial<Operator> = {}): Operator {
  return {
    username,
    displayName: `Operator ${username}`,
    queues: [{ queue: 'sales', skill: 5 }, { queue: 'support', skill: 1 }],
    presence: 'READY',
    presenceSince: T,
    idleSince: T + 1,
    handled: 7,
    misses: 0,
    skipUntil: 0,
    wrapUpUntil: null,
    timeoutUntil: null,
    ...extra,
  };
}

let seq = 0;
export function request(id: string, extra: Partial<Request> = {}): Request {
  seq++;
  const createdAt = extra.createdAt ?? T + seq;
  return {
    id,
    queue: 'sales',
    kind: 'call',
    priority: 50,
    virtualStart: createdAt,
    seq,
    createdAt,
    updatedAt: createdAt,
    state: 'waiting',
    attempts: 0,
    offers: 0,
    ...extra,
  };
}

export function line(requestId: string, event: string, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return { requestId, queue: 'sales', at: T, event, state: 'waiting', ...extra };
}

/** A request with every optional field set, to check each one round-trips. */
function fullRequest(id: string): Request {
  return request(id, {
    kind: 'callback',
    priority: 1,
    state: 'offered',
    reason: 'retry',
    phone: '+4915112345678',
    name: 'Zoë Ünal 名前',
    channel: 'web',
    payload: { page: '/pricing', cart: [1, 2.5, { sku: 'x', qty: null }], nested: { deep: [true, false] }, emoji: '📞' },
    customData: '{"crm":"A-17"}',
    ringTimeout: 25,
    notBefore: T + 60_000,
    notAfter: T + 3_600_000,
    attempts: 2,
    offers: 3,
    offer: { id: 'o1', operator: 'alice', phase: 'dialing-customer', since: T + 5, expiresAt: null, customerAnswered: true },
    answeredAt: T + 10,
    endedAt: T + 20,
    handledBy: 'alice',
  });
}

export function storeContract(name: string, makeStore: MakeStore): void {
  describe(`AcdStore contract: ${name}`, () => {
    let target: StoreUnderTest;
    let opened: AcdStore[];
    let store: AcdStore;

    /** Opens (and tracks, for closing) another store on the same database. */
    async function open(overrides?: { migrations?: readonly Migration[] }): Promise<AcdStore> {
      const s = await target.open(overrides);
      opened.push(s);
      return s;
    }

    beforeEach(async () => {
      target = await makeStore();
      opened = [];
      store = await open();
      await store.migrate();
    });

    afterEach(async () => {
      for (const s of opened) await s.close();
      await target.cleanup();
    });

    describe('migrations', () => {
      it('migrating again (same store, and a new one on the same database) changes nothing', async () => {
        await store.commit({ queues: [queue('sales')], requests: [request('r1')], meta: { seq: '1' } });
        await store.migrate();
        const again = await open();
        await again.migrate();
        await again.migrate();
        const state = await again.loadState();
        expect(state.queues).toEqual([queue('sales')]);
        expect(state.requests.map((r) => r.id)).toEqual(['r1']);
        expect(state.meta).toEqual({ seq: '1' });
      });

      it('refuses a database migrated by a newer build, with SchemaTooNewError', async () => {
        const future: Migration = {
          version: MIGRATIONS.length + 1,
          name: 'from-the-future',
          async up(db) {
            await db.schema.createTable('future_table').addColumn('x', 'integer').execute();
          },
        };
        const newer = await open({ migrations: [...MIGRATIONS, future] });
        await newer.migrate();
        await newer.close();

        const older = await open();
        const error = await older.migrate().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(SchemaTooNewError);
        expect(error).toMatchObject({ databaseVersion: MIGRATIONS.length + 1, supportedVersion: MIGRATIONS.length });
      });
    });

    describe('commit and load', () => {
      it('starts empty', async () => {
        expect(await store.loadState()).toEqual({ queues: [], operators: [], requests: [], meta: {} });
      });

      it('round-trips queues, operators and requests exactly (offer, payload, absent optionals)', async () => {
        const queues = [
          queue('sales', { title: 'Sales DE', lastOfferedOperator: 'bob' }),
          queue('support', { settings: settings({ strategy: 'skill-level-first', callback: { ...settings().callback, callerId: '+4930123' } }) }),
        ];
        const operators = [
          operator('alice'),
          operator('bob', { presence: 'TIMEOUT', timeoutUntil: T + 300_000, wrapUpUntil: T + 10_000, misses: 3, queues: [] }),
        ];
        const minimal = request('r-min');
        const full = fullRequest('r-full');
        const nullPayload = request('r-null', { payload: null, offer: { id: 'o2', operator: 'bob', phase: 'ringing', since: T, expiresAt: T + 60_000 } });
        await store.commit({ queues, operators, requests: [minimal, full, nullPayload] });

        const state = await store.loadState();
        expect(state.queues).toStrictEqual(queues);
        expect(state.operators).toStrictEqual(operators);
        expect(state.requests).toStrictEqual([minimal, full, nullPayload]);
        // Absent optionals come back absent (not null, not a key holding undefined).
        expect(Object.keys(state.requests[0]!).sort()).toEqual(Object.keys(minimal).sort());
        expect(state.requests[2]!.payload).toBeNull();
        expect(await store.getRequest('r-full')).toStrictEqual(full);
      });

      it('upserts by key: a later commit replaces the row', async () => {
        await store.commit({ queues: [queue('sales')], operators: [operator('alice')], requests: [fullRequest('r1')] });
        const updatedQueue = queue('sales', { title: 'renamed' });
        const updatedOperator = operator('alice', { presence: 'DND', handled: 8 });
        // Fields that were set become absent again.
        const updatedRequest = request('r1', { state: 'waiting', attempts: 3 });
        await store.commit({ queues: [updatedQueue], operators: [updatedOperator], requests: [updatedRequest] });
        const state = await store.loadState();
        expect(state.queues).toStrictEqual([updatedQueue]);
        expect(state.operators).toStrictEqual([updatedOperator]);
        expect(state.requests).toStrictEqual([updatedRequest]);
      });

      it('deletes queues and operators', async () => {
        await store.commit({ queues: [queue('a'), queue('b')], operators: [operator('x'), operator('y')] });
        await store.commit({ deletedQueues: ['a', 'missing'], deletedOperators: ['y'] });
        const state = await store.loadState();
        expect(state.queues.map((q) => q.name)).toEqual(['b']);
        expect(state.operators.map((o) => o.username)).toEqual(['x']);
      });

      it('upserts meta keys', async () => {
        await store.commit({ meta: { seq: '1', 'ewt:sales': '{"a":1}' } });
        await store.commit({ meta: { seq: '2' } });
        expect((await store.loadState()).meta).toEqual({ seq: '2', 'ewt:sales': '{"a":1}' });
      });

      it('an empty batch is a no-op', async () => {
        await store.commit({});
        await store.commit({ queues: [], requests: [], meta: {} });
        expect(await store.loadState()).toEqual({ queues: [], operators: [], requests: [], meta: {} });
      });

      it('loadState holds only active requests; terminal ones stay reachable by getRequest and listRequests', async () => {
        const states = ['waiting', 'offered', 'connected', 'completed', 'cancelled', 'expired', 'abandoned', 'failed', 'rejected'] as const;
        await store.commit({ requests: states.map((state) => request(`r-${state}`, { state })) });
        const state = await store.loadState();
        expect(state.requests.map((r) => r.state)).toEqual(['waiting', 'offered', 'connected']);
        expect(await store.getRequest('r-completed')).toMatchObject({ state: 'completed' });
        expect(await store.getRequest('r-nope')).toBeUndefined();
        const listed = await store.listRequests({ limit: 100 });
        expect(listed.map((r) => r.state)).toEqual([...states]);
      });

      it('commits a batch larger than one statement can bind (2,000 requests)', async () => {
        const requests = Array.from({ length: 2000 }, (_, i) => request(`bulk-${i}`, { payload: { i } }));
        await store.commit({ requests, history: requests.map((r) => line(r.id, 'ENQUEUE')) });
        const state = await store.loadState();
        expect(state.requests).toHaveLength(2000);
        expect(state.requests[1999]).toStrictEqual(requests[1999]);
        expect(await store.history('bulk-1999')).toHaveLength(1);
      });

      it('concurrent commits all land', async () => {
        await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.commit({ requests: [request(`c${i}`)], history: [line(`c${i}`, 'ENQUEUE')] })),
        );
        expect((await store.loadState()).requests).toHaveLength(50);
      });
    });

    describe('atomicity', () => {
      const before: CommitBatch = {
        queues: [queue('sales')],
        operators: [operator('alice')],
        requests: [request('r1')],
        history: [line('r1', 'ENQUEUE')],
        meta: { seq: '1' },
      };

      async function expectRolledBack(bad: CommitBatch): Promise<void> {
        await store.commit(before);
        const snapshot = await store.loadState();
        await expect(store.commit(bad)).rejects.toBeInstanceOf(StoreWriteError);
        expect(await store.loadState()).toStrictEqual(snapshot);
        expect(await store.history('r1')).toStrictEqual(before.history);
        expect(await store.getRequest('r2')).toBeUndefined();
        expect(await store.history('r2')).toEqual([]);
        expect(await store.findIdempotent('client', 'k2')).toBeUndefined();
        // The store is still usable after the rollback.
        await store.commit({ requests: [request('r3')] });
        expect(await store.getRequest('r3')).toBeDefined();
      }

      it('a history line violating NOT NULL after other writes leaves nothing behind', async () => {
        const broken = { ...line('r2', 'OFFER'), event: null } as unknown as HistoryEntry;
        await expectRolledBack({
          queues: [queue('sales', { title: 'changed' }), queue('new')],
          deletedOperators: ['alice'],
          operators: [operator('bob')],
          requests: [request('r1', { state: 'completed' }), request('r2')],
          history: [line('r2', 'ENQUEUE'), broken],
          idempotency: [{ client: 'client', key: 'k2', fingerprint: 'f', requestId: 'r2', createdAt: T }],
          meta: { seq: '2' },
        });
      });

      it('an invalid value in the last table written (meta) rolls back everything before it', async () => {
        await expectRolledBack({
          requests: [request('r2')],
          history: [line('r2', 'ENQUEUE')],
          idempotency: [{ client: 'client', key: 'k2', fingerprint: 'f', requestId: 'r2', createdAt: T }],
          meta: { seq: null as unknown as string },
        });
      });

      it('a payload that cannot be serialized fails the commit before anything is written', async () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        await expectRolledBack({ requests: [request('r2'), request('r4', { payload: cyclic })] });
      });
    });

    describe('listRequests', () => {
      // created at T+1000·i; queues, kinds, phones and states mixed.
      const data = [
        request('l0', { queue: 'sales', kind: 'call', phone: '+491', state: 'completed', createdAt: T + 0 }),
        request('l1', { queue: 'sales', kind: 'callback', phone: '+492', state: 'waiting', createdAt: T + 1000 }),
        request('l2', { queue: 'support', kind: 'callback', phone: '+491', state: 'waiting', createdAt: T + 2000 }),
        request('l3', { queue: 'sales', kind: 'task', state: 'connected', createdAt: T + 3000 }),
        request('l4', { queue: 'support', kind: 'call', phone: '+491', state: 'abandoned', createdAt: T + 4000 }),
        request('l5', { queue: 'sales', kind: 'callback', phone: '+491', state: 'failed', createdAt: T + 5000 }),
        // Same creation time as l5: seq breaks the tie.
        request('l6', { queue: 'sales', kind: 'call', phone: '+493', state: 'waiting', createdAt: T + 5000 }),
      ];
      const ids = (rs: Request[]) => rs.map((r) => r.id);

      beforeEach(async () => {
        // Written in a scrambled order: listing order must come from the data, not from insertion.
        await store.commit({ requests: [data[4]!, data[0]!, data[6]!, data[2]!] });
        await store.commit({ requests: [data[5]!, data[1]!, data[3]!] });
      });

      it('lists oldest first by default, newest first on request', async () => {
        expect(ids(await store.listRequests({ limit: 100 }))).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6']);
        expect(ids(await store.listRequests({ limit: 100, newestFirst: true }))).toEqual(['l6', 'l5', 'l4', 'l3', 'l2', 'l1', 'l0']);
      });

      it('filters by queue, states, kind, phone and since', async () => {
        expect(ids(await store.listRequests({ limit: 100, queue: 'support' }))).toEqual(['l2', 'l4']);
        expect(ids(await store.listRequests({ limit: 100, states: ['waiting', 'connected'] }))).toEqual(['l1', 'l2', 'l3', 'l6']);
        expect(ids(await store.listRequests({ limit: 100, states: [] }))).toEqual([]);
        expect(ids(await store.listRequests({ limit: 100, kind: 'callback' }))).toEqual(['l1', 'l2', 'l5']);
        expect(ids(await store.listRequests({ limit: 100, phone: '+491' }))).toEqual(['l0', 'l2', 'l4', 'l5']);
        expect(ids(await store.listRequests({ limit: 100, since: T + 4000 }))).toEqual(['l4', 'l5', 'l6']);
        expect(
          ids(await store.listRequests({ limit: 100, queue: 'sales', kind: 'callback', phone: '+491', states: ['failed'], since: T + 5000 })),
        ).toEqual(['l5']);
        expect(ids(await store.listRequests({ limit: 100, queue: 'nowhere' }))).toEqual([]);
      });

      it('pages with limit and offset, in either direction', async () => {
        expect(ids(await store.listRequests({ limit: 2 }))).toEqual(['l0', 'l1']);
        expect(ids(await store.listRequests({ limit: 2, offset: 2 }))).toEqual(['l2', 'l3']);
        expect(ids(await store.listRequests({ limit: 2, offset: 6 }))).toEqual(['l6']);
        expect(ids(await store.listRequests({ limit: 3, offset: 1, newestFirst: true, queue: 'sales' }))).toEqual(['l5', 'l3', 'l1']);
        expect(ids(await store.listRequests({ limit: 0 }))).toEqual([]);
      });
    });

    describe('history', () => {
      it('returns one request’s lines in append order, whatever their timestamps', async () => {
        await store.commit({
          requests: [request('h1'), request('h2')],
          history: [line('h1', 'ENQUEUE', { at: T + 100 }), line('h2', 'ENQUEUE', { at: T + 50 })],
        });
        await store.commit({ history: [line('h1', 'OFFER', { at: T + 100, state: 'offered', operator: 'alice' })] });
        await store.commit({
          history: [
            line('h1', 'RINGNOANSWER', { at: T + 90, detail: '408' }),
            line('h2', 'CANCEL', { at: T + 60, state: 'cancelled' }),
            line('h1', 'CONNECT', { at: T + 200, state: 'connected', operator: 'bob', detail: 'attempt 2' }),
          ],
        });
        expect(await store.history('h1')).toStrictEqual([
          line('h1', 'ENQUEUE', { at: T + 100 }),
          line('h1', 'OFFER', { at: T + 100, state: 'offered', operator: 'alice' }),
          line('h1', 'RINGNOANSWER', { at: T + 90, detail: '408' }),
          line('h1', 'CONNECT', { at: T + 200, state: 'connected', operator: 'bob', detail: 'attempt 2' }),
        ]);
        expect((await store.history('h2')).map((h) => h.event)).toEqual(['ENQUEUE', 'CANCEL']);
        expect(await store.history('unknown')).toEqual([]);
      });

      it('keeps lines of rejected requests and of requests whose queue was deleted', async () => {
        await store.commit({
          queues: [queue('gone')],
          requests: [request('x', { queue: 'gone', state: 'rejected', reason: 'QueueFull' })],
          history: [line('x', 'QUEUEFULL', { queue: 'gone', state: 'rejected' })],
        });
        await store.commit({ deletedQueues: ['gone'] });
        expect(await store.history('x')).toHaveLength(1);
        expect(await store.getRequest('x')).toMatchObject({ state: 'rejected', reason: 'QueueFull' });
      });
    });

    describe('idempotency', () => {
      const record = (client: string, key: string, requestId: string, fingerprint = 'fp'): IdempotencyRecord => ({
        client,
        key,
        fingerprint,
        requestId,
        createdAt: T,
      });

      it('finds a key only for the client that used it', async () => {
        await store.commit({ idempotency: [record('c1', 'k', 'r1', 'fp1'), record('c2', 'k', 'r2', 'fp2')] });
        expect(await store.findIdempotent('c1', 'k')).toStrictEqual(record('c1', 'k', 'r1', 'fp1'));
        expect(await store.findIdempotent('c2', 'k')).toStrictEqual(record('c2', 'k', 'r2', 'fp2'));
        expect(await store.findIdempotent('c3', 'k')).toBeUndefined();
        expect(await store.findIdempotent('c1', 'other')).toBeUndefined();
      });

      it('keeps the first record when a key is written twice', async () => {
        await store.commit({ idempotency: [record('c1', 'k', 'first')] });
        await store.commit({ idempotency: [record('c1', 'k', 'second')] });
        expect(await store.findIdempotent('c1', 'k')).toMatchObject({ requestId: 'first' });
      });
    });

    describe('queueStatistics', () => {
      const S = 1000; // seconds → ms

      it('aggregates a hand-made data set', async () => {
        await store.commit({
          requests: [
            // wait 10.5 s (within SL 20), handle 60 s
            request('s1', { state: 'completed', createdAt: T, answeredAt: T + 10.5 * S, endedAt: T + 70.5 * S }),
            // wait 30 s (over SL), handle 120 s
            request('s2', { state: 'completed', createdAt: T + S, answeredAt: T + 31 * S, endedAt: T + 151 * S }),
            request('s3', { state: 'abandoned', createdAt: T + 2 * S, endedAt: T + 50 * S }),
            request('s4', { state: 'rejected', reason: 'QueueFull', createdAt: T + 3 * S, endedAt: T + 3 * S }),
            // callback: wait exactly the SL (counts as within), handle 40 s
            request('s5', { kind: 'callback', state: 'completed', createdAt: T + 4 * S, answeredAt: T + 24 * S, endedAt: T + 64 * S }),
            request('s6', { kind: 'callback', state: 'failed', createdAt: T + 5 * S, endedAt: T + 99 * S }),
            request('s7', { kind: 'callback', state: 'expired', createdAt: T + 6 * S, endedAt: T + 99 * S }),
            // still connected: answered (wait 5 s) but not completed
            request('s8', { kind: 'task', state: 'connected', createdAt: T + 7 * S, answeredAt: T + 12 * S }),
            request('s9', { kind: 'callback', state: 'waiting', createdAt: T + 8 * S }),
            // excluded: another queue, and created before `since`
            request('x1', { queue: 'support', state: 'completed', createdAt: T + S, answeredAt: T + 2 * S, endedAt: T + 3 * S }),
            request('x2', { state: 'completed', createdAt: T - 1, answeredAt: T + S, endedAt: T + 2 * S }),
          ],
        });
        expect(await store.queueStatistics('sales', T, 20)).toEqual({
          entered: 8,
          answered: 4,
          answeredWithinSl: 3,
          sumWaitSeconds: 10.5 + 30 + 20 + 5,
          completed: 3,
          sumHandleSeconds: 60 + 120 + 40,
          abandoned: 1,
          rejected: 1,
          callbacksCompleted: 1,
          callbacksFailed: 1,
          callbacksExpired: 1,
        });
        // A tighter service level and a later `since` change only what they should.
        const later = await store.queueStatistics('sales', T + 4 * S, 5);
        expect(later).toMatchObject({ entered: 5, answered: 2, answeredWithinSl: 1, sumWaitSeconds: 25, completed: 1 });
      });

      it('is all zeros for a queue without requests', async () => {
        expect(await store.queueStatistics('empty', 0, 20)).toEqual({
          entered: 0,
          answered: 0,
          answeredWithinSl: 0,
          sumWaitSeconds: 0,
          completed: 0,
          sumHandleSeconds: 0,
          abandoned: 0,
          rejected: 0,
          callbacksCompleted: 0,
          callbacksFailed: 0,
          callbacksExpired: 0,
        });
      });
    });

    describe('durability', () => {
      it('keeps everything across close and reopen', async () => {
        const batch: CommitBatch = {
          queues: [queue('sales', { title: 'Sales' })],
          operators: [operator('alice')],
          requests: [fullRequest('d1'), request('d2', { state: 'completed' })],
          history: [line('d1', 'ENQUEUE'), line('d2', 'COMPLETE', { state: 'completed' })],
          idempotency: [{ client: 'c', key: 'k', fingerprint: 'f', requestId: 'd1', createdAt: T }],
          meta: { seq: '42' },
        };
        await store.commit(batch);
        const expected = await store.loadState();
        await store.close();
        await store.close(); // idempotent

        const reopened = await open();
        await reopened.migrate();
        expect(await reopened.loadState()).toStrictEqual(expected);
        expect(await reopened.getRequest('d2')).toMatchObject({ state: 'completed' });
        expect(await reopened.history('d1')).toStrictEqual([line('d1', 'ENQUEUE')]);
        expect(await reopened.findIdempotent('c', 'k')).toMatchObject({ requestId: 'd1' });
      });

      it('rejects commits after close', async () => {
        await store.close();
        await expect(store.commit({ meta: { a: 'b' } })).rejects.toThrow();
      });

      it('keeps a commit made by a process killed with SIGKILL right after commit resolved', async () => {
        const committed = await commitInChildAndKill(target.openOptions);
        expect(committed).toBe(20);
        const reopened = await open();
        await reopened.migrate();
        const state = await reopened.loadState();
        expect(state.requests.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `killed-${i}`));
        expect(state.meta).toEqual({ last: 'killed-19' });
        expect(await reopened.history('killed-19')).toHaveLength(1);
      });
    });
  });
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const storeModule = new URL('../../src/store/index.ts', import.meta.url).href;

/**
 * Runs a child process that opens the store, commits 20 batches one by one and prints a line after each commit
 * resolved; on the last line the test kills it with SIGKILL, by PID, without letting it close the database.
 * Resolves with how many commits the child reported.
 */
function commitInChildAndKill(options: StoreOptions): Promise<number> {
  const script = `
    const { openStore } = await import(${JSON.stringify(storeModule)});
    const store = await openStore(JSON.parse(process.argv[1]));
    await store.migrate();
    for (let i = 0; i < 20; i++) {
      const id = 'killed-' + i;
      await store.commit({
        requests: [{ id, queue: 'sales', kind: 'call', priority: 1, virtualStart: i, seq: i, createdAt: i, updatedAt: i,
                     state: 'waiting', attempts: 0, offers: 0 }],
        history: [{ requestId: id, queue: 'sales', at: i, event: 'ENQUEUE', state: 'waiting' }],
        meta: { last: id },
      });
      process.stdout.write('committed ' + i + '\\n');
    }
    setInterval(() => {}, 1000); // stay alive until killed
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(options)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let count = 0;
    let stderr = '';
    let buffered = '';
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      reject(new Error(`child did not commit in time; stderr: ${stderr}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      count += lines.filter((l) => l.startsWith('committed')).length;
      if (count === 20 && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && count === 20) resolve(count);
      else reject(new Error(`child exited (code ${code}, signal ${signal}) after ${count} commits; stderr: ${stderr}`));
    });
  });
}
