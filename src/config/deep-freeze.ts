import type { DeepReadonly } from './config-types.js';

/** Freezes `value` and everything reachable from it, so no part of holdless can change the config it was given. */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child, seen);
  }
  return value as DeepReadonly<T>;
}
