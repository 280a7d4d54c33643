import { describe, expect, it } from 'vitest';
import { NotFoundError } from './errors.js';
import { harness } from './engine.test-support.js';

describe('voice reachability', () => {
  it('an unreachable READY operator gets no call offer, but does get a task', () => {
    const h = harness(undefined, ['alice', 'bob'], { operatorsStartReachable: false });
    h.status('bob', 'ONLINE');
    h.ready('alice');
    const call = h.enqueue();
    expect(call.state).toBe('waiting');
    expect(h.offerOf('alice')).toBeUndefined();
    const task = h.enqueue({ kind: 'task', channel: 'email' });
    expect(task.state).toBe('offered');
    expect(task.offer?.operator).toBe('alice');
  });

  it('a callback is not offered to an unreachable operator either', () => {
    const h = harness(undefined, ['alice'], { operatorsStartReachable: false });
    h.ready('alice');
    const cb = h.callback('+15550001');
    expect(cb.state).toBe('waiting');
    h.reachable('alice', true);
    expect(cb.offer?.operator).toBe('alice');
  });

  it('becoming reachable offers the waiting call at once', () => {
    const h = harness(undefined, ['alice', 'bob'], { operatorsStartReachable: false });
    h.status('bob', 'ONLINE');
    h.ready('alice');
    const call = h.enqueue();
    const events = h.reachable('alice', true);
    expect(h.types(events)).toEqual(['OperatorReachabilityChanged', 'Offered']);
    expect(call.state).toBe('offered');
    expect(h.offerOf('alice')).toBe(call);
    expect(h.statusOf('alice')).toBe('READY');
  });

  it('a queue whose only READY operator is unreachable still queues new calls (not Offline)', () => {
    const h = harness(undefined, ['alice', 'bob'], { operatorsStartReachable: false });
    h.ready('alice');
    const call = h.enqueue();
    expect(call.state).toBe('waiting');
    expect(h.types(h.log)).not.toContain('Offline');
    // Logged in, so staffing; but not free for voice, so a caller first in line does not get a zero estimate.
    const qs = h.engine.queueState('Q');
    expect(h.engine.staffing(qs, h.now())).toEqual({ staffed: 1, free: 0 });
    expect(h.engine.estimate(call, h.now())).toBeGreaterThan(0);
  });

  it('becoming unreachable while a call rings does not withdraw the offer; it fails through failOffer', () => {
    const h = harness({ ringTimeout: 20 }, ['alice', 'bob']);
    h.status('bob', 'ONLINE');
    h.ready('alice');
    const call = h.enqueue();
    expect(h.reachable('alice', false)).toEqual([{ type: 'OperatorReachabilityChanged', operator: 'alice', voiceReachable: false }]);
    expect(h.offerOf('alice')).toBe(call);
    h.engine.failOffer(call.id, 'unavailable', undefined, undefined, h.now());
    h.drain();
    // Back in line, and not offered again to alice while her phone is away.
    expect(call.state).toBe('waiting');
    h.advance(3600);
    expect(call.state).toBe('waiting');
    h.reachable('alice', true);
    expect(call.state).toBe('offered');
  });

  it('defaults to reachable, and is transient: changing it persists nothing, it is only announced', () => {
    const h = harness();
    expect(h.engine.operatorState('alice').voiceReachable).toBe(true);
    h.ready('alice');
    const announced = (voiceReachable: boolean) => ({ batch: {}, events: [{ type: 'OperatorReachabilityChanged', operator: 'alice', voiceReachable }], history: [] });
    h.engine.setOperatorReachable('alice', false, h.now());
    expect(h.engine.drain()).toEqual(announced(false));
    h.engine.setOperatorReachable('alice', false, h.now()); // no change, no event
    expect(h.engine.drain()).toEqual({ batch: {}, events: [], history: [] });
    h.engine.setOperatorReachable('alice', true, h.now());
    expect(h.engine.drain()).toEqual(announced(true));
    expect(h.enqueue().offer?.operator).toBe('alice');
  });

  it('an unknown operator is NotFound', () => {
    const h = harness();
    expect(() => h.engine.setOperatorReachable('nobody', true, h.now())).toThrow(NotFoundError);
  });
});
