import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, bearer, makeTestApi, type TestApi } from './test-support/test-api.js';
import { anyString, matching } from './test-support/matchers.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: matching(/^https:\/\/holdless\.dev\/problems\//) });
  return body;
}

describe('authentication', () => {
  it('answers 401 with a Bearer challenge without a token', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'GET', url: '/api/v1/queues' });
    const body = expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="holdless"');
    expect(body).toMatchObject({ title: 'Unauthorized', instance: '/api/v1/queues' });
  });

  it('answers 401 invalid_token for a bad or forged token', async () => {
    api = await makeTestApi();
    for (const token of ['nonsense', `${ADMIN_TOKEN}x`, 'hl1.e30.AAAA']) {
      const res = await api.request({ method: 'GET', url: '/api/v1/queues', headers: bearer(token) });
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
    const basic = await api.request({ method: 'GET', url: '/api/v1/queues', headers: { authorization: 'Basic YTpi' } });
    expectProblem(basic, 401);
  });

  it('answers 401 for an expired token', async () => {
    api = await makeTestApi();
    const headers = bearer(api.tokens.issue('supervisor', 'x', 60).token);
    expect((await api.request({ method: 'GET', url: '/api/v1/queues', headers })).statusCode).toBe(200);
    api.clock.advance(60_000);
    const res = await api.request({ method: 'GET', url: '/api/v1/queues', headers });
    const body = expectProblem(res, 401);
    expect(body['detail']).toMatch(/expired/);
  });

  it('accepts the admin token, and refuses it when configured empty', async () => {
    api = await makeTestApi();
    expect((await api.request({ method: 'GET', url: '/api/v1/auth/me', headers: api.admin })).json()).toEqual({
      role: 'admin',
      subject: 'admin',
    });
    await api.app.close();
    api = await makeTestApi({
      auth: { adminToken: '', tokenSecret: 'token-secret-for-tests-0123456789', verifyOperatorPassword: () => false },
    });
    const res = await api.request({ method: 'GET', url: '/api/v1/queues', headers: { authorization: 'Bearer ' } });
    expectProblem(res, 401);
  });

  it('does not accept ?access_token= outside the event stream', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'GET', url: `/api/v1/queues?access_token=${ADMIN_TOKEN}` });
    expectProblem(res, 401);
  });
});

describe('roles', () => {
  it('lets operators read queues and requests but not manage queues or operators', async () => {
    api = await makeTestApi();
    const alice = api.operator('alice');
    expect((await api.request({ method: 'GET', url: '/api/v1/queues', headers: alice })).statusCode).toBe(200);
    expect((await api.request({ method: 'GET', url: '/api/v1/requests', headers: alice })).statusCode).toBe(200);
    const put = await api.request({ method: 'PUT', url: '/api/v1/queues/Q2', headers: alice, payload: {} });
    expect(expectProblem(put, 403)['detail']).toMatch(/admin, supervisor/);
    expectProblem(await api.request({ method: 'DELETE', url: '/api/v1/queues/MainQueue', headers: alice }), 403);
    expectProblem(
      await api.request({ method: 'PUT', url: '/api/v1/operators/carol', headers: alice, payload: { queues: [] } }),
      403,
    );
    expectProblem(await api.request({ method: 'DELETE', url: '/api/v1/operators/bob', headers: alice }), 403);
    expect(api.acd.calls.map((c) => c.method)).not.toContain('putQueue');
  });

  it('lets supervisors manage everything but tokens', async () => {
    api = await makeTestApi();
    const put = await api.request({ method: 'PUT', url: '/api/v1/queues/Q2', headers: api.supervisor, payload: {} });
    expect(put.statusCode).toBe(201);
    const token = await api.request({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: api.supervisor,
      payload: { role: 'operator', operator: 'alice' },
    });
    expectProblem(token, 403);
  });

  it('checks the role before validating the body', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'PUT', url: '/api/v1/queues/Q2', headers: api.operator('alice'), payload: { nonsense: 1 } });
    expectProblem(res, 403);
  });
});

describe('POST /api/v1/tokens', () => {
  it('issues operator and supervisor tokens to the admin', async () => {
    api = await makeTestApi();
    const res = await api.request({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: api.admin,
      payload: { role: 'operator', operator: 'alice', ttlSeconds: 600 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ token: string; expiresAt: string; expiresIn: number; role: string }>();
    expect(body).toMatchObject({ tokenType: 'Bearer', role: 'operator', operator: 'alice', subject: 'alice', expiresIn: 600 });
    expect(body.expiresAt).toBe(new Date(api.clock.now() + 600_000).toISOString());
    const me = await api.request({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(body.token) });
    expect(me.json()).toEqual({ role: 'operator', subject: 'alice', operator: 'alice', expiresAt: body.expiresAt });

    const sup = await api.request({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: api.admin,
      payload: { role: 'supervisor', label: 'website' },
    });
    expect(sup.json()).toMatchObject({ role: 'supervisor', subject: 'website', expiresIn: 8 * 3600 });
  });

  it('validates the role/operator pairing and that the operator exists', async () => {
    api = await makeTestApi();
    const missing = await api.request({ method: 'POST', url: '/api/v1/tokens', headers: api.admin, payload: { role: 'operator' } });
    expect(expectProblem(missing, 400)['errors']).toEqual([{ field: 'operator', message: anyString() }]);
    const admin = await api.request({ method: 'POST', url: '/api/v1/tokens', headers: api.admin, payload: { role: 'admin' } });
    expect(expectProblem(admin, 400)['errors']).toEqual([{ field: 'role', message: anyString() }]);
    const ghost = await api.request({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: api.admin,
      payload: { role: 'operator', operator: 'ghost' },
    });
    expectProblem(ghost, 404);
  });
});

describe('POST /api/v1/auth/login', () => {
  it('exchanges a good password for an operator token', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'alice-pw' } });
    expect(res.statusCode).toBe(200);
    const { token } = res.json<{ token: string }>();
    const me = await api.request({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
    expect(me.json()).toMatchObject({ role: 'operator', operator: 'alice' });
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    api = await makeTestApi();
    const wrong = await api.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'nope' } });
    const unknown = await api.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'zed', password: 'nope' } });
    const a = expectProblem(wrong, 401);
    const b = expectProblem(unknown, 401);
    expect({ ...a, traceId: undefined }).toEqual({ ...b, traceId: undefined });
  });
});
