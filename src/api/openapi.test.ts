import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApi, type TestApi } from './test-support/test-api.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.app.close();
});

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { security: unknown[]; parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
}

async function fetchDoc(): Promise<Doc> {
  api = await makeTestApi();
  const res = await api.request({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  return res.json<Doc>();
}

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await fetchDoc();
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('needs no token', async () => {
    api = await makeTestApi();
    const res = await api.request({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
  });

  it('lists every route with its inputs, responses and security', async () => {
    const doc = await fetchDoc();
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'GET /healthz',
        'GET /api/v1/openapi.json',
        'POST /api/v1/tokens',
        'POST /api/v1/auth/login',
        'GET /api/v1/auth/me',
        'GET /api/v1/queues',
        'GET /api/v1/queues/{name}',
        'PUT /api/v1/queues/{name}',
        'DELETE /api/v1/queues/{name}',
        'GET /api/v1/queues/{name}/live',
        'GET /api/v1/queues/{name}/statistics',
        'GET /api/v1/operators',
        'GET /api/v1/operators/{username}',
        'PUT /api/v1/operators/{username}',
        'DELETE /api/v1/operators/{username}',
        'PUT /api/v1/operators/{username}/status',
        'POST /api/v1/requests',
        'GET /api/v1/requests',
        'GET /api/v1/requests/{id}',
        'POST /api/v1/requests/{id}/cancel',
        'GET /api/v1/requests/{id}/history',
        'POST /api/v1/requests/{id}/accept',
        'POST /api/v1/requests/{id}/decline',
        'POST /api/v1/requests/{id}/complete',
        'POST /api/v1/requests/{id}/fail',
        'POST /api/v1/requests/{id}/customer-dial',
        'GET /api/v1/events',
        'POST /api/v1/scenarios/start',
        'GET /api/v1/scenarios/rules',
      ].sort(),
    );
    const create = doc.paths['/api/v1/requests']!['post']!;
    expect(create.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateRequest' } } },
    });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '409', '429', '503']));
    expect(create.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['header:Idempotency-Key']);
    expect(create.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/healthz']!['get']!.security).toEqual([]);
    const list = doc.paths['/api/v1/requests']!['get']!;
    expect(list.parameters?.map((p) => p.name)).toEqual(['queue', 'state', 'kind', 'phone', 'since', 'order', 'limit', 'offset']);
    expect(doc.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const start = doc.paths['/api/v1/scenarios/start']!['post']!;
    expect(start.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/StartScenario' } } },
    });
    expect(Object.keys(start.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '429', '503']));
    expect(Object.keys(doc.paths['/api/v1/scenarios/rules']!['get']!.responses)).toEqual(expect.arrayContaining(['200', '503']));
  });

  it('documents the request schemas with the same constraints that validate requests', async () => {
    const doc = await fetchDoc();
    const settings = doc.components.schemas['QueueSettingsInput'] as {
      properties: Record<string, { minimum?: number; maximum?: number }>;
      additionalProperties: boolean;
    };
    expect(settings.properties['ringTimeout']).toMatchObject({ minimum: 10, maximum: 400 });
    expect(settings.additionalProperties).toBe(false);
    const create = doc.components.schemas['CreateRequest'] as { properties: Record<string, unknown>; required: string[] };
    expect(create.properties['priority']).toMatchObject({ minimum: 1, maximum: 100 });
    expect(create.properties['kind']).toMatchObject({ enum: ['callback', 'task'] });
    expect(create.required).toEqual(['queue', 'kind']);
    const startScenario = doc.components.schemas['StartScenario'] as { properties: Record<string, unknown>; required: string[] };
    expect(startScenario.properties['customData']).toMatchObject({ type: 'string', maxLength: 65536 });
    expect(startScenario.required).toEqual(['rule']);
    expect(doc.components.schemas['AcdEvent']).toBeDefined();
    expect(doc.components.schemas['Problem']).toBeDefined();
  });
});
