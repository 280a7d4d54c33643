import ivm from 'isolated-vm';
import { afterEach, describe, expect, it } from 'vitest';
import { CodeCache } from './code-cache.js';

describe('CodeCache (V8 code caches shared by the sandboxes)', () => {
  const isolates: ivm.Isolate[] = [];
  const isolate = (): ivm.Isolate => {
    const i = new ivm.Isolate({ memoryLimit: 8 });
    isolates.push(i);
    return i;
  };
  afterEach(() => {
    for (const i of isolates.splice(0)) i.dispose();
  });

  it('compiles the same source in other isolates from the cache, with the same result and the same stack locations', () => {
    const cache = new CodeCache();
    const source = 'function f(x) { return x * 6; }\nfunction boom() {\n  throw new Error("here");\n}\nf(7);';
    for (let n = 0; n < 3; n++) {
      const iso = isolate();
      const context = iso.createContextSync();
      expect(cache.compile(iso, source, 'file:///scenarios/s.js').runSync(context)).toBe(42);
      expect(cache.size).toBe(1);
      expect(() => void context.evalSync('boom()')).toThrow(/here/);
      let stack = '';
      try {
        context.evalSync('boom()');
      } catch (err) {
        stack = (err as Error).stack ?? '';
      }
      expect(stack).toContain('s.js:3'); // what a failing scenario's log line names
    }
  });

  it('keeps an entry per file name and text (an edited scenario is compiled anew), at most 64', () => {
    const cache = new CodeCache();
    const iso = isolate();
    cache.compile(iso, '1', 'a.js');
    cache.compile(iso, '2', 'a.js');
    cache.compile(iso, '1', 'b.js');
    expect(cache.size).toBe(3);
    for (let i = 0; i < 100; i++) cache.compile(iso, `${i} + 1`, 'many.js');
    expect(cache.size).toBe(64);
  });
});
