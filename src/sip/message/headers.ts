/**
 * The header fields of a message, in order, with their names as written (RFC 3261 §7.3).
 *
 * - Lookup is case-insensitive and compact-form aware: `get('Via')`, `get('v')` and `get('VIA')` agree (§7.3.1,
 *   §7.3.3).
 * - Each entry is one header line. Values are stored unfolded (every LWS continuation replaced by one SP, §7.3.1)
 *   and trimmed, so a value never holds CR or LF and writes back on one line.
 * - {@link Headers.values} splits list headers at their separating commas; other headers (WWW-Authenticate,
 *   Authorization, Date, unknown ones) are never split.
 * - Typed accessors on the message parse on demand and cache here; any mutation drops the cache.
 */
import { isToken } from '../uri/chars.js';
import { EncodeError } from './encode-error.js';
import { headerKey, isListHeader } from './header-names.js';
import { splitList, trimWs } from './header-list.js';

/** A surrogate half without its partner cannot be written as UTF-8 (it would come back as U+FFFD). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type HeaderInit = Iterable<readonly [name: string, value: string]>;

function checkedValue(name: string, value: string): string {
  if (!isToken(name)) throw new EncodeError(`header name ${JSON.stringify(name)} is not a token`);
  if (value.indexOf('\r') !== -1 || value.indexOf('\n') !== -1) {
    throw new EncodeError(`header ${name} value contains CR or LF`);
  }
  if (LONE_SURROGATE.test(value)) throw new EncodeError(`header ${name} value is not well-formed UTF-16`);
  return trimWs(value);
}

export class Headers implements Iterable<[name: string, value: string]> {
  private names: string[] = [];
  private vals: string[] = [];
  private keys: string[] = [];
  private memoized: Map<string, unknown> | undefined;

  constructor(init?: HeaderInit) {
    if (init) for (const [name, value] of init) this.append(name, value);
  }

  /**
   * @internal Adopts (does not copy) lists the parser has already validated: names are tokens, values unfolded and
   * trimmed, keys from headerKey.
   */
  static fromParsed(names: string[], values: string[], keys: string[]): Headers {
    const h = new Headers();
    h.names = names;
    h.vals = values;
    h.keys = keys;
    return h;
  }

  /** Number of header lines. */
  get size(): number {
    return this.names.length;
  }

  nameAt(index: number): string | undefined {
    return this.names[index];
  }

  valueAt(index: number): string | undefined {
    return this.vals[index];
  }

  /** Canonical key (lower-case long name) of the line at `index`. */
  keyAt(index: number): string | undefined {
    return this.keys[index];
  }

  private indexOf(key: string, from = 0): number {
    for (let i = from; i < this.keys.length; i++) if (this.keys[i] === key) return i;
    return -1;
  }

  /** The first line's value of `name`, or undefined. */
  get(name: string): string | undefined {
    const i = this.indexOf(headerKey(name));
    return i === -1 ? undefined : this.vals[i];
  }

  /** Every line's value of `name`, in order (lines are not split at commas). */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) out.push(this.vals[i]!);
    return out;
  }

  /** Every value of `name`: list headers are split at their separating commas, other headers one per line. */
  values(name: string): string[] {
    const key = headerKey(name);
    if (!isListHeader(key)) return this.getAll(key);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) out.push(...splitList(this.vals[i]!));
    return out;
  }

  has(name: string): boolean {
    return this.indexOf(headerKey(name)) !== -1;
  }

  /** Number of lines named `name`. */
  count(name: string): number {
    const key = headerKey(name);
    let n = 0;
    for (const k of this.keys) if (k === key) n++;
    return n;
  }

  append(name: string, value: string): this {
    const v = checkedValue(name, value);
    this.names.push(name);
    this.vals.push(v);
    this.keys.push(headerKey(name));
    return this.changed();
  }

  /** Inserts before the first line of the same name (or at the top): how a proxy adds its Via (§16.6 step 8). */
  prepend(name: string, value: string): this {
    const v = checkedValue(name, value);
    const key = headerKey(name);
    const at = Math.max(0, this.indexOf(key));
    this.names.splice(at, 0, name);
    this.vals.splice(at, 0, v);
    this.keys.splice(at, 0, key);
    return this.changed();
  }

  /** Replaces every line of `name` by one line with `value`, at the first line's position (or at the end). */
  set(name: string, value: string): this {
    const v = checkedValue(name, value);
    const key = headerKey(name);
    const at = this.indexOf(key);
    if (at === -1) return this.append(name, value);
    this.names[at] = name;
    this.vals[at] = v;
    for (let i = this.keys.length - 1; i > at; i--) if (this.keys[i] === key) this.removeAt(i);
    return this.changed();
  }

  /** Removes every line of `name`; returns how many were removed. */
  delete(name: string): number {
    const key = headerKey(name);
    let n = 0;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] === key) {
        this.removeAt(i);
        n++;
      }
    }
    if (n > 0) this.changed();
    return n;
  }

  /**
   * Removes the first value of a list header, splitting a combined line if needed (a proxy removing its own Via
   * from a response, §16.7 step 3). Returns the removed value.
   */
  shiftValue(name: string): string | undefined {
    const key = headerKey(name);
    const at = this.indexOf(key);
    if (at === -1) return undefined;
    const parts = isListHeader(key) ? splitList(this.vals[at]!) : [this.vals[at]!];
    const first = parts.shift();
    if (parts.length === 0) this.removeAt(at);
    else this.vals[at] = parts.join(', ');
    this.changed();
    return first;
  }

  private removeAt(i: number): void {
    this.names.splice(i, 1);
    this.vals.splice(i, 1);
    this.keys.splice(i, 1);
  }

  private changed(): this {
    this.memoized = undefined;
    return this;
  }

  /** `[name, value]` for every line, in order. */
  entries(): Array<[name: string, value: string]> {
    return this.names.map((n, i) => [n, this.vals[i]!]);
  }

  [Symbol.iterator](): Iterator<[name: string, value: string]> {
    return this.entries()[Symbol.iterator]();
  }

  clone(): Headers {
    return Headers.fromParsed([...this.names], [...this.vals], [...this.keys]);
  }

  /**
   * @internal The typed accessors' cache: returns the cached result for `key` or computes and caches it. A
   * computation that throws is not cached (it throws again next time).
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memoized?.has(key)) return this.memoized.get(key) as T;
    const value = compute();
    (this.memoized ??= new Map()).set(key, value);
    return value;
  }
}
