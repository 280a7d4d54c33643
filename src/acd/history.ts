import type { RequestState } from './types.js';

/**
 * One line of the append-only request log (in the spirit of Asterisk's queue_log): every state change of every
 * request, with the operator involved and a short detail. Queried per request over the API.
 */
export interface HistoryEntry {
  requestId: string;
  queue: string;
  at: number;
  /** What happened: ENQUEUE, DUPLICATE, OFFLINE, QUEUEFULL, OFFER, RINGNOANSWER, DECLINE, OPERATOR_FAILED, CONNECT,
   * DIAL, DIAL_FAILED, REQUEUE, COMPLETE, CANCEL, EXPIRE, ABANDON, FAIL, CONVERT, RECOVER. */
  event: string;
  /** The request's state after the change. */
  state: RequestState;
  operator?: string | undefined;
  /** Short machine-readable detail (a cause, a status code, an attempt number). */
  detail?: string | undefined;
}
