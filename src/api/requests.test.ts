import { afterEach, describe, expect, it } from 'vitest';
import type { CreateRequestInput, IdempotencyInput } from '../acd/acd-facade.js';
import { CreatedRequestSchema, HistorySchema, RequestListSchema, RequestSchema } from './schemas/request.js';
import { expectProblem } from './test-support/expect-problem.js';
import { makeTestApi, type TestApi } from './test-support/test-api.js';
import { anyString, containing, matching } from './test-support/matchers.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

const URL = '/api/v1/requests';

function createCalls(): { input: CreateRequestInput; idempotency: IdempotencyInput | undefined }[] {
  return api.acd.calls
    .filter((c) => c.method === 'createRequest')
    .map((c) => ({ input: c.args[0] as CreateRequestInput, idempotency: c.args[1] as IdempotencyInput | undefined }));
}

describe('POST /api/v1/requests', () => {
  it('creates a callback: 201, Location, E.164 phone, ISO times, position and wait', async () => {
    api = await makeTestApi();
    const res = await api.request({
      method: 'POST',
      url: URL,
      headers: api.supervisor,
      payload: {
        queue: 'MainQueue',
        kind: 'callback',
        phone: '(212) 555-0123',
        name: 'Ada',
        priority: 10,
        notBefore: '2026-01-01T10:00:00+01:00',
        notAfter: '2026-01-01T12:00:00Z',
        payload: { page: '/pricing' },
      },
    });
    expect(res.statusCode).toBe(201);
    const body = CreatedRequestSchema.parse(res.json());
    expect(res.headers['location']).toBe(`/api/v1/requests/${body.id}`);
    expect(body).toMatchObject({
      kind: 'callback',
      state: 'waiting',
      phone: '+12125550123',
      duplicate: false,
      position: 1,
      ewtMinutes: 0,
      createdAt: '2026-01-01T09:00:00.000Z',
      virtualStart: '2026-01-01T09:00:00.000Z',
      notBefore: '2026-01-01T09:00:00.000Z',
      notAfter: '2026-01-01T12:00:00.000Z',
      payload: { page: '/pricing' },
    });
    expect(createCalls()[0]!.input).toMatchObject({
      phone: '+12125550123',
      notBefore: Date.UTC(2026, 0, 1, 9),
      notAfter: Date.UTC(2026, 0, 1, 12),
    });
  });

  it('creates a task without a phone', async () => {
    api = await makeTestApi();
    const res = await api.request({
      method: 'POST',
      url: URL,
      headers: api.operator('alice'),
      payload: { queue: 'MainQueue', kind: 'task', channel: 'email', payload: { subject: 'Refund' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'task', channel: 'email', state: 'waiting' });
  });

  it('names every invalid field', async () => {
    api = await makeTestApi();
    const res = await api.request({
      method: 'POST',
      url: URL,
      headers: api.admin,
      payload: { queue: 'MainQueue', kind: 'task', priority: 0, ringTimeout: 5, notBefore: 'tomorrow', colour: 'red' },
    });
    const body = expectProblem(res, 400, 'validation');
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['colour', 'notBefore', 'priority', 'ringTimeout']);
    expect(createCalls()).toEqual([]);
  });

  it('refuses kind call, and a callback without a phone', async () => {
    api = await makeTestApi();
    const call = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'call' } });
    expect(expectProblem(call, 400).errors).toEqual([{ field: 'kind', message: containing("'callback' or a 'task'") }]);
    const noPhone = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback' } });
    expect(expectProblem(noPhone, 400).errors).toEqual([{ field: 'phone', message: 'A callback needs the number to call.' }]);
  });

  it('refuses an invalid phone number with 400 naming phone', async () => {
    api = await makeTestApi();
    for (const phone of ['12', '+1 555', 'call me', '+999123456789']) {
      const res = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback', phone } });
      expect(expectProblem(res, 400, 'validation').errors).toEqual([{ field: 'phone', message: containing('Not a valid phone number') }]);
    }
  });

  it('needs international numbers when no default region is configured', async () => {
    api = await makeTestApi({ phone: {} });
    const local = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback', phone: '212 555 0123' } });
    expect(expectProblem(local, 400).errors?.[0]?.message).toMatch(/international/);
    const intl = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback', phone: '+44 20 7183 8750' } });
    expect(intl.json()).toMatchObject({ phone: '+442071838750' });
  });

  it('refuses destinations outside the allowed prefixes', async () => {
    api = await makeTestApi({ phone: { defaultRegion: 'US', allowedPrefixes: ['+1'] } });
    const res = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback', phone: '+44 20 7183 8750' } });
    const body = expectProblem(res, 400, 'phone-not-allowed');
    expect(body.errors).toEqual([{ field: 'phone', message: containing('+442071838750 are not allowed') }]);
    const ok = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback', phone: '+1 212 555 0123' } });
    expect(ok.statusCode).toBe(201);
  });

  it('answers 200 with duplicate: true for a pending callback to the same number', async () => {
    api = await makeTestApi();
    const payload = { queue: 'MainQueue', kind: 'callback', phone: '+12125550123' };
    const first = await api.request({ method: 'POST', url: URL, headers: api.admin, payload });
    const again = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { ...payload, phone: '212-555-0123' } });
    expect(again.statusCode).toBe(200);
    expect(again.headers['location']).toBeUndefined();
    expect(again.json()).toMatchObject({ id: first.json<{ id: string }>().id, duplicate: true });
  });

  it('answers 503 queue-offline and 409 queue-full with the recorded request id', async () => {
    api = await makeTestApi();
    api.acd.reject('MainQueue', 'offline');
    const offline = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
    const o = expectProblem(offline, 503, 'queue-offline');
    expect(o).toMatchObject({ queue: 'MainQueue', reason: 'offline', requestId: anyString() });
    const stored = await api.request({ method: 'GET', url: `${URL}/${String(o['requestId'])}`, headers: api.admin });
    expect(stored.json()).toMatchObject({ state: 'rejected', reason: 'offline' });

    api.acd.reject('MainQueue', 'queue-full:size');
    const full = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
    expect(expectProblem(full, 409, 'queue-full')).toMatchObject({ reason: 'queue-full:size' });

    api.acd.reject('MainQueue', 'something-else');
    const other = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
    expectProblem(other, 409, 'request-rejected');
  });

  it('answers 404 for an unknown queue', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'Nope', kind: 'task' } });
    expect(expectProblem(res, 404)).toMatchObject({ entity: 'queue', key: 'Nope' });
  });

  it('bounds payloads in size and depth', async () => {
    api = await makeTestApi();
    let deep: unknown = 1;
    for (let i = 0; i < 12; i++) deep = { a: deep };
    const res = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: 'task', payload: deep } });
    expect(expectProblem(res, 400).errors?.[0]).toMatchObject({ field: 'payload', message: containing('nesting') });
    const big = await api.request({
      method: 'POST',
      url: URL,
      headers: api.admin,
      payload: { queue: 'MainQueue', kind: 'task', payload: { text: 'x'.repeat(20_000) } },
    });
    expect(expectProblem(big, 400).errors?.[0]).toMatchObject({ field: 'payload', message: containing('bytes') });
  });
});

