import { describe, expect, it } from 'vitest';
import { SequenceUnwrapper, seqAdd, seqDiff, seqNewer, timestampAdd, timestampDiff, timestampNewer } from './sequence.js';
import { MAX_DROPOUT, SequenceTracker } from './sequence-tracker.js';

describe('sequence and timestamp arithmetic (RFC 3550 §5.1 wraparound)', () => {
  it('adds and compares 16-bit sequence numbers across the wrap', () => {
    expect(seqAdd(65535, 1)).toBe(0);
    expect(seqDiff(0, 65535)).toBe(1);
    expect(seqDiff(65535, 0)).toBe(-1);
    expect(seqDiff(100, 50)).toBe(50);
    expect(seqNewer(2, 65530)).toBe(true);
    expect(seqNewer(65530, 2)).toBe(false);
  });

  it('adds and compares 32-bit timestamps across the wrap', () => {
    expect(timestampAdd(0xffffff00, 0x200)).toBe(0x100);
    expect(timestampDiff(0x100, 0xffffff00)).toBe(0x200);
    expect(timestampNewer(5, 0xfffffff0)).toBe(true);
  });

  it('unwraps sequence numbers into a monotonic count, leaving late packets below the highest', () => {
    const u = new SequenceUnwrapper();
    expect([65534, 65535, 0, 1, 65535, 2].map((s) => u.unwrap(s))).toEqual([65534, 65535, 65536, 65537, 65535, 65538]);
  });
});

describe('SequenceTracker (RFC 3550 A.1)', () => {
  it('holds a new source on probation for MIN_SEQUENTIAL packets, then counts from the second', () => {
    const t = new SequenceTracker();
    expect(t.update(1000)).toBe(false);
    expect(t.update(1001)).toBe(true);
    expect(t.baseSeq).toBe(1001);
    expect(t.update(1002)).toBe(true);
    expect(t.received).toBe(2);
    expect(t.expected).toBe(2);
  });

  it('restarts probation when packets arrive out of sequence during it', () => {
    const t = new SequenceTracker();
    t.update(10);
    expect(t.update(12)).toBe(false);
    expect(t.update(13)).toBe(true);
  });

  it('accepts the first packet when MIN_SEQUENTIAL is 1', () => {
    const t = new SequenceTracker(1);
    expect(t.update(7)).toBe(true);
    expect(t.received).toBe(1);
  });

  it('counts cycles across the wrap into the extended highest sequence number', () => {
    const t = new SequenceTracker(1);
    for (let i = 0; i < 10; i++) t.update((65530 + i) & 0xffff);
    expect(t.cycles).toBe(65536);
    expect(t.extendedMax).toBe(65536 + 3);
    expect(t.expected).toBe(10);
  });

  it('accepts gaps below MAX_DROPOUT as loss and late packets as received', () => {
    const t = new SequenceTracker(1);
    t.update(100);
    t.update(110); // 9 lost
    expect(t.expected - t.received).toBe(9);
    t.update(105); // late
    expect(t.expected - t.received).toBe(8);
    expect(t.extendedMax).toBe(110);
  });

  it('drops one wild jump, and re-syncs when the next packet follows it (source restarted)', () => {
    const t = new SequenceTracker(1);
    t.update(100);
    t.update(101);
    expect(t.update(101 + MAX_DROPOUT + 10)).toBe(false);
    expect(t.update(101 + MAX_DROPOUT + 11)).toBe(true);
    expect(t.baseSeq).toBe(101 + MAX_DROPOUT + 11);
    expect(t.received).toBe(1);
  });
});
