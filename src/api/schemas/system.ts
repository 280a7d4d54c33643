import { z } from 'zod';
import { named } from './registry.js';

export const HealthSchema = named('Health', z.strictObject({ status: z.literal('ok') }));

export const OpenApiDocumentSchema = named(
  'OpenApiDocument',
  z.looseObject({ openapi: z.string() }),
  'This document.',
);
