import { describe, expect, it } from 'vitest';
import { makeTestApi } from './test-support/test-api.js';

describe('GET /', () => {
  it('answers a page that says the server runs and links to the API description, without a token', async () => {
    const api = await makeTestApi();
    const res = await api.request({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('holdless is running');
    expect(res.body).toContain('/api/v1/openapi.json');
  });
});
