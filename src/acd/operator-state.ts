import type { Operator, OperatorStatus, QueueSettings, Request } from './types.js';

/** Voice requests occupy the operator entirely; tasks share per-channel capacity. */
export function isVoice(request: Pick<Request, 'kind'>): boolean {
  return request.kind !== 'task';
}

export function taskChannel(request: Pick<Request, 'channel'>): string {
  return request.channel ?? 'task';
}

/**
 * An operator as the engine tracks them: the persisted {@link Operator} plus the requests currently offered to or
 * connected with them. The visible status is derived, so it can never disagree with the work the operator holds:
 *
 * ```
 *  presence (chosen) ──► has connected / dialing work? ── yes ──► IN_SERVICE
 *                                │ no
 *                                ▼
 *                        wrap-up running or chosen? ── yes ──► AFTER_SERVICE
 *                                │ no
 *                                ▼
 *                            presence (OFFLINE, ONLINE, READY, DND, BANNED, TIMEOUT)
 * ```
 */
export class OperatorState {
  readonly assignments = new Map<string, Request>();

  /**
   * Whether voice work (calls and callbacks) can reach the operator right now, e.g. their SIP phone is registered.
   * Transient: never persisted, set again at every start (AcdEngineOptions.operatorsStartReachable) and by the
   * telephony layer as phones come and go. Tasks do not need it.
   */
  voiceReachable: boolean;

  constructor(
    public op: Operator,
    voiceReachable = true,
  ) {
    this.voiceReachable = voiceReachable;
  }

  get username(): string {
    return this.op.username;
  }

  status(): OperatorStatus {
    for (const r of this.assignments.values()) {
      if (r.offer && r.offer.phase !== 'ringing') return 'IN_SERVICE';
    }
    if (this.op.wrapUpUntil !== null || this.op.presence === 'AFTER_SERVICE') return 'AFTER_SERVICE';
    return this.op.presence;
  }

  skillIn(queue: string): number {
    return this.op.queues.find((b) => b.queue === queue)?.skill ?? 0;
  }

  servesQueue(queue: string): boolean {
    return this.op.queues.some((b) => b.queue === queue);
  }

  /** An offer waiting for this operator's answer, or a customer being dialed for them: one at a time. */
  hasPendingOffer(): boolean {
    for (const r of this.assignments.values()) {
      if (r.offer && r.offer.phase !== 'connected') return true;
    }
    return false;
  }

  /**
   * Whether the operator may be offered this request now: READY by choice, not wrapping up, not in a miss delay, no
   * other offer pending, and room on the request's channel (voice: reachable for voice and nothing else held; a task:
   * no voice work and fewer tasks of that channel than the queue's capacity).
   */
  canTake(request: Request, settings: QueueSettings, now: number): boolean {
    const op = this.op;
    if (op.presence !== 'READY' || op.wrapUpUntil !== null || op.skipUntil > now) return false;
    if (this.hasPendingOffer()) return false;
    if (isVoice(request)) return this.voiceReachable && this.assignments.size === 0;
    const channel = taskChannel(request);
    const capacity = settings.taskCapacity[channel] ?? 1;
    let held = 0;
    for (const r of this.assignments.values()) {
      if (isVoice(r)) return false;
      if (taskChannel(r) === channel) held++;
    }
    return held < capacity;
  }

  /** Free for voice work right now (used by the wait estimate): an operator voice cannot reach is not free. */
  isFree(now: number): boolean {
    const op = this.op;
    if (!this.voiceReachable) return false;
    return op.presence === 'READY' && op.wrapUpUntil === null && op.skipUntil <= now && this.assignments.size === 0;
  }

  /**
   * Logged in and working the queue: counts as staffing for the wait estimate. Voice reachability does not change
   * it (an operator whose phone is away is still logged in, takes tasks, and is expected back).
   */
  isStaffing(): boolean {
    const s = this.status();
    return s === 'READY' || s === 'IN_SERVICE' || s === 'AFTER_SERVICE';
  }
}
