import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal, Role } from './auth/principal.js';

/** Every route but the health check lives under this prefix. */
export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `public`: no token. Otherwise the roles allowed; finer rules (an operator's own status) live in the handler. */
export type Access = 'public' | readonly Role[];

export interface ResponseSpec {
  status: number;
  description: string;
  /** Registered schemas are documented by reference; others inline. Absent: no body. */
  schema?: z.ZodType | undefined;
  /** Default `application/json`. */
  contentType?: string | undefined;
  /** Streams (text/event-stream): the schema of each event's data, documented as `x-item-schema`. */
  itemSchema?: z.ZodType | undefined;
  /** Response headers worth documenting: name → description. */
  headers?: Record<string, string> | undefined;
}

export interface HeaderSpec {
  name: string;
  description: string;
  schema: z.ZodType;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<B, P, Q> {
  req: FastifyRequest;
  reply: FastifyReply;
  /** Defined on every route whose access is not `public`. */
  principal: Principal | undefined;
  body: Parsed<B>;
  params: Parsed<P>;
  query: Parsed<Q>;
}

/** What a handler answers; the route table turns it into the reply. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string> | undefined;
}

/** Returned by handlers that took over the raw response (Server-Sent Events). */
export const HIJACKED = Symbol('hijacked');

/**
 * One route, described once: registration (register-routes.ts) and documentation (openapi.ts) both read it, so the
 * schemas that validate a request are the schemas the OpenAPI document shows.
 */
export interface RouteSpec<
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
> {
  method: HttpMethod;
  /** fastify syntax: `/api/v1/queues/:name`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string | undefined;
  tag: string;
  access: Access;
  /** Also accept `?access_token=` (EventSource cannot send headers). */
  acceptsQueryToken?: boolean | undefined;
  body?: B;
  params?: P;
  query?: Q;
  requestHeaders?: HeaderSpec[] | undefined;
  /** Bytes; default the app's 64 KiB (build-api.ts). */
  bodyLimit?: number | undefined;
  responses: ResponseSpec[];
  /** Problem statuses this route may answer beyond the ones implied by its access and inputs (409, 429, 503...). */
  problems?: number[] | undefined;
  // Method syntax on purpose: lets a specific RouteSpec stand in an AnyRoute list (bivariant parameters).
  handle(ctx: RouteContext<B, P, Q>): RouteResult | typeof HIJACKED | Promise<RouteResult | typeof HIJACKED>;
}

export type AnyRoute = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** Identity with inference: write the spec once, get typed `body`/`params`/`query` in the handler. */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<B, P, Q>): AnyRoute {
  return spec;
}

export function ok(body: unknown, headers?: Record<string, string>): RouteResult {
  return { status: 200, body, headers };
}

export function created(body: unknown, location: string, headers?: Record<string, string>): RouteResult {
  return { status: 201, body, headers: { ...headers, location } };
}

export const NO_CONTENT: RouteResult = { status: 204 };

/** The principal of a protected route (register-routes.ts guarantees it). */
export function principalOf(ctx: { principal: Principal | undefined }): Principal {
  if (!ctx.principal) throw new Error('principalOf() used on a public route');
  return ctx.principal;
}
