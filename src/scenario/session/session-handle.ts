import type { CallInfo } from './scenario-services.js';

export type SessionState = 'running' | 'terminating' | 'terminated';

/**
 * A scenario session as the host drives it, wherever its sandbox runs: a {@link ScenarioSession} on this thread, or a
 * `RemoteSession` whose sandbox lives on a scenario worker thread (scenario/worker/). Events go in; commands come
 * out through the session's `ScenarioServices`.
 */
export interface SessionHandle {
  readonly id: string;
  readonly state: SessionState;
  /** The calls the session owns now, oldest first. */
  readonly callIds: string[];
  /** Whether the session owns this call (placed it, received it, or adopted it). */
  ownsCall(callId: string): boolean;
  /** An inbound call for this session (`AppEvents.CallAlerting`). */
  inboundCall(info: CallInfo): void;
  /** A call the session did not place but now owns (the operator call the ACD rang for one of its requests). */
  adoptCall(info: CallInfo): void;
  callEvent(callId: string, event: string, data?: Record<string, unknown>): void;
  acdEvent(requestId: string, event: string, data?: Record<string, unknown>): void;
  terminate(reason?: string): void;
  /** Resolves once the session has ended (at once if it has). */
  whenEnded(): Promise<void>;
  /**
   * Resolves once the script has handled every event delivered so far (and its commands have arrived); undefined
   * when that is already so, as for a session on this thread, whose handlers run inside `callEvent`.
   */
  settled(): Promise<void> | undefined;
}
