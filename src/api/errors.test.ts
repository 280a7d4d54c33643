import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem } from './test-support/expect-problem.js';
import { makeTestApi, type TestApi } from './test-support/test-api.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

describe('problem details', () => {
  it('answers unknown routes with a 404 problem, authenticated or not', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'GET', url: '/api/v1/nope?x=1' });
    const body = expectProblem(res, 404, 'not-found');
    expect(body.instance).toBe('/api/v1/nope');
    expect(body.detail).toBe('No route GET /api/v1/nope.');
    expect(typeof body['traceId']).toBe('string');
    expectProblem(await api.request({ method: 'PATCH', url: '/api/v1/queues', headers: api.admin }), 404, 'not-found');
  });

  it('maps the ACD NotFoundError to 404 with the entity', async () => {
    api = await makeTestApi();
    const body = expectProblem(await api.request({ method: 'GET', url: '/api/v1/queues/Nope', headers: api.admin }), 404);
    expect(body).toMatchObject({ entity: 'queue', key: 'Nope', detail: "queue 'Nope' not found" });
  });

  it('maps StateConflictError to 409 and AcdValidationError to 400 naming the field', async () => {
    api = await makeTestApi();
    await api.request({ method: 'POST', url: '/api/v1/requests', headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
    const del = await api.request({ method: 'DELETE', url: '/api/v1/queues/MainQueue', headers: api.admin });
    expect(expectProblem(del, 409, 'state-conflict')).toMatchObject({ currentState: 'active' });
    const op = await api.request({
      method: 'PUT',
      url: '/api/v1/operators/carol',
      headers: api.admin,
      payload: { queues: [{ queue: 'Ghost', skill: 1 }] },
    });
    expect(expectProblem(op, 400, 'validation').errors).toEqual([{ field: 'queues', message: "queue 'Ghost' does not exist" }]);
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    api = await makeTestApi();
    const res = await api.request({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { ...api.admin, 'content-type': 'application/json' },
      payload: '{"queue": "MainQueue",',
    });
    expectProblem(res, 400, 'malformed-json');
  });

  it('refuses prototype poisoning and absurd nesting as malformed', async () => {
    api = await makeTestApi();
    const headers = { ...api.admin, 'content-type': 'application/json' };
    const proto = await api.request({ method: 'POST', url: '/api/v1/requests', headers, payload: '{"__proto__": {"x": 1}}' });
    expect(proto.statusCode).toBe(400);
    const deep = await api.request({ method: 'POST', url: '/api/v1/requests', headers, payload: '['.repeat(40) + ']'.repeat(40) });
    expect(expectProblem(deep, 400, 'malformed-json').detail).toMatch(/deeper/);
  });

  it('refuses bodies over 64 KiB (413) and non-JSON bodies (415)', async () => {
    api = await makeTestApi();
    const big = await api.request({
      method: 'POST',
      url: '/api/v1/requests',
      headers: api.admin,
      payload: { queue: 'MainQueue', kind: 'task', customData: 'x'.repeat(70 * 1024) },
    });
    expectProblem(big, 413, 'payload-too-large');
    const text = await api.request({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { ...api.admin, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expectProblem(text, 415, 'unsupported-media-type');
  });

  it('accepts an empty JSON body on action routes', async () => {
    api = await makeTestApi();
    const created = await api.request({ method: 'POST', url: '/api/v1/requests', headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
    const { id } = created.json<{ id: string }>();
    const res = await api.request({
      method: 'POST',
      url: `/api/v1/requests/${id}/cancel`,
      headers: { ...api.admin, 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'cancelled' });
  });

  it('hides unexpected errors behind a 500 problem and logs them', async () => {
    const lines: string[] = [];
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    api = await makeTestApi({ logger });
    api.acd.listQueues = () => {
      throw new Error('database exploded at /secret/path');
    };
    const res = await api.request({ method: 'GET', url: '/api/v1/queues', headers: api.admin });
    const body = expectProblem(res, 500, 'internal');
    expect(JSON.stringify(body)).not.toContain('exploded');
    expect(lines.some((l) => l.includes('database exploded') && l.includes(String(body['traceId'])))).toBe(true);
  });

  it('never writes an access_token into the request log', async () => {
    const lines: string[] = [];
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    api = await makeTestApi({ logger });
    await api.request({ method: 'GET', url: '/api/v1/events?access_token=hl1.secret.sig&x=1' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('hl1.secret.sig');
  });
});

describe('GET /healthz', () => {
  it('answers ok without a token', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});
