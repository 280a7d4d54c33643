import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../acd/history.js';
import type { Operator, Queue, Request } from '../acd/types.js';
import {
  historyToRow,
  idempotencyToRow,
  operatorToRow,
  queueToRow,
  requestToRow,
  rowToHistory,
  rowToIdempotency,
  rowToOperator,
  rowToQueue,
  rowToRequest,
} from './row-mapping.js';
import type { RequestRow } from './schema.js';

const T = 1_700_000_000_000;

const minimalRequest: Request = {
  id: 'r1',
  queue: 'sales',
  kind: 'call',
  priority: 50,
  virtualStart: T,
  seq: 1,
  createdAt: T,
  updatedAt: T + 1,
  state: 'waiting',
  attempts: 0,
  offers: 0,
};

const fullRequest: Request = {
  ...minimalRequest,
  kind: 'callback',
  state: 'connected',
  reason: 'retry',
  phone: '+4915112345678',
  name: 'Zoë',
  channel: 'web',
  payload: { a: [1, 'two', null, { b: false }], 'ключ': '📞' },
  customData: 'opaque',
  ringTimeout: 30,
  notBefore: T + 1000,
  notAfter: T + 2000,
  attempts: 2,
  offers: 3,
  offer: { id: 'o1', operator: 'alice', phase: 'connected', since: T + 5, expiresAt: null, customerAnswered: false },
  answeredAt: T + 10,
  endedAt: T + 20,
  handledBy: 'alice',
};

describe('request rows', () => {
  it('stores absent optionals as NULL and brings them back absent', () => {
    const row = requestToRow(minimalRequest);
    expect(row.reason).toBeNull();
    expect(row.payload).toBeNull();
    expect(row.offer).toBeNull();
    const back = rowToRequest(row);
    expect(back).toStrictEqual(minimalRequest);
    expect(Object.keys(back)).toEqual(Object.keys(minimalRequest));
  });

  it('round-trips every field, offer and payload included', () => {
    expect(rowToRequest(requestToRow(fullRequest))).toStrictEqual(fullRequest);
  });

  it('treats an explicit undefined like an absent field', () => {
    const withUndefined: Request = { ...minimalRequest, reason: undefined, offer: undefined, payload: undefined };
    expect(rowToRequest(requestToRow(withUndefined))).toStrictEqual(minimalRequest);
  });

  it('keeps a JSON null payload apart from no payload', () => {
    const row = requestToRow({ ...minimalRequest, payload: null });
    expect(row.payload).toBe('null');
    expect(rowToRequest(row).payload).toBeNull();
    expect('payload' in rowToRequest(row)).toBe(true);
  });

  it('keeps hot fields as plain columns', () => {
    const row = requestToRow(fullRequest);
    expect(row).toMatchObject({
      queue: 'sales',
      kind: 'callback',
      state: 'connected',
      phone: '+4915112345678',
      priority: 50,
      virtual_start: T,
      seq: 1,
      created_at: T,
      answered_at: T + 10,
      ended_at: T + 20,
    });
  });

  it('accepts numbers a driver returns as strings (node-postgres int8)', () => {
    const row = requestToRow(fullRequest);
    const asStrings = {
      ...row,
      created_at: String(row.created_at),
      seq: String(row.seq),
      answered_at: String(row.answered_at),
    } as unknown as RequestRow;
    expect(rowToRequest(asStrings)).toStrictEqual(fullRequest);
  });
});

describe('queue rows', () => {
  const queue: Queue = {
    name: 'sales',
    settings: {
      maxQueueSize: 10,
      maxWaitingTime: 600,
      averageServiceTime: 120,
      ringTimeout: 60,
      wrapUpTime: 0,
      serviceLevelSeconds: 20,
      strategy: 'round-robin',
      noAnswer: { delaySeconds: { noAnswer: 1, busy: 2, rejected: 3, declined: 4 }, maxMisses: 0, onMaxMisses: 'TIMEOUT', timeoutSeconds: 60 },
      callback: {
        mode: 'customer-first',
        maxAttempts: 2,
        retryDelaySeconds: { busy: 1, noAnswer: 2, failed: 3 },
        retryPlacement: 'back',
        expirySeconds: 0,
        dedupe: false,
        onCallerLost: 'abandon',
      },
      taskCapacity: {},
    },
  };

  it('round-trips with and without the optional fields', () => {
    expect(rowToQueue(queueToRow(queue))).toStrictEqual(queue);
    const titled: Queue = { ...queue, title: 'Sales', lastOfferedOperator: 'bob' };
    expect(rowToQueue(queueToRow(titled))).toStrictEqual(titled);
    expect(queueToRow(queue)).toMatchObject({ title: null, last_offered_operator: null });
  });
});

describe('operator rows', () => {
  const operator: Operator = {
    username: 'alice',
    displayName: 'Alice',
    queues: [{ queue: 'sales', skill: 3 }],
    presence: 'TIMEOUT',
    presenceSince: T,
    idleSince: T,
    handled: 4,
    misses: 3,
    skipUntil: T + 5,
    wrapUpUntil: null,
    timeoutUntil: T + 60_000,
  };

  it('round-trips, keeping the null ends as null', () => {
    const back = rowToOperator(operatorToRow(operator));
    expect(back).toStrictEqual(operator);
    expect(back.wrapUpUntil).toBeNull();
  });
});

describe('history and idempotency rows', () => {
  it('round-trip history lines, ignoring the row id', () => {
    const bare: HistoryEntry = { requestId: 'r1', queue: 'sales', at: T, event: 'ENQUEUE', state: 'waiting' };
    const full: HistoryEntry = { ...bare, event: 'OFFER', state: 'offered', operator: 'alice', detail: '486' };
    expect(rowToHistory(historyToRow(bare))).toStrictEqual(bare);
    expect(rowToHistory({ ...historyToRow(full), id: 7 } as ReturnType<typeof historyToRow>)).toStrictEqual(full);
  });

  it('round-trip idempotency records', () => {
    const record = { client: 'token-1', key: 'abc', fingerprint: 'sha256:x', requestId: 'r1', createdAt: T };
    expect(idempotencyToRow(record)).toMatchObject({ idempotency_key: 'abc', request_id: 'r1' });
    expect(rowToIdempotency(idempotencyToRow(record))).toStrictEqual(record);
  });
});
