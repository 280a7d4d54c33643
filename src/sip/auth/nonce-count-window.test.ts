import { describe, expect, it } from 'vitest';
import { NonceCountWindow } from './nonce-count-window.js';

describe('NonceCountWindow (RFC 7616 §3.4 replay protection)', () => {
  it('"if the same nc-value is seen twice, then the request is a replay", and so is a lower one', () => {
    const w = new NonceCountWindow();
    expect(w.accept('n1', 1, 1)).toBe('ok');
    expect(w.accept('n1', 1, 1)).toBe('replay');
    expect(w.accept('n1', 1, 3)).toBe('ok');
    expect(w.accept('n1', 1, 2)).toBe('replay');
    expect(w.accept('n2', 1, 1)).toBe('ok');
  });

  it('keeps at most `capacity` nonces, least recently used out', () => {
    const w = new NonceCountWindow(2);
    w.accept('a', 1, 1);
    w.accept('b', 2, 1);
    w.accept('a', 1, 2); // a is now the most recent
    w.accept('c', 3, 1); // b goes
    expect(w.size).toBe(2);
    expect(w.accept('a', 1, 3)).toBe('ok');
    expect(w.accept('c', 3, 2)).toBe('ok');
  });

  it('a nonce issued no later than a forgotten one is refused as forgotten, so its replays cannot pass', () => {
    const w = new NonceCountWindow(1);
    w.accept('a', 10, 1);
    w.accept('b', 20, 1); // a (issued at 10) is forgotten
    expect(w.accept('a', 10, 1)).toBe('forgotten');
    expect(w.accept('older', 5, 1)).toBe('forgotten');
    expect(w.accept('newer', 30, 1)).toBe('ok');
  });
});
