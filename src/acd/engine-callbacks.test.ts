import { describe, expect, it } from 'vitest';
import { T0, harness } from './engine.test-support.js';

describe('callbacks, operator-first (the seed flow)', () => {
  it('rings the operator first and dials the customer only once the operator accepted', () => {
    const h = harness();
    h.ready('alice');
    const cb = h.callback('+15550001');
    expect(h.types(h.log).filter((t) => t === 'DialCustomer')).toEqual([]);
    h.engine.acceptOffer(cb.id, 'alice', h.now());
    const ev = h.drain();
    expect(h.types(ev)).toEqual(['OperatorStatusChanged', 'OperatorReached', 'DialCustomer']);
    expect(cb.attempts).toBe(1);
    expect(h.statusOf('alice')).toBe('IN_SERVICE');
    h.engine.customerDialed(cb.id, 'answered', h.now());
    expect(h.types(h.drain())).toEqual(['Connected']);
    expect(cb.state).toBe('connected');
  });

  it('pacing: never more customers dialed than operators who accepted', () => {
    const h = harness({}, ['a1', 'a2', 'a3']);
    for (let i = 0; i < 10; i++) h.callback(`+1555000${i}`);
    h.ready('a1', 'a2');
    const dialing = () => [...h.engine.activeRequests()].filter((r) => r.offer?.phase === 'dialing-customer').length;
    expect(dialing()).toBe(0);
    const offered = [...h.engine.activeRequests()].filter((r) => r.offer?.phase === 'ringing');
    expect(offered).toHaveLength(2);
    h.engine.acceptOffer(offered[0]!.id, undefined, h.now());
    h.drain();
    expect(dialing()).toBe(1);
  });

  it('a busy customer is retried after the busy delay, keeping the place in line', () => {
    const h = harness({ callback: { maxAttempts: 3, retryDelaySeconds: { busy: 120 } } }, ['alice']);
    const cb = h.callback('+15550001');
    h.advance(10);
    const later = h.callback('+15550002');
    h.ready('alice');
    h.engine.acceptOffer(cb.id, 'alice', h.now());
    h.drain();
    h.engine.customerDialed(cb.id, 'busy', h.now());
    const ev = h.drain();
    const failed = ev.find((e) => e.type === 'CustomerDialFailed');
    expect(failed?.type === 'CustomerDialFailed' && failed.retryAt).toBe(h.now() + 120_000);
    expect(cb.state).toBe('waiting');
    expect(h.engine.position(cb)).toBe(1);
    // The operator is free again at once and gets the next callback while the first waits out its delay.
    expect(h.statusOf('alice')).toBe('READY');
    expect(later.state).toBe('offered');
    h.engine.failOffer(later.id, 'declined', undefined, 'alice', h.now());
    h.drain();
    h.advance(120);
    expect(h.offerOf('alice')).toBe(cb);
  });

  it('retryPlacement back sends a retry to the end of the line', () => {
    const h = harness({ callback: { retryPlacement: 'back', retryDelaySeconds: { noAnswer: 0 } } }, ['alice']);
    const cb = h.callback('+15550001');
    h.ready('alice');
    h.engine.acceptOffer(cb.id, 'alice', h.now());
    h.status('alice', 'ONLINE');
    h.advance(5);
    const other = h.callback('+15550002');
    h.engine.customerDialed(cb.id, 'no-answer', h.now());
    h.drain();
    expect(h.engine.position(other)).toBe(1);
    expect(h.engine.position(cb)).toBe(2);
  });

  it('fails after maxAttempts with the last outcome as the reason', () => {
    const h = harness({ callback: { maxAttempts: 2, retryDelaySeconds: { noAnswer: 60 } } }, ['alice']);
    const cb = h.callback('+15550001');
    h.ready('alice');
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(h.offerOf('alice')).toBe(cb);
      h.engine.acceptOffer(cb.id, 'alice', h.now());
      h.engine.customerDialed(cb.id, 'no-answer', h.now());
      h.drain();
      h.advance(60);
    }
    expect(cb.state).toBe('failed');
    expect(cb.reason).toBe('max-attempts:no-answer');
    expect(h.types(h.log)).toContain('Ended');
  });

  it('dedupe: one pending callback per number per queue; a duplicate returns the existing one', () => {
    const h = harness();
    const first = h.callback('+15550001');
    const again = h.engine.enqueue({ queue: 'Q', kind: 'callback', phone: '+15550001' }, h.now());
    expect(again.outcome).toBe('duplicate');
    expect(again.request).toBe(first);
    const other = h.callback('+15550002');
    expect(other).not.toBe(first);
  });

  it('a pending callback is cancelled when the same number reaches an operator by calling in', () => {
    const h = harness();
    const cb = h.callback('+15550001');
    h.advance(60);
    h.status('alice', 'ONLINE');
    const call = h.enqueue({ phone: '+15550001', priority: 1 });
    h.ready('alice');
    expect(call.state).toBe('offered');
    h.engine.acceptOffer(call.id, 'alice', h.now());
    h.drain();
    expect(cb.state).toBe('cancelled');
    expect(cb.reason).toBe('reached-by-other-route');
  });

  it('expires after expirySeconds without being served', () => {
    const h = harness({ callback: { expirySeconds: 3600 } });
    const cb = h.callback('+15550001');
    h.advance(3599);
    expect(cb.state).toBe('waiting');
    h.advance(1);
    expect(cb.state).toBe('expired');
  });

  it('time window: not offered before notBefore, expired at notAfter', () => {
    const h = harness();
    h.ready('alice');
    const cb = h.callback('+15550001', { notBefore: T0 + 600_000, notAfter: T0 + 1_200_000 });
    expect(cb.state).toBe('waiting');
    h.advance(599);
    expect(cb.state).toBe('waiting');
    h.advance(1);
    expect(cb.state).toBe('offered');
    h.engine.acceptOffer(cb.id, 'alice', h.now());
    h.engine.customerDialed(cb.id, 'busy', h.now());
    h.drain();
    // busy retry (120 s) still fits the window, the next no-answer retry (300 s) would not.
    h.advance(120);
    h.engine.acceptOffer(cb.id, 'alice', h.now());
    h.advance(300);
    h.engine.customerDialed(cb.id, 'no-answer', h.now());
    h.drain();
    expect(cb.state).toBe('expired');
  });

  it('a call request that waited while its caller hung up ends abandoned', () => {
    const h = harness();
    h.status('alice', 'ONLINE');
    const call = h.enqueue();
    h.advance(45);
    h.engine.callerGone(call.id, h.now());
    h.drain();
    expect(call.state).toBe('abandoned');
  });
});

describe('callbacks, customer-first', () => {
  it('holds an operator, dials the customer, then rings the operator', () => {
    const h = harness({ callback: { mode: 'customer-first' } });
    h.ready('alice');
    const cb = h.callback('+15550001');
    expect(h.types(h.log)).toContain('DialCustomer');
    expect(h.statusOf('alice')).toBe('IN_SERVICE');
    h.engine.customerDialed(cb.id, 'answered', h.now());
    const ev = h.drain();
    expect(h.types(ev)).toContain('Offered');
    expect(h.offerOf('alice')).toBe(cb);
    h.engine.acceptOffer(cb.id, 'alice', h.now());
    h.drain();
    expect(cb.state).toBe('connected');
  });

  it('if the held operator then fails, the customer waits as a live caller in the same place', () => {
    const h = harness({ callback: { mode: 'customer-first' } });
    h.ready('alice');
    const cb = h.callback('+15550001');
    h.engine.customerDialed(cb.id, 'answered', h.now());
    h.engine.failOffer(cb.id, 'no-answer', undefined, undefined, h.now());
    h.drain();
    expect(cb.kind).toBe('call');
    expect(h.engine.position(cb)).toBe(1);
  });
});
