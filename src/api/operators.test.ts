import { afterEach, describe, expect, it } from 'vitest';
import { OperatorListSchema, OperatorSchema } from './schemas/operator.js';
import { expectProblem } from './test-support/expect-problem.js';
import { makeTestApi, type TestApi } from './test-support/test-api.js';
import { containing } from './test-support/matchers.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

const status = (username: string) => `/api/v1/operators/${username}/status`;

describe('operators', () => {
  it('lists and gets operators with ISO times', async () => {
    api = await makeTestApi();
    const list = OperatorListSchema.parse((await api.request({ method: 'GET', url: '/api/v1/operators', headers: api.admin })).json());
    expect(list.items.map((o) => o.username)).toEqual(['alice', 'bob']);
    const alice = OperatorSchema.parse((await api.request({ method: 'GET', url: '/api/v1/operators/alice', headers: api.admin })).json());
    expect(alice).toMatchObject({ status: 'OFFLINE', presenceSince: '2026-01-01T09:00:00.000Z', skipUntil: null, wrapUpUntil: null });
  });

  it('creates an operator with PUT (201) and validates bindings', async () => {
    api = await makeTestApi();
    const res = await api.request({
      method: 'PUT',
      url: '/api/v1/operators/carol',
      headers: api.admin,
      payload: { displayName: 'Carol', queues: [{ queue: 'MainQueue', skill: 2 }] },
    });
    expect(res.statusCode).toBe(201);
    expect(OperatorSchema.parse(res.json())).toMatchObject({ username: 'carol', displayName: 'Carol' });
    const bad = await api.request({
      method: 'PUT',
      url: '/api/v1/operators/carol',
      headers: api.admin,
      payload: { queues: [{ queue: 'MainQueue', skill: -1 }, { queue: 'MainQueue', skill: 1, x: 1 }] },
    });
    expect(expectProblem(bad, 400).errors?.map((e) => e.field)).toEqual(['queues[0].skill', 'queues[1].x', 'queues']);
  });

  it('lets an operator set its own status, not another\'s', async () => {
    api = await makeTestApi();
    const alice = api.operator('alice');
    const own = await api.request({ method: 'PUT', url: status('alice'), headers: alice, payload: { status: 'READY' } });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ username: 'alice', status: 'READY' });
    const other = await api.request({ method: 'PUT', url: status('bob'), headers: alice, payload: { status: 'OFFLINE' } });
    expectProblem(other, 403, 'forbidden');
    expect(api.acd.calls.filter((c) => c.method === 'setOperatorStatus').map((c) => c.args)).toEqual([['alice', 'READY']]);
  });

  it('lets only supervisors and admins ban', async () => {
    api = await makeTestApi();
    expectProblem(
      await api.request({ method: 'PUT', url: status('alice'), headers: api.operator('alice'), payload: { status: 'BANNED' } }),
      403,
    );
    const sup = await api.request({ method: 'PUT', url: status('alice'), headers: api.supervisor, payload: { status: 'BANNED' } });
    expect(sup.json()).toMatchObject({ status: 'BANNED' });
  });

  it('refuses IN_SERVICE and TIMEOUT (set by the ACD) with 400 naming status', async () => {
    api = await makeTestApi();
    for (const s of ['IN_SERVICE', 'TIMEOUT', 'SLEEPING']) {
      const res = await api.request({ method: 'PUT', url: status('alice'), headers: api.admin, payload: { status: s } });
      const body = expectProblem(res, 400, 'validation');
      expect(body.errors).toEqual([{ field: 'status', message: containing('Choose one of OFFLINE') }]);
    }
    const missing = await api.request({ method: 'PUT', url: status('alice'), headers: api.admin });
    expect(expectProblem(missing, 400).errors?.[0]?.field).toBe('body');
  });

  it('deletes an operator', async () => {
    api = await makeTestApi();
    expect((await api.request({ method: 'DELETE', url: '/api/v1/operators/bob', headers: api.admin })).statusCode).toBe(204);
    expectProblem(await api.request({ method: 'GET', url: '/api/v1/operators/bob', headers: api.admin }), 404);
  });
});
