import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CUSTOM_DATA_BYTES } from './scenario-starts.js';
import { ScenarioRuleListSchema, ScenarioStartedSchema } from './schemas/scenario.js';
import { expectProblem } from './test-support/expect-problem.js';
import { FakeScenarioStarter } from './test-support/fake-scenarios.js';
import { bearer, makeTestApi, type TestApi } from './test-support/test-api.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

const START = '/api/v1/scenarios/start';
const RULES = '/api/v1/scenarios/rules';

async function withScenarios(overrides: Parameters<typeof makeTestApi>[0] = {}): Promise<FakeScenarioStarter> {
  const scenarios = new FakeScenarioStarter();
  api = await makeTestApi({ scenarios, ...overrides });
  return scenarios;
}

describe('POST /api/v1/scenarios/start', () => {
  it('starts the rule with the custom data and answers the session (supervisor and admin)', async () => {
    const scenarios = await withScenarios();
    const res = await api.request({
      method: 'POST',
      url: START,
      headers: api.supervisor,
      payload: { rule: 'WebCallback', customData: '{"phone":"+12125550123"}' },
    });
    expect(res.statusCode).toBe(200);
    expect(ScenarioStartedSchema.parse(res.json())).toEqual({ result: 1, sessionId: 'session-1', rule: 'WebCallback' });
    expect(scenarios.starts).toEqual([
      { rule: { id: 7, name: 'WebCallback' }, customData: '{"phone":"+12125550123"}', sessionId: 'session-1' },
    ]);

    const asAdmin = await api.request({ method: 'POST', url: START, headers: api.admin, payload: { rule: 'Inbound' } });
    expect(asAdmin.json()).toEqual({ result: 1, sessionId: 'session-2', rule: 'Inbound' });
    expect(scenarios.starts[1]!.customData).toBe('');
  });

  it('answers 404 for an unknown rule, naming it', async () => {
    const scenarios = await withScenarios();
    const res = await api.request({ method: 'POST', url: START, headers: api.admin, payload: { rule: 'Nope' } });
    const body = expectProblem(res, 404, 'not-found');
    expect(body).toMatchObject({ entity: 'rule', key: 'Nope', detail: 'No rule named "Nope".' });
    expect(scenarios.starts).toEqual([]);
  });

  it('answers 400 naming each invalid field', async () => {
    await withScenarios();
    const cases: [unknown, string[]][] = [
      [{}, ['rule']],
      [{ rule: '' }, ['rule']],
      [{ rule: 'Inbound', customData: 42, colour: 'red' }, ['customData', 'colour']],
      [{ rule: 'Inbound', customData: 'é'.repeat(MAX_CUSTOM_DATA_BYTES / 2 + 1) }, ['customData']],
      [{ rule: 'Inbound', customData: 'x'.repeat(MAX_CUSTOM_DATA_BYTES + 1) }, ['customData']],
    ];
    for (const [payload, fields] of cases) {
      const res = await api.request({ method: 'POST', url: START, headers: api.admin, payload: payload as object });
      const body = expectProblem(res, 400, 'validation');
      expect(body.errors?.map((e) => e.field)).toEqual(fields);
    }
    const missing = await api.request({ method: 'POST', url: START, headers: api.admin });
    expect(expectProblem(missing, 400).errors?.[0]?.field).toBe('body');
  });

  it('accepts 64 KiB of custom data, beyond the 64 KiB limit of other bodies', async () => {
    const scenarios = await withScenarios();
    const customData = 'x'.repeat(MAX_CUSTOM_DATA_BYTES);
    const res = await api.request({ method: 'POST', url: START, headers: api.admin, payload: { rule: 'Inbound', customData } });
    expect(res.statusCode).toBe(200);
    expect(scenarios.starts[0]!.customData).toHaveLength(MAX_CUSTOM_DATA_BYTES);
  });

  it('keeps form bodies out: 415, as on every JSON route', async () => {
    await withScenarios();
    const res = await api.request({
      method: 'POST',
      url: START,
      headers: { ...api.admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'rule=Inbound',
    });
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('needs a supervisor or admin token', async () => {
    await withScenarios();
    expectProblem(await api.request({ method: 'POST', url: START, payload: { rule: 'Inbound' } }), 401, 'unauthorized');
    const operator = await api.request({ method: 'POST', url: START, headers: api.operator('alice'), payload: { rule: 'Inbound' } });
    expectProblem(operator, 403, 'forbidden');
  });

  it('shares the per-client callback allowance; failed starts do not count', async () => {
    const scenarios = await withScenarios({ rateLimits: { callbacksPerClientPerMinute: 2, callbacksPerNumberPerHour: 100 } });
    const site = api.supervisor;
    const callback = { queue: 'MainQueue', kind: 'callback', phone: '+12125550101' };
    expect((await api.request({ method: 'POST', url: '/api/v1/requests', headers: site, payload: callback })).statusCode).toBe(201);
    expect((await api.request({ method: 'POST', url: START, headers: site, payload: { rule: 'Nope' } })).statusCode).toBe(404);
    scenarios.failNext = new Error('runtime down');
    expect((await api.request({ method: 'POST', url: START, headers: site, payload: { rule: 'Inbound' } })).statusCode).toBe(500);
    expect((await api.request({ method: 'POST', url: START, headers: site, payload: { rule: 'Inbound' } })).statusCode).toBe(200);

    const limited = await api.request({ method: 'POST', url: START, headers: site, payload: { rule: 'Inbound' } });
    expect(expectProblem(limited, 429, 'rate-limited')).toMatchObject({ limit: 'client', retryAfterSeconds: 60 });
    expect(limited.headers['retry-after']).toBe('60');
    const other = bearer(api.tokens.issue('supervisor', 'other-site', 3600).token);
    expect((await api.request({ method: 'POST', url: START, headers: other, payload: { rule: 'Inbound' } })).statusCode).toBe(200);
    expect(scenarios.starts).toHaveLength(2);
  });

  it('answers 503 "scenarios are not enabled" without a ScenarioStarter', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'POST', url: START, headers: api.admin, payload: { rule: 'Inbound' } });
    expect(expectProblem(res, 503, 'scenarios-disabled').detail).toMatch(/^scenarios are not enabled/);
    expectProblem(await api.request({ method: 'GET', url: RULES, headers: api.admin }), 503, 'scenarios-disabled');
  });
});

describe('GET /api/v1/scenarios/rules', () => {
  it('lists the rules for supervisors and admins', async () => {
    await withScenarios();
    const res = await api.request({ method: 'GET', url: RULES, headers: api.supervisor });
    expect(res.statusCode).toBe(200);
    expect(ScenarioRuleListSchema.parse(res.json())).toEqual({
      items: [
        { id: 1, name: 'Inbound' },
        { id: 7, name: 'WebCallback' },
      ],
    });
    expectProblem(await api.request({ method: 'GET', url: RULES, headers: api.operator('bob') }), 403);
  });
});
