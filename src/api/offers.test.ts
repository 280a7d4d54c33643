import { afterEach, describe, expect, it } from 'vitest';
import { RequestSchema } from './schemas/request.js';
import { expectProblem } from './test-support/expect-problem.js';
import { makeTestApi, type TestApi } from './test-support/test-api.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

/** A task offered to `operator`, as the engine would leave it. */
async function offeredTo(operator: string): Promise<string> {
  const res = await api.request({ method: 'POST', url: '/api/v1/requests', headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
  const id = res.json<{ id: string }>().id;
  const now = api.clock.now();
  api.acd.setRequest(id, {
    state: 'offered',
    offers: 1,
    offer: { id: 'offer-1', operator, phase: 'ringing', since: now, expiresAt: now + 60_000 },
  });
  return id;
}

const at = (id: string, action: string) => `/api/v1/requests/${id}/${action}`;

describe('offers', () => {
  it('lets an operator accept and complete its own offer, passing asOperator', async () => {
    api = await makeTestApi();
    const id = await offeredTo('alice');
    const alice = api.operator('alice');
    const accepted = await api.request({ method: 'POST', url: at(id, 'accept'), headers: alice });
    expect(accepted.statusCode).toBe(200);
    expect(RequestSchema.parse(accepted.json())).toMatchObject({
      state: 'connected',
      handledBy: 'alice',
      answeredAt: '2026-01-01T09:00:00.000Z',
      offer: { id: 'offer-1', operator: 'alice', phase: 'connected', since: '2026-01-01T09:00:00.000Z', expiresAt: null },
    });
    api.clock.advance(90_000);
    const done = await api.request({ method: 'POST', url: at(id, 'complete'), headers: alice });
    expect(done.json()).toMatchObject({ state: 'completed', endedAt: '2026-01-01T09:01:30.000Z' });
    expect(api.acd.calls.filter((c) => ['acceptOffer', 'completeRequest'].includes(c.method)).map((c) => c.args)).toEqual([
      [id, 'alice'],
      [id, 'alice'],
    ]);
  });

  it("refuses an operator acting on another operator's offer (403)", async () => {
    api = await makeTestApi();
    const id = await offeredTo('bob');
    expectProblem(await api.request({ method: 'POST', url: at(id, 'accept'), headers: api.operator('alice') }), 403, 'forbidden');
    expectProblem(await api.request({ method: 'POST', url: at(id, 'decline'), headers: api.operator('alice') }), 403);
  });

  it('lets supervisors act on any offer (no asOperator)', async () => {
    api = await makeTestApi();
    const id = await offeredTo('bob');
    const res = await api.request({ method: 'POST', url: at(id, 'accept'), headers: api.supervisor });
    expect(res.statusCode).toBe(200);
    expect(api.acd.calls.find((c) => c.method === 'acceptOffer')?.args).toEqual([id, undefined]);
  });

  it('declines as a failOffer with cause declined', async () => {
    api = await makeTestApi();
    const id = await offeredTo('alice');
    const res = await api.request({ method: 'POST', url: at(id, 'decline'), headers: api.operator('alice') });
    expect(res.json()).toMatchObject({ state: 'waiting' });
    expect(api.acd.calls.find((c) => c.method === 'failOffer')?.args).toEqual([id, 'declined', undefined, 'alice']);
  });

  it('reports endpoint failures with a cause and SIP status', async () => {
    api = await makeTestApi();
    const id = await offeredTo('alice');
    const bad = await api.request({ method: 'POST', url: at(id, 'fail'), headers: api.operator('alice'), payload: { cause: 'asleep', statusCode: 99 } });
    expect(expectProblem(bad, 400).errors?.map((e) => e.field)).toEqual(['cause', 'statusCode']);
    const res = await api.request({ method: 'POST', url: at(id, 'fail'), headers: api.operator('alice'), payload: { cause: 'busy', statusCode: 486 } });
    expect(res.statusCode).toBe(200);
    expect(api.acd.calls.find((c) => c.method === 'failOffer')?.args).toEqual([id, 'busy', 486, 'alice']);
  });

  it('answers 409 when there is no offer to act on', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'POST', url: '/api/v1/requests', headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
    const id = res.json<{ id: string }>().id;
    expectProblem(await api.request({ method: 'POST', url: at(id, 'accept'), headers: api.admin }), 409, 'state-conflict');
  });

  it('takes customer dial outcomes from supervisors and admins only', async () => {
    api = await makeTestApi();
    const id = await offeredTo('alice');
    expectProblem(
      await api.request({ method: 'POST', url: at(id, 'customer-dial'), headers: api.operator('alice'), payload: { outcome: 'answered' } }),
      403,
    );
    const bad = await api.request({ method: 'POST', url: at(id, 'customer-dial'), headers: api.admin, payload: { outcome: 'maybe' } });
    expect(expectProblem(bad, 400).errors?.[0]?.field).toBe('outcome');
    const ok = await api.request({ method: 'POST', url: at(id, 'customer-dial'), headers: api.admin, payload: { outcome: 'no-answer' } });
    expect(ok.json()).toMatchObject({ attempts: 1 });
  });
});
