import { z } from 'zod';

/**
 * The named schemas of the API: each becomes `#/components/schemas/<id>` in the OpenAPI document. Route bodies and
 * responses must be registered here; openapi.ts refuses to document an unnamed one.
 */
export const apiSchemas = z.registry<{ id: string }>();

/**
 * Registers `schema` under `id` and returns it, so a schema is declared and named in one statement. Descriptions go
 * to zod's global registry, where `.meta()` puts them and where `z.toJSONSchema` reads them.
 */
export function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  apiSchemas.add(schema, { id });
  if (description !== undefined) z.globalRegistry.add(schema, { description });
  return schema;
}
