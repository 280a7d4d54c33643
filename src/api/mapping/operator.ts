import type { z } from 'zod';
import type { OperatorView } from '../../acd/acd-facade.js';
import type { OperatorSchema } from '../schemas/operator.js';
import { iso, isoOrNull } from '../time.js';

export function operatorOut(o: OperatorView): z.output<typeof OperatorSchema> {
  return {
    username: o.username,
    displayName: o.displayName,
    queues: o.queues.map((b) => ({ queue: b.queue, skill: b.skill })),
    status: o.status,
    presenceSince: iso(o.presenceSince),
    idleSince: iso(o.idleSince),
    handled: o.handled,
    misses: o.misses,
    // 0 (or any past instant) means "not skipped": answer null rather than 1970.
    skipUntil: o.skipUntil > 0 ? iso(o.skipUntil) : null,
    wrapUpUntil: isoOrNull(o.wrapUpUntil),
    timeoutUntil: isoOrNull(o.timeoutUntil),
    activeRequests: [...o.activeRequests],
    voiceReachable: o.voiceReachable ?? true,
  };
}
