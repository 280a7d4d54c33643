import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { redactedRequest } from '../register-routes.js';
import { FakeScenarioStarter } from '../test-support/fake-scenarios.js';
import { ADMIN_TOKEN, makeTestApi, type TestApi } from '../test-support/test-api.js';
import type { VoximplantErrorBody } from './voximplant-error.js';
import { parseForm } from './form-body-parser.js';

let api: TestApi;
let scenarios: FakeScenarioStarter;
afterEach(async () => {
  await api.app.close();
});

const URL = '/platform_api/StartScenarios';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function setUp(overrides: Parameters<typeof makeTestApi>[0] = {}): Promise<void> {
  scenarios = new FakeScenarioStarter();
  api = await makeTestApi({ scenarios, ...overrides });
}

function supervisorToken(): string {
  return api.supervisor['authorization']!.slice('Bearer '.length);
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function expectStarted(res: LightMyRequestResponse, sessionId: string): void {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.json()).toEqual({
    result: 1,
    media_session_access_url: `http://localhost:80/api/v1/sessions/${sessionId}`,
    media_session_access_secure_url: `https://localhost:80/api/v1/sessions/${sessionId}`,
    call_session_history_id: sessionId,
  });
}

/** Voximplant's error shape, never problem details. */
function expectVoxError(res: LightMyRequestResponse, status: number, code: number): string {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<VoximplantErrorBody>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.msg).toBe('string');
  return body.error.msg;
}

