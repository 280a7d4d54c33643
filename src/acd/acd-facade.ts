import type { AcdEvent } from './events.js';
import type { HistoryEntry } from './history.js';
import type { QueueSettingsInput } from './queue-defaults.js';
import type { RequestFilter } from './store-port.js';
import type {
  ChosenStatus,
  CustomerDialOutcome,
  OfferFailureCause,
  Operator,
  OperatorQueueBinding,
  OperatorStatus,
  QueueSettings,
  Request,
  RequestKind,
} from './types.js';

/**
 * What the edges (HTTP API, later the telephony layer and scenarios) may ask of the ACD. Implemented by AcdService.
 * Every mutating call resolves only after its change is durable. Errors are the typed ones of errors.ts.
 */
export interface AcdFacade {
  listQueues(): QueueView[];
  getQueue(name: string): QueueView;
  /** Creates or replaces a queue; settings not given take defaults. */
  putQueue(input: QueueInput): Promise<QueueView>;
  /** Refuses (StateConflictError) while the queue has active requests. */
  deleteQueue(name: string): Promise<void>;
  /** Waiting list (position order) with estimates, and the queue's operators with their statuses. */
  queueLive(name: string): QueueLive;
  queueStatistics(name: string, sinceMs: number): Promise<QueueStatistics>;

  listOperators(): OperatorView[];
  getOperator(username: string): OperatorView;
  putOperator(input: OperatorInput): Promise<OperatorView>;
  deleteOperator(username: string): Promise<void>;
  setOperatorStatus(username: string, status: ChosenStatus): Promise<OperatorView>;

  /**
   * Creates a callback or task (or a call, for the telephony layer). Rejected requests (Offline, QueueFull) are
   * returned with state `rejected` and the reason; a duplicate callback returns the existing one with duplicate=true.
   * With `idempotency`, a repeated key from the same client returns the first result (replayed=true) or, if the body
   * differs, throws StateConflictError.
   */
  createRequest(input: CreateRequestInput, idempotency?: IdempotencyInput): Promise<CreateRequestResult>;
  getRequest(id: string): Promise<RequestView>;
  listRequests(filter: RequestFilter): Promise<RequestView[]>;
  cancelRequest(id: string, reason?: string): Promise<RequestView>;
  history(id: string): Promise<HistoryEntry[]>;

  /** The operator accepts the offer they were given. `asOperator` restricts it to that operator's own offer. */
  acceptOffer(requestId: string, asOperator?: string): Promise<RequestView>;
  /** The operator declines (not a failed attempt) or the endpoint reports a failure (busy, no answer...). */
  failOffer(requestId: string, cause: OfferFailureCause, statusCode?: number, asOperator?: string): Promise<RequestView>;
  /** The work is done (task handled, call ended after the connection). */
  completeRequest(requestId: string, asOperator?: string): Promise<RequestView>;
  /** How dialing a callback's customer ended. */
  reportCustomerDial(requestId: string, outcome: CustomerDialOutcome): Promise<RequestView>;

  /** Live events, after they are durable. Returns an unsubscribe function. */
  subscribe(listener: (event: AcdEvent) => void): () => void;
}

export interface QueueInput {
  name: string;
  title?: string | undefined;
  settings?: QueueSettingsInput | undefined;
}

export interface QueueView {
  name: string;
  title?: string | undefined;
  settings: QueueSettings;
  waiting: number;
  /** Operators bound to the queue, by visible status. */
  operators: Partial<Record<OperatorStatus, number>>;
}

export interface QueueLive {
  queue: QueueView;
  /** Active requests in position order: waiting first (position 1..n), then offered and connected ones. */
  requests: RequestView[];
  operators: OperatorView[];
}

export interface QueueStatistics {
  queue: string;
  since: number;
  entered: number;
  answered: number;
  abandoned: number;
  rejected: number;
  /** Share of answered-or-abandoned requests answered within the service-level threshold, 0..100; null if none. */
  serviceLevelPercent: number | null;
  serviceLevelSeconds: number;
  /** Average speed of answer (seconds); null when nothing was answered. */
  averageSpeedOfAnswer: number | null;
  /** Average handle time of completed requests (seconds). */
  averageHandleTime: number | null;
  /** abandoned / (answered + abandoned), 0..100. */
  abandonRatePercent: number | null;
  callbacks: { pending: number; completed: number; failed: number; expired: number };
  waiting: number;
  /** The handle time the estimator currently uses, seconds. */
  measuredHandleTime: number;
}

export interface OperatorInput {
  username: string;
  displayName?: string | undefined;
  queues: OperatorQueueBinding[];
}

export interface OperatorView extends Omit<Operator, 'presence'> {
  /** The visible status: presence, or IN_SERVICE / AFTER_SERVICE when working. */
  status: OperatorStatus;
  /**
   * Whether voice work (calls, callbacks) can reach the operator now, e.g. their SIP phone is registered. Transient,
   * not stored. A READY operator who is not reachable is offered tasks only. AcdService always sets it; it is optional
   * only so that AcdFacade implementations that do not track phones yet (the API's test fake) need no change, and
   * absent means reachable.
   */
  voiceReachable?: boolean | undefined;
  /** Requests currently offered to or connected with the operator. */
  activeRequests: string[];
}

export interface CreateRequestInput {
  queue: string;
  kind: RequestKind;
  priority?: number | undefined;
  /** E.164, already normalized by the edge. Required for callbacks. */
  phone?: string | undefined;
  name?: string | undefined;
  channel?: string | undefined;
  payload?: unknown;
  customData?: string | undefined;
  ringTimeout?: number | undefined;
  notBefore?: number | undefined;
  notAfter?: number | undefined;
  /** Keep an earlier place in line (a callback made from a waiting call). */
  virtualStart?: number | undefined;
}

export interface IdempotencyInput {
  client: string;
  key: string;
  fingerprint: string;
}

export interface CreateRequestResult {
  request: RequestView;
  duplicate: boolean;
  replayed: boolean;
}

export interface RequestView extends Request {
  /** 1-based place in line while waiting. */
  position?: number | undefined;
  /** Predicted seconds until an operator is reached, while waiting; null while unknown (nobody staffs the queue). */
  estimatedWaitSeconds?: number | null | undefined;
  /** The same in whole minutes, rounded up (VoxEngine's `ewt`); null while unknown. */
  ewtMinutes?: number | null | undefined;
}