describe('Idempotency-Key', () => {
  const payload = { queue: 'MainQueue', kind: 'callback', phone: '+12125550123', name: 'Ada' };

  it('replays the first answer with Idempotent-Replayed: true', async () => {
    api = await makeTestApi();
    const headers = { ...api.supervisor, 'idempotency-key': 'order-42' };
    const first = await api.request({ method: 'POST', url: URL, headers, payload });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Key order does not change the fingerprint.
    const replay = await api.request({ method: 'POST', url: URL, headers, payload: { name: 'Ada', phone: '+12125550123', kind: 'callback', queue: 'MainQueue' } });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const calls = createCalls();
    expect(calls[0]!.idempotency).toEqual({ client: 'supervisor:dashboard', key: 'order-42', fingerprint: matching(/^[0-9a-f]{64}$/) });
    expect(calls[1]!.idempotency).toEqual(calls[0]!.idempotency);
  });

  it('answers 409 for the same key with another body', async () => {
    api = await makeTestApi();
    const headers = { ...api.supervisor, 'idempotency-key': 'order-42' };
    await api.request({ method: 'POST', url: URL, headers, payload });
    const res = await api.request({ method: 'POST', url: URL, headers, payload: { ...payload, name: 'Bob' } });
    expectProblem(res, 409, 'state-conflict');
  });

  it('replays a rejection as the same problem', async () => {
    api = await makeTestApi();
    api.acd.reject('MainQueue', 'queue-full:wait');
    const headers = { ...api.admin, 'idempotency-key': 'k1' };
    const first = await api.request({ method: 'POST', url: URL, headers, payload });
    const replay = await api.request({ method: 'POST', url: URL, headers, payload });
    expectProblem(replay, 409, 'queue-full');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<{ requestId: string }>().requestId).toBe(first.json<{ requestId: string }>().requestId);
  });

  it('refuses a malformed key', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'POST', url: URL, headers: { ...api.admin, 'idempotency-key': 'has space' }, payload });
    expect(expectProblem(res, 400).errors).toEqual([{ field: 'Idempotency-Key', message: anyString() }]);
  });
});

