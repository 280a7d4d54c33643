import { z } from 'zod';
import { IsoTime, Username, text } from './common.js';
import { named } from './registry.js';

export const DEFAULT_TOKEN_TTL_SECONDS = 8 * 3600;
export const MAX_TOKEN_TTL_SECONDS = 365 * 86_400;

export const IssueTokenBodySchema = named(
  'IssueToken',
  z
    .strictObject({
      role: z.enum(['supervisor', 'operator']),
      operator: Username.optional().meta({ description: 'Required for operator tokens: who the token acts as.' }),
      label: text(64)
        .optional()
        .meta({ description: 'Supervisor tokens: names the client (rate limits and idempotency keys are per client).' }),
      ttlSeconds: z.int().min(60).max(MAX_TOKEN_TTL_SECONDS).optional().meta({ description: 'Default 8 hours.' }),
    })
    .superRefine((body, ctx) => {
      if (body.role === 'operator' && body.operator === undefined) {
        ctx.addIssue({ code: 'custom', path: ['operator'], message: 'An operator token needs the operator.' });
      }
      if (body.role !== 'operator' && body.operator !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['operator'], message: 'Only operator tokens name an operator.' });
      }
      if (body.role === 'operator' && body.label !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['label'], message: 'Operator tokens are labelled by the operator.' });
      }
    }),
);

export const LoginBodySchema = named(
  'Login',
  z.strictObject({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) }),
);

export const TokenSchema = named(
  'Token',
  z.strictObject({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    role: z.enum(['supervisor', 'operator']),
    subject: z.string(),
    operator: z.string().optional(),
    expiresAt: IsoTime,
    expiresIn: z.int().meta({ description: 'Seconds until expiry.' }),
  }),
);

export const PrincipalSchema = named(
  'Principal',
  z.strictObject({
    role: z.enum(['admin', 'supervisor', 'operator']),
    subject: z.string(),
    operator: z.string().optional(),
    expiresAt: IsoTime.optional(),
  }),
);
