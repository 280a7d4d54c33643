import type { Clock } from '../../lib/clock.js';
import type { IncomingRequest } from '../core/incoming-request.js';
import type { TrunkDirectory } from '../trunk/trunk-directory.js';
import type { AbuseGuard } from './abuse-guard.js';
import type { DigestGuard } from './digest-guard.js';
import type { CallOrigin } from './inbound-call.js';
import type { InboundPolicy } from './user-agent-options.js';

/**
 * Decides who an out-of-dialog INVITE is from, in this order (docs/sip.md, "Who may call in"):
 *  1. its source address is an allowed source of a trunk → a trunk call, no digest (carriers do not answer
 *     challenges; their address is their credential);
 *  2. else, when operators are configured and INVITEs must be authenticated → digest (401 with challenges until the
 *     phone proves a user, RFC 3261 §22.1) → a call from that operator;
 *  3. else, when inbound is open (no trunks and no operators configured) → an anonymous call;
 *  4. else → 403 Forbidden (RFC 3261 §21.4.4: "understood the request, but is refusing to fulfill it";
 *     authentication would not help, so not 401).
 */
export class InviteGate {
  constructor(
    private readonly trunks: TrunkDirectory,
    private readonly guard: DigestGuard | undefined,
    private readonly policy: InboundPolicy,
    private readonly abuse: AbuseGuard | undefined,
    private readonly clock: Clock,
  ) {}

  /**
   * Who is calling, or undefined once the INVITE has been answered (401, 400, 403). Synchronous for trunks and open
   * inbound (no extra turn of the event loop on the hot path); a promise when digest authentication runs.
   */
  admit(incoming: IncomingRequest, toTag: string): CallOrigin | undefined | Promise<CallOrigin | undefined> {
    const trunk = this.trunks.forSource(incoming.source.address);
    if (trunk) return { kind: 'trunk', trunk: trunk.name };
    const guard = this.guard;
    if (this.policy.authenticateInvites && guard) {
      return guard.authenticate(incoming, toTag).then((user): CallOrigin | undefined => {
        if (!user) return undefined;
        this.abuse?.trust(incoming.source.address, this.clock.now());
        return { kind: 'user', username: user.username };
      });
    }
    if (this.policy.openInbound) return { kind: 'anonymous' };
    incoming.respond(403, 'Forbidden (not a trunk source)', [], { toTag });
    return undefined;
  }
}
