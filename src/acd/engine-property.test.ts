import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harness } from './engine.test-support.js';
import { isVoice } from './operator-state.js';
import type { ChosenStatus, CustomerDialOutcome, OfferFailureCause, Request } from './types.js';

type Step =
  | { op: 'enqueue'; kind: 'call' | 'callback' | 'task'; priority: number; phone: number; channel: 'chat' | 'email' }
  | { op: 'status'; who: number; status: ChosenStatus }
  | { op: 'reach'; who: number; reachable: boolean }
  | { op: 'accept'; pick: number }
  | { op: 'fail'; pick: number; cause: OfferFailureCause }
  | { op: 'dial'; pick: number; outcome: CustomerDialOutcome }
  | { op: 'complete'; pick: number }
  | { op: 'cancel'; pick: number }
  | { op: 'gone'; pick: number }
  | { op: 'advance'; seconds: number };

const OPERATORS = ['o1', 'o2', 'o3', 'o4'];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('enqueue' as const),
    kind: fc.constantFrom('call' as const, 'callback' as const, 'task' as const),
    priority: fc.integer({ min: 1, max: 3 }),
    phone: fc.integer({ min: 0, max: 5 }),
    channel: fc.constantFrom('chat' as const, 'email' as const),
  }),
  fc.record({
    op: fc.constant('status' as const),
    who: fc.integer({ min: 0, max: OPERATORS.length - 1 }),
    status: fc.constantFrom<ChosenStatus>('READY', 'READY', 'ONLINE', 'DND', 'OFFLINE', 'AFTER_SERVICE'),
  }),
  fc.record({
    op: fc.constant('reach' as const),
    who: fc.integer({ min: 0, max: OPERATORS.length - 1 }),
    reachable: fc.boolean(),
  }),
  fc.record({ op: fc.constant('accept' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('fail' as const),
    pick: fc.nat(),
    cause: fc.constantFrom<OfferFailureCause>('no-answer', 'busy', 'rejected', 'declined', 'unavailable'),
  }),
  fc.record({
    op: fc.constant('dial' as const),
    pick: fc.nat(),
    outcome: fc.constantFrom<CustomerDialOutcome>('answered', 'busy', 'no-answer', 'failed'),
  }),
  fc.record({ op: fc.constant('complete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('gone' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 400 }) }),
);

function checkInvariants(h: ReturnType<typeof harness>): void {
  const holders = new Map<string, string>();
  for (const os of h.engine.operatorStates()) {
    let pending = 0;
    let voice = 0;
    for (const r of os.assignments.values()) {
      expect(r.offer?.operator, `request ${r.id} in ${os.username}'s hands names its operator`).toBe(os.username);
      expect(holders.has(r.id), `request ${r.id} offered to two operators`).toBe(false);
      holders.set(r.id, os.username);
      if (r.offer!.phase !== 'connected') pending++;
      if (isVoice(r)) voice++;
    }
    expect(pending, `${os.username} holds two offers at once`).toBeLessThanOrEqual(1);
    if (voice > 0) expect(os.assignments.size, `${os.username} has voice work plus something else`).toBe(1);
  }
  const now = h.now();
  for (const r of h.engine.activeRequests()) {
    if (r.state === 'waiting') {
      expect(r.offer).toBeUndefined();
      expect(h.engine.position(r)).toBeGreaterThan(0);
      // Dispatch invariant: no free operator of the queue could take a request that is waiting and due.
      if (r.notBefore === undefined || r.notBefore <= now) {
        const qs = h.engine.queueState(r.queue);
        for (const os of qs.operators) {
          expect(os.canTake(r, qs.queue.settings, now), `${r.id} waits while ${os.username} could take it`).toBe(false);
        }
      }
    } else {
      expect(holders.get(r.id), `${r.id} is ${r.state} but no operator holds it`).toBe(r.offer?.operator);
    }
  }
}

function pick(h: ReturnType<typeof harness>, n: number, pred: (r: Request) => boolean): Request | undefined {
  const list = [...h.engine.activeRequests()].filter(pred);
  return list.length ? list[n % list.length] : undefined;
}

describe('engine under random interleavings', () => {
  it('never offers a request to two operators, never gives an operator two offers, and every request ends named', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 120, size: 'max' }),
        fc.constantFrom('operator-first' as const, 'customer-first' as const),
        (steps, mode) => {
          const h = harness(
            { ringTimeout: 20, wrapUpTime: 5, taskCapacity: { chat: 2 }, callback: { mode, retryDelaySeconds: { busy: 30, noAnswer: 60, failed: 90 } } },
            OPERATORS,
          );
          const ended: Request[] = [];
          const offerIds = new Set<string>();
          let seen = h.log.length;
          for (const s of steps) {
            const now = h.now();
            try {
              switch (s.op) {
                case 'enqueue':
                  h.engine.enqueue({ queue: 'Q', kind: s.kind, priority: s.priority, phone: `+1555000${s.phone}`, channel: s.channel }, now);
                  break;
                case 'status':
                  h.engine.setOperatorStatus(OPERATORS[s.who]!, s.status, now);
                  break;
                case 'reach':
                  h.engine.setOperatorReachable(OPERATORS[s.who]!, s.reachable, now);
                  break;
                case 'accept': {
                  const r = pick(h, s.pick, (x) => x.offer?.phase === 'ringing');
                  if (r) h.engine.acceptOffer(r.id, undefined, now);
                  break;
                }
                case 'fail': {
                  const r = pick(h, s.pick, (x) => x.offer?.phase === 'ringing');
                  if (r) h.engine.failOffer(r.id, s.cause, undefined, undefined, now);
                  break;
                }
                case 'dial': {
                  const r = pick(h, s.pick, (x) => x.offer?.phase === 'dialing-customer');
                  if (r) h.engine.customerDialed(r.id, s.outcome, now);
                  break;
                }
                case 'complete': {
                  const r = pick(h, s.pick, (x) => x.state === 'connected');
                  if (r) h.engine.complete(r.id, undefined, now);
                  break;
                }
                case 'cancel': {
                  const r = pick(h, s.pick, (x) => x.state !== 'connected');
                  if (r) h.engine.cancel(r.id, 'test', now);
                  break;
                }
                case 'gone': {
                  const r = pick(h, s.pick, (x) => x.kind === 'call');
                  if (r) h.engine.callerGone(r.id, now);
                  break;
                }
                case 'advance':
                  h.advance(s.seconds);
                  break;
              }
            } catch (err) {
              // BANNED → READY is refused by design; nothing else may throw.
              if (!(s.op === 'status' && String(err).includes('ONLINE first'))) throw err;
            }
            h.drain();
            // Read the log rather than the drain: steps that use the harness (advance) drain by themselves.
            for (const e of h.log.slice(seen)) {
              if (e.type === 'Ended') ended.push(e.request);
              if (e.type !== 'Offered' && e.type !== 'DialCustomer') continue;
              // A new voice offer goes to a reachable operator only (reachability changes in a 'reach' step alone, which
              // offers nothing to the operator it makes unreachable). An existing one may go on: a held operator of a
              // customer-first callback is rung when the customer answers, even if their phone went away meanwhile.
              if (isVoice(e.request) && !offerIds.has(e.offer.id)) {
                expect(h.engine.operatorState(e.offer.operator).voiceReachable, `voice offer to unreachable ${e.offer.operator}`).toBe(true);
              }
              offerIds.add(e.offer.id);
            }
            seen = h.log.length;
            checkInvariants(h);
          }
          for (const r of ended) {
            expect(['completed', 'cancelled', 'expired', 'abandoned', 'failed']).toContain(r.state);
            expect(r.reason, `${r.id} ended without a reason`).toBeTruthy();
          }
        },
      ),
      { numRuns: 150, seed: 20261126 },
    );
  });
});