describe('StartScenarios (Voximplant-shaped)', () => {
  it('starts by rule_id from a form body, authenticated by api_key', async () => {
    await setUp();
    const res = await api.request({
      method: 'POST',
      url: URL,
      headers: FORM,
      payload: form({ account_id: '123', api_key: supervisorToken(), rule_id: '7', script_custom_data: '+12125550123:Ada' }),
    });
    expectStarted(res, 'session-1');
    expect(scenarios.starts).toEqual([
      { rule: { id: 7, name: 'WebCallback' }, customData: '+12125550123:Ada', sessionId: 'session-1' },
    ]);
  });

  it('starts by rule_name from a form body (charset parameter, trailing slash), with a bearer header', async () => {
    await setUp();
    const res = await api.request({
      method: 'POST',
      url: `${URL}/`,
      headers: { ...api.supervisor, 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      payload: 'rule_name=Inbound&script_custom_data=caf%C3%A9+au+lait',
    });
    expectStarted(res, 'session-1');
    expect(scenarios.starts[0]).toMatchObject({ rule: { name: 'Inbound' }, customData: 'café au lait' });
  });

  it('reads the query string, on GET and POST, with rule_id or rule_name', async () => {
    await setUp();
    const query = (fields: Record<string, string>) => `${URL}?${form(fields)}`;
    expectStarted(await api.request({ method: 'GET', url: query({ api_key: ADMIN_TOKEN, rule_id: '1' }) }), 'session-1');
    expectStarted(
      await api.request({ method: 'GET', url: query({ rule_name: 'WebCallback', script_custom_data: 'x=1&y=2' }), headers: api.admin }),
      'session-2',
    );
    expectStarted(await api.request({ method: 'POST', url: query({ api_key: supervisorToken(), rule_name: 'Inbound' }) }), 'session-3');
    // Query and form together: each parameter once, from either.
    expectStarted(
      await api.request({ method: 'POST', url: query({ api_key: ADMIN_TOKEN }), headers: FORM, payload: form({ rule_id: '7' }) }),
      'session-4',
    );
    expect(scenarios.starts.map((s) => [s.rule.name, s.customData])).toEqual([
      ['Inbound', ''],
      ['WebCallback', 'x=1&y=2'],
      ['Inbound', ''],
      ['WebCallback', ''],
    ]);
  });

  it('answers 401 code 100 without a token or with a bad one', async () => {
    await setUp();
    expect(expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_id=1` }), 401, 100)).toMatch(/token is required/);
    expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_id=1&api_key=nonsense` }), 401, 100);
    expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_id=1`, headers: { authorization: 'Basic YTpi' } }), 401, 100);
    api.clock.advance(3_600_001);
    expect(expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_id=1`, headers: api.supervisor }), 401, 100)).toMatch(
      /expired/,
    );
    expect(scenarios.starts).toEqual([]);
  });

  it('answers 403 code 104 to an operator token', async () => {
    await setUp();
    const token = api.operator('alice')['authorization']!.slice('Bearer '.length);
    expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_id=1&api_key=${token}` }), 403, 104);
  });

  it('answers 404 code 101 for an unknown rule', async () => {
    await setUp();
    expect(expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_id=99`, headers: api.admin }), 404, 101)).toBe(
      'No rule with id 99.',
    );
    expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_name=Nope`, headers: api.admin }), 404, 101);
  });

  it('answers 400 code 101 to bad parameters', async () => {
    await setUp();
    const cases: [string, RegExp][] = [
      ['', /rule_id: Give rule_id or rule_name/],
      ['rule_id=&rule_name=', /rule_id: Give rule_id or rule_name/],
      ['rule_id=abc', /rule_id: Must be a non-negative integer/],
      ['rule_id=1&rule_name=Inbound', /not both/],
      ['rule_id=1&rule_id=7', /rule_id: Given more than once/],
      [`rule_id=1&script_custom_data=${'%C3%A9'.repeat(32 * 1024 + 1)}`, /script_custom_data: At most 65536 bytes/],
    ];
    for (const [payload, msg] of cases) {
      const res = await api.request({ method: 'POST', url: URL, headers: { ...api.admin, ...FORM }, payload });
      expect(expectVoxError(res, 400, 101)).toMatch(msg);
    }
    const both = await api.request({ method: 'POST', url: `${URL}?rule_id=1`, headers: { ...api.admin, ...FORM }, payload: 'rule_id=1' });
    expect(expectVoxError(both, 400, 101)).toMatch(/more than once/);
    const text = await api.request({ method: 'POST', url: URL, headers: { ...api.admin, 'content-type': 'text/plain' }, payload: 'rule_id=1' });
    expect(expectVoxError(text, 415, 101)).toMatch(/x-www-form-urlencoded/);
    expect(scenarios.starts).toEqual([]);
  });

  it('accepts a flat JSON object too', async () => {
    await setUp();
    const res = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { rule_id: 7, script_custom_data: 'hi' } });
    expectStarted(res, 'session-1');
    const nested = await api.request({ method: 'POST', url: URL, headers: api.admin, payload: { rule_id: { $gt: 1 } } });
    expect(expectVoxError(nested, 400, 101)).toMatch(/rule_id: Must be a string/);
  });

  it('answers 503 code 103 without a ScenarioStarter', async () => {
    api = await makeTestApi();
    expect(expectVoxError(await api.request({ method: 'GET', url: `${URL}?rule_id=1`, headers: api.admin }), 503, 103)).toMatch(
      /^scenarios are not enabled/,
    );
  });

  it('answers 429 code 429 with Retry-After past the client allowance, and 500 code 2 on a runtime failure', async () => {
    await setUp({ rateLimits: { callbacksPerClientPerMinute: 1, callbacksPerNumberPerHour: 100 } });
    scenarios.failNext = new Error('runtime down: secret detail');
    const failed = await api.request({ method: 'GET', url: `${URL}?rule_id=1`, headers: api.admin });
    expect(expectVoxError(failed, 500, 2)).not.toMatch(/secret/);
    expectStarted(await api.request({ method: 'GET', url: `${URL}?rule_id=1`, headers: api.admin }), 'session-1');
    const limited = await api.request({ method: 'GET', url: `${URL}?rule_id=1`, headers: api.admin });
    expect(expectVoxError(limited, 429, 429)).toMatch(/Rate limit reached/);
    expect(limited.headers['retry-after']).toBe('60');
  });

  it('keeps problem details on the other routes', async () => {
    await setUp();
    const res = await api.request({ method: 'GET', url: '/platform_api/GetRules', headers: api.admin });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('helpers', () => {
  it('parses forms without prototype surprises and keeps repeated fields', () => {
    const fields = parseForm('a=1&__proto__=x&a=2&b=%E2%82%AC+%ZZ');
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(Object.keys(fields)).toEqual(['a', '__proto__', 'b']);
    expect([fields['a'], fields['__proto__'], fields['b']]).toEqual([['1', '2'], 'x', '€ %ZZ']);
  });

  it('redacts api_key and access_token from the request log line', () => {
    const line = redactedRequest({
      method: 'GET',
      url: '/platform_api/StartScenarios?rule_id=1&api_key=hl1.secret&x=1',
      host: 'localhost',
      ip: '127.0.0.1',
      socket: undefined,
    } as never);
    expect(line['url']).toBe('/platform_api/StartScenarios?rule_id=1&api_key=[redacted]&x=1');
  });
});
