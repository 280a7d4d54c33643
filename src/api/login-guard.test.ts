import { describe, expect, it } from 'vitest';
import { makeTestApi } from './test-support/test-api.js';

describe('login brute-force guard', () => {
  it('after 10 failed logins for a username, refuses even the right password with 429 until the window passes', async () => {
    const api = await makeTestApi();
    const login = (password: string) =>
      api.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password } });
    for (let i = 0; i < 10; i++) expect((await login('wrong')).statusCode).toBe(401);
    const locked = await login('alice-pw');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another username is not affected.
    expect((await api.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bob', password: 'bob-pw' } })).statusCode).toBe(200);
    api.clock.advance(5 * 60_000);
    expect((await login('alice-pw')).statusCode).toBe(200);
  });

  it('successful logins do not count', async () => {
    const api = await makeTestApi();
    for (let i = 0; i < 15; i++) {
      const res = await api.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'alice-pw' } });
      expect(res.statusCode).toBe(200);
    }
  });
});
