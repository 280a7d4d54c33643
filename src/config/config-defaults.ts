import { availableParallelism } from 'node:os';

/** Limits and defaults of the config that more than one config module needs. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;
export const OPERATOR_PASSWORD_MIN_LENGTH = 6;
export const DEFAULT_SIP_PORT = 5060;
export const DEFAULT_RTP_PORTS = Object.freeze({ min: 20000, max: 29999 });
/**
 * media.workers when unset: one media worker thread as soon as there is a second core, so RTP never waits for
 * signalling, scenarios or storage on the main thread. Measured on 2 cores (bench:queue-load, docs/benchmarks.md):
 * held calls get about the same jitter either way at 500-1,000 calls, and when the main thread saturates (2,000
 * calls) the worker keeps every caller hearing music (p99 48 ms, no dead air) where RTP on the main thread breaks
 * down (p99 97 ms, 82 callers never reached the music).
 */
export function defaultMediaWorkers(cores = availableParallelism()): number {
  return cores >= 2 ? 1 : 0;
}
/** Most media worker threads (each paces its own 20 ms clock and takes a slice of the RTP ports). */
export const MAX_MEDIA_WORKERS = 16;
/**
 * scenarios.workers when unset: two scenario worker threads as soon as there is a second core. Creating a session's
 * isolate and running its handlers is most of a new call's CPU; on the main thread it capped call set-up at 115
 * answered calls/s on 2 cores, with one worker 159-169/s, with two 195-207/s (bench:queue-load, 500 calls at 300/s,
 * docs/benchmarks.md), and the main thread's share of a new call fell from 7.4 ms to 1.8 ms. On one core the threads
 * would only add message hops.
 */
export function defaultScenarioWorkers(cores = availableParallelism()): number {
  return cores >= 2 ? 2 : 0;
}
/** Most scenario worker threads. */
export const MAX_SCENARIO_WORKERS = 16;
/** media.rtpHost when neither a specific sip.listen host nor sip.publicAddress gives one. */
export const FALLBACK_RTP_HOST = '127.0.0.1';
