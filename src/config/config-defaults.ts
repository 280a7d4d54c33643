import { availableParallelism } from 'node:os';

/** Limits and defaults of the config that more than one config module needs. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;
export const OPERATOR_PASSWORD_MIN_LENGTH = 6;
export const DEFAULT_SIP_PORT = 5060;
export const DEFAULT_RTP_PORTS = Object.freeze({ min: 20000, max: 29999 });
/**
 * media.workers when unset: one media worker thread when the machine has a second core (RTP then never waits for
 * signalling, scenarios or storage on the main thread), none on a single core (a worker would only add hand-offs).
 */
export function defaultMediaWorkers(cores = availableParallelism()): number {
  return cores >= 2 ? 1 : 0;
}
/**
 * Most media worker threads. One for now: a bridge relays on one worker, so both calls' legs must be on the same
 * one, and call control does not yet place a call's leg near the call it will be bridged to.
 */
export const MAX_MEDIA_WORKERS = 1;
/** media.rtpHost when neither a specific sip.listen host nor sip.publicAddress gives one. */
export const FALLBACK_RTP_HOST = '127.0.0.1';
