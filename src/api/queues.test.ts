import { afterEach, describe, expect, it } from 'vitest';
import { QueueLiveSchema, QueueListSchema, QueueSchema, QueueStatisticsSchema } from './schemas/queue.js';
import { expectProblem } from './test-support/expect-problem.js';
import { makeTestApi, type TestApi } from './test-support/test-api.js';
import { anyString } from './test-support/matchers.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

describe('queues', () => {
  it('lists and gets queues in the documented shape', async () => {
    api = await makeTestApi();
    const list = await api.request({ method: 'GET', url: '/api/v1/queues', headers: api.operator('alice') });
    expect(list.statusCode).toBe(200);
    const body = QueueListSchema.parse(list.json());
    expect(body.items.map((q) => q.name)).toEqual(['MainQueue']);
    const one = await api.request({ method: 'GET', url: '/api/v1/queues/MainQueue', headers: api.admin });
    expect(QueueSchema.parse(one.json())).toMatchObject({ name: 'MainQueue', title: 'Main', operators: { OFFLINE: 2 } });
  });

  it('creates (201 + Location) then replaces (200) with PUT, passing nested partial settings through', async () => {
    api = await makeTestApi();
    const payload = { title: 'Sales', settings: { ringTimeout: 30, callback: { maxAttempts: 5 } } };
    const first = await api.request({ method: 'PUT', url: '/api/v1/queues/Sales', headers: api.supervisor, payload });
    expect(first.statusCode).toBe(201);
    expect(first.headers['location']).toBe('/api/v1/queues/Sales');
    const q = QueueSchema.parse(first.json());
    expect(q.settings.ringTimeout).toBe(30);
    expect(q.settings.callback.maxAttempts).toBe(5);
    expect(api.acd.calls.find((c) => c.method === 'putQueue')?.args[0]).toEqual({ name: 'Sales', ...payload });
    const second = await api.request({ method: 'PUT', url: '/api/v1/queues/Sales', headers: api.supervisor, payload: {} });
    expect(second.statusCode).toBe(200);
  });

  it('names each invalid settings field by its JSON path', async () => {
    api = await makeTestApi();
    const res = await api.request({
      method: 'PUT',
      url: '/api/v1/queues/Sales',
      headers: api.admin,
      payload: { settings: { ringTimeout: 5, strategy: 'random', callback: { maxAttempts: 0, colour: 'red' } }, extra: true },
    });
    const body = expectProblem(res, 400, 'validation');
    expect(body.errors?.map((e) => e.field).sort()).toEqual(
      ['extra', 'settings.callback.colour', 'settings.callback.maxAttempts', 'settings.ringTimeout', 'settings.strategy'].sort(),
    );
    expect(body.errors?.find((e) => e.field === 'extra')?.message).toBe('Unknown field.');
    expect(api.acd.calls.map((c) => c.method)).not.toContain('putQueue');
  });

  it('refuses customer-first callbacks, which holdless does not dial yet', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'PUT', url: '/api/v1/queues/Sales', headers: api.admin, payload: { settings: { callback: { mode: 'customer-first' } } } });
    const body = expectProblem(res, 400, 'validation');
    expect(body.errors).toEqual([{ field: 'settings.callback.mode', message: 'customer-first callbacks are not dialed by holdless yet: use operator-first' }]);
    expect(api.acd.calls.map((c) => c.method)).not.toContain('putQueue');
  });

  it('validates the queue name in the path on create', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'PUT', url: '/api/v1/queues/bad%20name', headers: api.admin, payload: {} });
    expect(expectProblem(res, 400).errors).toEqual([{ field: 'name', message: anyString() }]);
  });

  it('deletes a queue with 204', async () => {
    api = await makeTestApi();
    await api.request({ method: 'PUT', url: '/api/v1/queues/Tmp', headers: api.admin, payload: {} });
    const res = await api.request({ method: 'DELETE', url: '/api/v1/queues/Tmp', headers: api.admin });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('shows the live queue with positions and ISO times', async () => {
    api = await makeTestApi();
    for (const phone of ['+12125550101', '+12125550102']) {
      await api.request({ method: 'POST', url: '/api/v1/requests', headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback', phone } });
    }
    const res = await api.request({ method: 'GET', url: '/api/v1/queues/MainQueue/live', headers: api.operator('bob') });
    const live = QueueLiveSchema.parse(res.json());
    expect(live.requests.map((r) => [r.phone, r.position])).toEqual([
      ['+12125550101', 1],
      ['+12125550102', 2],
    ]);
    expect(live.requests[0]!.createdAt).toBe('2026-01-01T09:00:00.000Z');
    expect(live.operators.map((o) => o.username)).toEqual(['alice', 'bob']);
  });

  it('answers statistics since 24 hours ago by default, or since ?since= (ISO or ms)', async () => {
    api = await makeTestApi();
    const url = '/api/v1/queues/MainQueue/statistics';
    const def = await api.request({ method: 'GET', url, headers: api.admin });
    const stats = QueueStatisticsSchema.parse(def.json());
    expect(stats.since).toBe(new Date(api.clock.now() - 86_400_000).toISOString());
    expect(stats).toMatchObject({ serviceLevelPercent: 66.7, averageHandleTime: null });
    const iso = await api.request({ method: 'GET', url: `${url}?since=2026-01-01T08:00:00%2B01:00`, headers: api.admin });
    expect(iso.json()).toMatchObject({ since: '2026-01-01T07:00:00.000Z' });
    const ms = await api.request({ method: 'GET', url: `${url}?since=0`, headers: api.admin });
    expect(ms.json()).toMatchObject({ since: '1970-01-01T00:00:00.000Z' });
    const bad = await api.request({ method: 'GET', url: `${url}?since=yesterday`, headers: api.admin });
    expect(expectProblem(bad, 400).errors?.[0]?.field).toBe('since');
    const unknown = await api.request({ method: 'GET', url: `${url}?sinse=0`, headers: api.admin });
    expect(expectProblem(unknown, 400).errors).toEqual([{ field: 'sinse', message: 'Unknown field.' }]);
  });
});
