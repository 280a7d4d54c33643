import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';
import type { AnyRoute, ResponseSpec } from './route-spec.js';
import { ProblemSchema } from './schemas/problem.js';
import { apiSchemas } from './schemas/registry.js';

/**
 * Builds the OpenAPI 3.1 document from the route table: the zod schemas that validate requests are converted with
 * `z.toJSONSchema` (JSON Schema 2020-12, OpenAPI 3.1's dialect). Named schemas become components; each route's
 * params and query become parameters.
 */
type JsonSchema = Record<string, unknown>;

const COMPONENT_REF = (id: string): string => `#/components/schemas/${id}`;

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string | undefined;
}

export function buildOpenApiDocument(routes: readonly AnyRoute[], info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    if (operationIds.has(route.operationId)) throw new Error(`duplicate operationId ${route.operationId}`);
    operationIds.add(route.operationId);
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.1',
    info,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    tags: [
      { name: 'auth', description: 'Tokens and login.' },
      { name: 'queues', description: 'Queues, their live state and statistics.' },
      { name: 'operators', description: 'Operators and their statuses.' },
      { name: 'requests', description: 'Callbacks and tasks: create, read, cancel, history.' },
      { name: 'offers', description: 'What operators and endpoints do with an offer.' },
      { name: 'events', description: 'Live events.' },
      { name: 'scenarios', description: 'Start scenarios over HTTP.' },
      { name: 'system', description: 'Health and this document.' },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The admin API token, or a signed `hl1.` token from POST /api/v1/tokens or /api/v1/auth/login.',
        },
        accessTokenQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'access_token',
          description: 'The same token in the query, for EventSource clients (GET /api/v1/events only).',
        },
      },
    },
  };
}

function operation(route: AnyRoute): Record<string, unknown> {
  const roles = route.access === 'public' ? 'none (public)' : route.access.join(', ');
  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, `Roles: ${roles}.`].filter(Boolean).join('\n\n'),
    tags: [route.tag],
    security:
      route.access === 'public'
        ? []
        : route.acceptsQueryToken
          ? [{ bearerAuth: [] }, { accessTokenQuery: [] }]
          : [{ bearerAuth: [] }],
  };
  const parameters = [
    ...objectParameters(route.params, 'path'),
    ...objectParameters(route.query, 'query'),
    ...(route.requestHeaders ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: false,
      description: h.description,
      schema: inlineSchema(h.schema),
    })),
  ];
  if (parameters.length > 0) op['parameters'] = parameters;
  if (route.body) {
    op['requestBody'] = {
      required: !route.body.safeParse(undefined).success,
      content: { 'application/json': { schema: schemaRef(route.body) } },
    };
  }
  op['responses'] = { ...successResponses(route.responses), ...problemResponses(route) };
  return op;
}

function successResponses(responses: readonly ResponseSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of responses) {
    const response: Record<string, unknown> = { description: r.description };
    if (r.schema) {
      const media: Record<string, unknown> = { schema: schemaRef(r.schema) };
      // OpenAPI 3.1 has no way to describe the items of a stream (3.2's itemSchema); an extension carries it.
      if (r.itemSchema) media['x-item-schema'] = schemaRef(r.itemSchema);
      response['content'] = { [r.contentType ?? 'application/json']: media };
    }
    if (r.headers) {
      response['headers'] = Object.fromEntries(
        Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
      );
    }
    out[String(r.status)] = response;
  }
  return out;
}

/** Problems a route can answer: implied by its inputs and access, plus the ones it lists. */
function problemResponses(route: AnyRoute): Record<string, unknown> {
  const statuses = new Set<number>(route.problems ?? []);
  if (route.body || route.params || route.query || route.requestHeaders) statuses.add(400);
  if (route.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.access !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (route.params) statuses.add(404);
  statuses.add(500);
  const out: Record<string, unknown> = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    const response: Record<string, unknown> = {
      description: STATUS_CODES[status] ?? 'Error',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: schemaRef(ProblemSchema) } },
    };
    if (status === 401) {
      response['headers'] = { 'WWW-Authenticate': { description: 'The Bearer challenge.', schema: { type: 'string' } } };
    }
    if (status === 429) {
      response['headers'] = { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } };
    }
    out[String(status)] = response;
  }
  return out;
}

function objectParameters(schema: z.ZodType | undefined, location: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema) return [];
  const json = inlineSchema(schema);
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function schemaRef(schema: z.ZodType): JsonSchema {
  const id = apiSchemas.get(schema)?.id;
  return id === undefined ? inlineSchema(schema) : { $ref: COMPONENT_REF(id) };
}

const conversion = {
  io: 'input' as const,
  unrepresentable: 'any' as const,
  // The date-time regex zod adds duplicates `format: date-time` and buries the documents in noise.
  override: ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
    if (jsonSchema['format'] === 'date-time') delete jsonSchema['pattern'];
  },
};

function inlineSchema(schema: z.ZodType): JsonSchema {
  return stripDialect(z.toJSONSchema(schema, conversion));
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiSchemas, { ...conversion, uri: COMPONENT_REF }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, stripDialect(s)]));
}

/** `$schema` and `$id` belong to standalone schemas; inside an OpenAPI document they would re-base references. */
function stripDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}
