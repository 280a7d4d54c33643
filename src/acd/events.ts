import type { Offer, OfferFailureCause, CustomerDialOutcome, OperatorStatus, Request } from './types.js';

/**
 * What the engine decided. The caller of the engine persists the changes first, then performs the I/O these events
 * ask for (ring a phone, show a task, dial a customer) and publishes them to subscribers.
 */
export type AcdEvent =
  /** The request entered the queue (VoxEngine `ACD.Queued`). `duplicate` when an existing callback was returned. */
  | { type: 'Queued'; request: Request; duplicate: boolean }
  /** Not queued: every operator of the queue is OFFLINE (`ACD.Offline`). */
  | { type: 'Offline'; request: Request }
  /** Not queued: the queue is full or the predicted wait is over its maximum (`ACD.QueueFull`). */
  | { type: 'QueueFull'; request: Request; cause: 'size' | 'wait'; predictedWait: number }
  /** Offer the request to an operator: ring the phone, show the task (`ACD.OperatorCallAttempt`). */
  | { type: 'Offered'; request: Request; offer: Offer }
  /** Stop alerting an operator: the offer ended without the operator (timeout, cancel, caller gone). */
  | { type: 'OfferWithdrawn'; request: Request; offer: Offer; cause: OfferFailureCause | 'cancelled' }
  /** The operator accepted (`ACD.OperatorReached`). */
  | { type: 'OperatorReached'; request: Request; offer: Offer }
  /** The operator did not take the offer; the request moves on (`ACD.OperatorFailed`). */
  | { type: 'OperatorFailed'; request: Request; operator: string; cause: OfferFailureCause; statusCode: number }
  /** Dial the customer of a callback now; an operator is held for it (pacing). */
  | { type: 'DialCustomer'; request: Request; offer: Offer; attempt: number }
  /** The customer of a callback was dialed and did not answer; the engine retries later or gives up. */
  | { type: 'CustomerDialFailed'; request: Request; outcome: Exclude<CustomerDialOutcome, 'answered'>; retryAt: number | null }
  /** Operator and customer (or task) are together. */
  | { type: 'Connected'; request: Request; operator: string }
  /** The request went back to waiting (offer failed, callback retry, operator lost). */
  | { type: 'Requeued'; request: Request; reason: string }
  /** The request reached a terminal state (completed, cancelled, expired, abandoned, failed). */
  | { type: 'Ended'; request: Request }
  /** A waiting caller chose to be called back (`#`): the request is now a callback and keeps its place in line. */
  | { type: 'ConvertedToCallback'; request: Request }
  /**
   * The ACD could not make a change durable (the store failed). The commands concerned were refused (their callers
   * got the error), the engine reloaded what is durable, and nothing of them was acted on (VoxEngine `ACD.Error`).
   */
  | { type: 'Error'; error: string; requestIds: string[] }
  /** An operator's visible status changed. */
  | { type: 'OperatorStatusChanged'; operator: string; status: OperatorStatus; previous: OperatorStatus }
  /** An operator's phone became reachable for voice offers (registered) or stopped being so. */
  | { type: 'OperatorReachabilityChanged'; operator: string; voiceReachable: boolean };

export type AcdEventType = AcdEvent['type'];
