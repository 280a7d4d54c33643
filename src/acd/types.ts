/**
 * The ACD domain: queues, operators, requests and offers. Plain data, no behaviour; the engine owns the rules.
 * All times are milliseconds since the Unix epoch; durations in settings are seconds (as users write them).
 */

/** `call`: a live caller on the line. `callback`: dial the customer when an operator is free. `task`: non-voice work. */
export type RequestKind = 'call' | 'callback' | 'task';
export const REQUEST_KINDS: readonly RequestKind[] = ['call', 'callback', 'task'];

/**
 * Where a request is in its life.
 *
 * ```
 *            ┌──────── decline / no answer / busy / ring timeout ────────┐
 *            ▼                                                            │
 *  ──► waiting ──offer──► offered ──operator accepts──► connected ──► completed
 *        │  ▲               │ (callback, operator-first:                     
 *        │  │               │  accepted = operator reached, then the customer is dialed;
 *        │  └─ retry ◄──────┤  customer busy / no answer → waiting with a delay, or failed)
 *        ▼                  ▼
 *  cancelled | expired | abandoned | failed          (terminal, with a reason)
 * ```
 * `rejected` requests (Offline, QueueFull) were never queued; they are recorded so history is complete.
 */
export type RequestState =
  | 'waiting'
  | 'offered'
  | 'connected'
  | 'completed'
  | 'cancelled'
  | 'expired'
  | 'abandoned'
  | 'failed'
  | 'rejected';

export const ACTIVE_STATES: readonly RequestState[] = ['waiting', 'offered', 'connected'];
export const TERMINAL_STATES: readonly RequestState[] = [
  'completed',
  'cancelled',
  'expired',
  'abandoned',
  'failed',
  'rejected',
];

