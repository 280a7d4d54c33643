import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem } from './test-support/expect-problem.js';
import { bearer, makeTestApi, type TestApi } from './test-support/test-api.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

const URL = '/api/v1/requests';
const callback = (phone: string) => ({ queue: 'MainQueue', kind: 'callback', phone });

describe('callback rate limits', () => {
  it('limits callbacks per client per minute, with Retry-After, until the window moves on', async () => {
    api = await makeTestApi({ rateLimits: { callbacksPerClientPerMinute: 2, callbacksPerNumberPerHour: 100 } });
    const site = api.supervisor;
    expect((await api.request({ method: 'POST', url: URL, headers: site, payload: callback('+12125550101') })).statusCode).toBe(201);
    api.clock.advance(20_000);
    expect((await api.request({ method: 'POST', url: URL, headers: site, payload: callback('+12125550102') })).statusCode).toBe(201);
    const limited = await api.request({ method: 'POST', url: URL, headers: site, payload: callback('+12125550103') });
    const body = expectProblem(limited, 429, 'rate-limited');
    expect(limited.headers['retry-after']).toBe('40');
    expect(body).toMatchObject({ retryAfterSeconds: 40, limit: 'client' });
    expect(api.acd.calls.filter((c) => c.method === 'createRequest')).toHaveLength(2);

    // Another client is not affected.
    const other = bearer(api.tokens.issue('supervisor', 'other-site', 3600).token);
    expect((await api.request({ method: 'POST', url: URL, headers: other, payload: callback('+12125550104') })).statusCode).toBe(201);
    // Tasks are not rate limited.
    expect((await api.request({ method: 'POST', url: URL, headers: site, payload: { queue: 'MainQueue', kind: 'task' } })).statusCode).toBe(201);

    api.clock.advance(39_999);
    expect((await api.request({ method: 'POST', url: URL, headers: site, payload: callback('+12125550103') })).statusCode).toBe(429);
    api.clock.advance(1);
    expect((await api.request({ method: 'POST', url: URL, headers: site, payload: callback('+12125550103') })).statusCode).toBe(201);
  });

  it('limits callbacks per normalized number per hour, across clients', async () => {
    api = await makeTestApi({ rateLimits: { callbacksPerClientPerMinute: 100, callbacksPerNumberPerHour: 1 } });
    const a = bearer(api.tokens.issue('supervisor', 'a', 3600 * 3).token);
    const b = bearer(api.tokens.issue('supervisor', 'b', 3600 * 3).token);
    expect((await api.request({ method: 'POST', url: URL, headers: a, payload: callback('+1 212 555 0101') })).statusCode).toBe(201);
    api.clock.advance(600_000);
    const limited = await api.request({ method: 'POST', url: URL, headers: b, payload: callback('(212) 555-0101') });
    expect(expectProblem(limited, 429)).toMatchObject({ limit: 'number', retryAfterSeconds: 3000 });
    expect(limited.headers['retry-after']).toBe('3000');
    expect((await api.request({ method: 'POST', url: URL, headers: b, payload: callback('+12125550102') })).statusCode).toBe(201);
    api.clock.advance(3_000_000);
    // The first callback is still pending: the number is free again, and the ACD answers duplicate.
    const again = await api.request({ method: 'POST', url: URL, headers: b, payload: callback('+12125550101') });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true });
  });

  it('scopes operators by username across their tokens', async () => {
    api = await makeTestApi({ rateLimits: { callbacksPerClientPerMinute: 1, callbacksPerNumberPerHour: 100 } });
    expect((await api.request({ method: 'POST', url: URL, headers: api.operator('alice'), payload: callback('+12125550101') })).statusCode).toBe(201);
    const fresh = api.operator('alice');
    expect((await api.request({ method: 'POST', url: URL, headers: fresh, payload: callback('+12125550102') })).statusCode).toBe(429);
  });

  it('does not count idempotent replays, nor requests refused before the limiter', async () => {
    api = await makeTestApi({ rateLimits: { callbacksPerClientPerMinute: 1, callbacksPerNumberPerHour: 100 } });
    const headers = { ...api.supervisor, 'idempotency-key': 'same' };
    const invalid = await api.request({ method: 'POST', url: URL, headers: api.supervisor, payload: callback('not a number') });
    expect(invalid.statusCode).toBe(400);
    expect((await api.request({ method: 'POST', url: URL, headers, payload: callback('+12125550101') })).statusCode).toBe(201);
    // The allowance is used up: a retry with the same key is still limited (it counts until the ACD says replay)...
    const retry = await api.request({ method: 'POST', url: URL, headers, payload: callback('+12125550101') });
    expect(retry.statusCode).toBe(429);
    // ...but once there is room, a replay does not use it up.
    api.clock.advance(60_000);
    const replay = await api.request({ method: 'POST', url: URL, headers, payload: callback('+12125550101') });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await api.request({ method: 'POST', url: URL, headers: api.supervisor, payload: callback('+12125550102') })).statusCode).toBe(201);
  });

  it('is off when the limits are 0', async () => {
    api = await makeTestApi({ rateLimits: { callbacksPerClientPerMinute: 0, callbacksPerNumberPerHour: 0 } });
    for (let i = 0; i < 5; i++) {
      const res = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: callback(`+1212555010${i}`) });
      expect(res.statusCode).toBe(201);
    }
  });
});
