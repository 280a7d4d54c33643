import { availableParallelism } from 'node:os';

/** Limits and defaults of the config that more than one config module needs. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;
export const OPERATOR_PASSWORD_MIN_LENGTH = 6;
export const DEFAULT_SIP_PORT = 5060;
export const DEFAULT_RTP_PORTS = Object.freeze({ min: 20000, max: 29999 });
/**
 * media.workers when unset: a media worker thread from three cores on (RTP then never waits for signalling,
 * scenarios or storage on the main thread). Not on two: the hand-over costs CPU (1,000 held calls took 61 % of a core
 * with the worker, 45 % without), and with the worker and the main thread each wanting a core, held calls heard more
 * jitter (bench:queue-load, docs/benchmarks.md: |D| p99 3.2 against 2.0 ms).
 */
export function defaultMediaWorkers(cores = availableParallelism()): number {
  return cores >= 3 ? 1 : 0;
}
/** Most media worker threads (each paces its own 20 ms clock and takes a slice of the RTP ports). */
export const MAX_MEDIA_WORKERS = 16;
/** media.rtpHost when neither a specific sip.listen host nor sip.publicAddress gives one. */
export const FALLBACK_RTP_HOST = '127.0.0.1';
