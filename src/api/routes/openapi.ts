import { API_PREFIX, defineRoute, ok, type AnyRoute } from '../route-spec.js';
import { OpenApiDocumentSchema } from '../schemas/system.js';

/** `GET /api/v1/openapi.json`: the document, built once by the caller from the whole route table. */
export function openApiRoute(document: () => Record<string, unknown>): AnyRoute {
  return defineRoute({
    method: 'GET',
    path: `${API_PREFIX}/openapi.json`,
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'system',
    access: 'public',
    responses: [{ status: 200, description: 'The OpenAPI document.', schema: OpenApiDocumentSchema }],
    handle: () => ok(document()),
  });
}