describe('reading requests', () => {
  async function seed(): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, phone] of ['+12125550101', '+12125550102', '+12125550103'].entries()) {
      const res = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { queue: 'MainQueue', kind: i === 2 ? 'task' : 'callback', phone } });
      ids.push(res.json<{ id: string }>().id);
      api.clock.advance(1000);
    }
    return ids;
  }

  it('gets a request with its position and estimated wait', async () => {
    api = await makeTestApi();
    const ids = await seed();
    const res = await api.request({ method: 'GET', url: `${URL}/${ids[1]}`, headers: api.operator('alice') });
    expect(RequestSchema.parse(res.json())).toMatchObject({ position: 2, estimatedWaitSeconds: 90, ewtMinutes: 2 });
    expectProblem(await api.request({ method: 'GET', url: `${URL}/nope`, headers: api.admin }), 404);
  });

  it('lists newest first by default, filters, and pages', async () => {
    api = await makeTestApi();
    const ids = await seed();
    const all = RequestListSchema.parse((await api.request({ method: 'GET', url: URL, headers: api.admin })).json());
    expect(all.items.map((r) => r.id)).toEqual([...ids].reverse());
    expect(all).toMatchObject({ limit: 50, offset: 0 });
    const callbacks = await api.request({ method: 'GET', url: `${URL}?kind=callback&state=waiting,offered&order=oldest&limit=1&offset=1`, headers: api.admin });
    expect(callbacks.json<{ items: { id: string }[] }>().items.map((r) => r.id)).toEqual([ids[1]]);
    const byPhone = await api.request({ method: 'GET', url: `${URL}?phone=(212)%20555-0101`, headers: api.admin });
    expect(byPhone.json<{ items: { id: string }[] }>().items.map((r) => r.id)).toEqual([ids[0]]);
    const since = await api.request({ method: 'GET', url: `${URL}?since=${Date.UTC(2026, 0, 1, 9, 0, 1)}`, headers: api.admin });
    expect(since.json<{ items: unknown[] }>().items).toHaveLength(2);
    const filter = api.acd.calls.filter((c) => c.method === 'listRequests').at(-1)!.args[0];
    expect(filter).toMatchObject({ since: Date.UTC(2026, 0, 1, 9, 0, 1), newestFirst: true, limit: 50, offset: 0 });
  });

  it('validates list queries', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'GET', url: `${URL}?limit=501&state=waiting,sleeping&kind=fax`, headers: api.admin });
    expect(expectProblem(res, 400).errors?.map((e) => e.field).sort()).toEqual(['kind', 'limit', 'state']);
    const zero = await api.request({ method: 'GET', url: `${URL}?limit=0`, headers: api.admin });
    expect(expectProblem(zero, 400).errors?.[0]?.field).toBe('limit');
  });

  it('returns the history with ISO times, and 404 for an unknown request', async () => {
    api = await makeTestApi();
    const ids = await seed();
    const res = await api.request({ method: 'GET', url: `${URL}/${ids[0]}/history`, headers: api.admin });
    expect(HistorySchema.parse(res.json())).toEqual({
      requestId: ids[0],
      items: [{ at: '2026-01-01T09:00:00.000Z', event: 'ENQUEUE', state: 'waiting', queue: 'MainQueue' }],
    });
    expectProblem(await api.request({ method: 'GET', url: `${URL}/nope/history`, headers: api.admin }), 404);
  });

  it('cancels (supervisors and admins), 409 when already ended', async () => {
    api = await makeTestApi();
    const [id] = await seed();
    expectProblem(await api.request({ method: 'POST', url: `${URL}/${id}/cancel`, headers: api.operator('alice') }), 403);
    const res = await api.request({ method: 'POST', url: `${URL}/${id}/cancel`, headers: api.supervisor, payload: { reason: 'customer called in' } });
    expect(res.json()).toMatchObject({ state: 'cancelled', reason: 'customer called in', endedAt: '2026-01-01T09:00:03.000Z' });
    const again = await api.request({ method: 'POST', url: `${URL}/${id}/cancel`, headers: api.supervisor });
    expectProblem(again, 409, 'state-conflict');
  });
});