export function isTerminal(state: RequestState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Voximplant's operator statuses. IN_SERVICE and AFTER_SERVICE are derived from work; the rest are chosen. */
export type OperatorStatus =
  | 'OFFLINE'
  | 'ONLINE'
  | 'READY'
  | 'IN_SERVICE'
  | 'AFTER_SERVICE'
  | 'DND'
  | 'BANNED'
  | 'TIMEOUT';

export const OPERATOR_STATUSES: readonly OperatorStatus[] = [
  'OFFLINE',
  'ONLINE',
  'READY',
  'IN_SERVICE',
  'AFTER_SERVICE',
  'DND',
  'BANNED',
  'TIMEOUT',
];

/** What an operator (or a supervisor for them) may choose; the others are set by the engine. */
export type ChosenStatus = 'OFFLINE' | 'ONLINE' | 'READY' | 'DND' | 'AFTER_SERVICE' | 'BANNED';

export type DistributionStrategy = 'longest-idle' | 'round-robin' | 'fewest-handled' | 'skill-level-first';

/** Why an offer to an operator did not lead to a connection. `declined` is a conscious "no", not a failed attempt. */
export type OfferFailureCause = 'no-answer' | 'busy' | 'rejected' | 'unavailable' | 'declined' | 'error';

/** How dialing the customer of a callback ended. */
export type CustomerDialOutcome = 'answered' | 'busy' | 'no-answer' | 'failed';

export interface NoAnswerPolicy {
  /** Seconds an operator is skipped after each cause of a missed offer. */
  delaySeconds: { noAnswer: number; busy: number; rejected: number; declined: number };
  /** Consecutive misses (no-answer, busy, rejected, unavailable) before the operator is taken out of rotation; 0 = never. */
  maxMisses: number;
  /** BANNED lasts until the operator goes ONLINE then READY; TIMEOUT ends by itself after `timeoutSeconds`. */
  onMaxMisses: 'BANNED' | 'TIMEOUT';
  timeoutSeconds: number;
}

export interface CallbackPolicy {
  /** operator-first: ring the operator, then dial the customer (the seed flow). customer-first: dial, then ring. */
  mode: 'operator-first' | 'customer-first';
  /** Dial attempts to the customer before the callback fails. */
  maxAttempts: number;
  /** Seconds before the next attempt, per outcome of the previous one. */
  retryDelaySeconds: { busy: number; noAnswer: number; failed: number };
  /** On retry, keep the original place in line, or go to the back (a new virtual start time). */
  retryPlacement: 'keep' | 'back';
  /** A pending callback expires this many seconds after it was created (0 = never). */
  expirySeconds: number;
  /** One pending callback per normalized number per queue: a duplicate request returns the existing one. */
  dedupe: boolean;
  /** Live callers found gone after a restart: end as `abandoned`, or become a callback to their number. */
  onCallerLost: 'abandon' | 'callback';
  /** Caller ID presented to the customer (E.164 or a trunk's own), if the queue sets one. */
  callerId?: string | undefined;
}

export interface QueueSettings {
  /** Waiting requests at most (0 = unlimited). A new request over it is rejected with QueueFull. */
  maxQueueSize: number;
  /** Seconds; a new call or callback whose predicted wait is over it is rejected with QueueFull (0 = no limit). */
  maxWaitingTime: number;
  /** Seconds; the handle time assumed before any is measured. */
  averageServiceTime: number;
  /** Seconds an operator is rung before the offer fails (10..400, Voximplant's default 60). */
  ringTimeout: number;
  /** Seconds of AFTER_SERVICE after each handled request before the operator is READY again (0 = none). */
  wrapUpTime: number;
  /** Seconds; the service-level threshold (answered within it counts toward SL%). */
  serviceLevelSeconds: number;
  strategy: DistributionStrategy;
  noAnswer: NoAnswerPolicy;
  callback: CallbackPolicy;
  /** Parallel tasks an operator may hold per channel (e.g. chat: 3, email: 5); channels not named get 1. */
  taskCapacity: Record<string, number>;
}

export interface Queue {
  name: string;
  /** Human-readable title for dashboards. */
  title?: string | undefined;
  settings: QueueSettings;
  /** Round-robin cursor: the operator who got the last offer in this queue. */
  lastOfferedOperator?: string | undefined;
}

export interface OperatorQueueBinding {
  queue: string;
  /** Higher is more skilled; used by the skill-level-first strategy. */
  skill: number;
}

export interface Operator {
  username: string;
  displayName: string;
  queues: OperatorQueueBinding[];
  /** What the operator chose (or the engine imposed: BANNED, TIMEOUT). IN_SERVICE is derived, never stored here. */
  presence: ChosenStatus | 'TIMEOUT';
  /** When presence last changed. */
  presenceSince: number;
  /** When the operator last became free for new work (drives longest-idle). */
  idleSince: number;
  /** Requests handled to completion (drives fewest-handled). */
  handled: number;
  /** Consecutive missed offers (no answer, busy, rejected, unavailable). */
  misses: number;
  /** The operator is skipped for offers until this time (per-cause delay after a miss). */
  skipUntil: number;
  /** End of AFTER_SERVICE wrap-up, if one is running; null otherwise. */
  wrapUpUntil: number | null;
  /** End of TIMEOUT, when presence is TIMEOUT. */
  timeoutUntil: number | null;
}

export interface Request {
  id: string;
  queue: string;
  kind: RequestKind;
  /** 1..100, 1 highest. */
  priority: number;
  /** Order within a priority. A callback made from a waiting call keeps the call's start, so it keeps its place. */
  virtualStart: number;
  /** Tie-breaker for equal priority and virtual start: arrival order, assigned by the engine. */
  seq: number;
  createdAt: number;
  updatedAt: number;
  state: RequestState;
  /** Terminal outcome detail ('completed', 'caller-hung-up', 'max-attempts', 'reached-by-other-route', ...). */
  reason?: string | undefined;
  /** E.164 number of the customer (caller ID of a call, number to dial for a callback). */
  phone?: string | undefined;
  /** Customer's name, if known. */
  name?: string | undefined;
  /** Non-voice channel of a task ('email', 'chat', ...). */
  channel?: string | undefined;
  /** Free JSON payload (task content, web-site data). */
  payload?: unknown;
  /** Opaque data from the creator (scenario customData, web-site data). */
  customData?: string | undefined;
  /** Seconds to ring each operator for this request (VI-CallTimeout), overriding the queue's ringTimeout. */
  ringTimeout?: number | undefined;
  /** The request is not offered before this time (callback window start, retry delay). */
  notBefore?: number | undefined;
  /** A callback not started by this time expires. */
  notAfter?: number | undefined;
  /** Dial attempts made to the customer (callbacks). */
  attempts: number;
  /** Times the request was offered to an operator. */
  offers: number;
  /** The live offer, while state is `offered` or `connected`. */
  offer?: Offer | undefined;
  /** When an operator first got connected (answered) for this request. */
  answeredAt?: number | undefined;
  /** When the request reached a terminal state. */
  endedAt?: number | undefined;
  /** The operator who handled it. */
  handledBy?: string | undefined;
}

/**
 * An offer binds a request to one operator. Phases:
 * - `ringing`: the operator is being alerted (phone rings / task shown) until `expiresAt`.
 * - `dialing-customer`: (callbacks) the operator has accepted (operator-first) or is reserved (customer-first) and the
 *   customer is being dialed.
 * - `connected`: operator and customer (or task) are together.
 */
export interface Offer {
  id: string;
  operator: string;
  phase: 'ringing' | 'dialing-customer' | 'connected';
  since: number;
  /** Ring deadline in the `ringing` phase. */
  expiresAt: number | null;
  /** Customer-first callbacks: the customer already answered before the operator was rung. */
  customerAnswered?: boolean | undefined;
}
