import type { Clock } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';
import type { DigestSecretLookup, ServerAlgorithm } from '../auth/index.js';
import type { IncomingRequest } from '../core/incoming-request.js';
import type { SipLogger, SipStackOptions } from '../core/sip-stack.js';
import type { KeepAliveOptions } from '../keepalive/keep-alive-monitor.js';
import type { LocationService } from '../registrar/location-service.js';
import type { RegistrarPolicy } from '../registrar/register-bindings.js';
import type { SessionTimerPolicy } from '../session/session-timer-negotiation.js';
import type { TimerValues } from '../transaction/timer-values.js';
import type { DatagramNetwork } from '../transport/memory-network.js';
import type { TrunkDefinition } from '../trunk/trunk.js';
import type { AbuseLimits } from './abuse-guard.js';
import type { InboundCall } from './inbound-call.js';

/** Operators' SIP credentials: they turn on the registrar and digest authentication of phones. */
export interface OperatorAuthOptions {
  /** Secret of an operator by username (the password, or `{ ha1 }`); undefined for no such operator. */
  lookup: DigestSecretLookup;
  /** Default 'holdless'. */
  realm?: string;
  /** HMAC key of nonces (16+ bytes, shared by the nodes of a cluster). Default: random per process. */
  nonceSecret?: string | Uint8Array;
  /** Default SHA-256 then MD5 (RFC 8760 §2.3). */
  algorithms?: readonly ServerAlgorithm[];
}

export interface UserAgentOptions {
  listen: SipStackOptions['listen'];
  clock: Clock;
  rng: Rng;
  logger?: SipLogger;
  /** A new inbound call; the handler rings, answers or rejects it. Without a handler calls get 480. */
  onInvite?: (call: InboundCall) => void;
  /** Out-of-dialog requests the UA does not handle itself; return true when handled (answered). */
  onOtherRequest?: (incoming: IncomingRequest) => boolean;
  /** Operators who may REGISTER and call from SIP phones. */
  operators?: OperatorAuthOptions;
  /** INVITEs that do not come from a trunk must be digest-authenticated (default true when `operators` is set). */
  authenticateInvites?: boolean;
  /** Registrar policy (expiry bounds, contacts per user) and the location service (default in memory). */
  registrar?: Partial<RegistrarPolicy> & { locations?: LocationService };
  trunks?: readonly TrunkDefinition[];
  /**
   * Accept INVITEs from any source without authentication. Default: true only when neither `trunks` nor `operators`
   * are given (a bare UA, as benchmarks and simple tests use it); otherwise unknown sources get 401 or 403.
   */
  openInbound?: boolean;
  /** RFC 4028 session timers (default on: minimum 90 s, 1800 s when the UAC asks none); false to turn off. */
  sessionTimers?: Partial<SessionTimerPolicy> | false;
  /** OPTIONS keep-alive of trunks and registered contacts (default every 30 s, down after 3 failures); false: off. */
  keepAlive?: Partial<KeepAliveOptions> | false;
  /** Per-source limits of unauthenticated requests (default on unless inbound is open); false: off. */
  abuseLimits?: Partial<AbuseLimits> | false;
  /** Transaction timers (T1, T2, T4). */
  timers?: TimerValues;
  /** Bind UDP on this in-memory network instead of sockets (unit tests in fake time). */
  network?: DatagramNetwork;
}

/** Which INVITEs get in, as decided from the options once (docs/sip.md, "Who may call in"). */
export interface InboundPolicy {
  authenticateInvites: boolean;
  openInbound: boolean;
}

export function inboundPolicy(options: UserAgentOptions): InboundPolicy {
  const restricted = (options.trunks?.length ?? 0) > 0 || options.operators !== undefined;
  return {
    authenticateInvites: options.operators !== undefined && (options.authenticateInvites ?? true),
    openInbound: options.openInbound ?? !restricted,
  };
}
