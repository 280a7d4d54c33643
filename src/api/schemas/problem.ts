import { z } from 'zod';
import { named } from './registry.js';

export const FieldErrorSchema = z.strictObject({
  field: z.string().meta({ description: 'JSON path of the invalid input: `settings.ringTimeout`, `phone`, `limit`.' }),
  message: z.string(),
});

export const ProblemSchema = named(
  'Problem',
  z
    .object({
      type: z.string().meta({ description: 'URI identifying the problem type.' }),
      title: z.string(),
      status: z.int(),
      detail: z.string().optional(),
      instance: z.string().optional().meta({ description: 'The request path.' }),
      traceId: z.string().optional().meta({ description: 'Correlates with the server log.' }),
      errors: z.array(FieldErrorSchema).optional().meta({ description: 'Each invalid field (validation problems).' }),
      requestId: z.string().optional().meta({ description: 'The ACD request, when one was recorded (rejections).' }),
      retryAfterSeconds: z.int().optional(),
    })
    .catchall(z.unknown()),
  'RFC 9457 problem details.',
);
