import { z } from 'zod';
import { ANY_ROLE } from '../auth/principal.js';
import type { RouteDeps } from '../route-deps.js';
import { AcdEventSchema } from '../schemas/event.js';
import { API_PREFIX, HIJACKED, defineRoute, principalOf, type AnyRoute } from '../route-spec.js';

export function eventRoutes(d: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/events`,
      operationId: 'streamEvents',
      summary: 'Live ACD events (Server-Sent Events)',
      description:
        'Each event is `event: <type>` and `data: <AcdEvent JSON>` (see the AcdEvent schema); a `: heartbeat` ' +
        'comment every 15 s. EventSource cannot send headers: pass the token as `?access_token=`. Operator tokens ' +
        'receive only events about themselves (their offers, their status).',
      tag: 'events',
      access: ANY_ROLE,
      acceptsQueryToken: true,
      query: z.strictObject({}),
      responses: [
        {
          status: 200,
          description: 'An endless text/event-stream; every data line is an AcdEvent.',
          contentType: 'text/event-stream',
          schema: z.string(),
          itemSchema: AcdEventSchema,
        },
      ],
      handle: (ctx) => {
        d.events.stream(ctx.reply, principalOf(ctx));
        return HIJACKED;
      },
    }),
  ];
}
