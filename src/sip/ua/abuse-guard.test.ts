import { describe, expect, it } from 'vitest';
import { AbuseGuard } from './abuse-guard.js';

describe('AbuseGuard: unauthenticated requests per source', () => {
  it('allows a burst, then answers 503 (reject), then drops past the second threshold', () => {
    const g = new AbuseGuard({ perSecond: 1, burst: 2, dropFactor: 2 });
    const t = 1_000_000;
    const verdicts = Array.from({ length: 6 }, () => g.check('198.51.100.7', t));
    expect(verdicts).toEqual(['allow', 'allow', 'reject', 'reject', 'drop', 'drop']);
    // Another source is not affected.
    expect(g.check('198.51.100.8', t)).toBe('allow');
  });

  it('recovers at the sustained rate', () => {
    const g = new AbuseGuard({ perSecond: 2, burst: 1, dropFactor: 10 });
    expect(g.check('a', 0)).toBe('allow');
    expect(g.check('a', 0)).toBe('reject');
    expect(g.check('a', 500)).toBe('allow');
  });

  it('exempts a source that authenticated, until its trust expires', () => {
    const g = new AbuseGuard({ perSecond: 1, burst: 1, dropFactor: 1, trustSeconds: 60 });
    g.trust('203.0.113.5', 0);
    for (let i = 0; i < 10; i++) expect(g.check('203.0.113.5', 1000)).toBe('allow');
    expect(g.check('203.0.113.5', 61_000)).toBe('allow');
    expect(g.check('203.0.113.5', 61_000)).toBe('drop');
  });

  it('Retry-After is at least one second', () => {
    expect(new AbuseGuard({ perSecond: 5 }).retryAfterSeconds).toBe(1);
    expect(new AbuseGuard({ perSecond: 0.1 }).retryAfterSeconds).toBe(10);
  });
});
