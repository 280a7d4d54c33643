import type ivm from 'isolated-vm';

/** Scripts remembered; scenarios and preludes are few, so this only guards against a host that loads endless sources. */
const MAX_ENTRIES = 64;

/**
 * V8 code caches of the scripts every sandbox compiles (the two preludes, the scenario files), shared by all
 * isolates: each session compiles the same sources in its own isolate, and with the cache V8 skips most of the
 * parsing (0.7 ms → about 0.25 ms per session for the preludes, measured with isolated-vm 5 on Node 20). The first
 * compile of a source produces the cache; a cache V8 rejects (another V8 version or flags) is replaced. Keyed by
 * file name and source text, so an edited scenario gets a new entry.
 */
/** What isolated-vm puts on a compiled script (its typings declare these on `CachedDataResult`, not on `Script`). */
type CompiledScript = ivm.Script & ivm.CachedDataResult & { cachedDataRejected?: boolean };

export class CodeCache {
  private readonly entries = new Map<string, ivm.ExternalCopy<ArrayBuffer>>();

  /** Sources with a cache. */
  get size(): number {
    return this.entries.size;
  }

  compile(isolate: ivm.Isolate, source: string, filename: string): ivm.Script {
    const key = `${filename}\u0000${source}`;
    const cachedData = this.entries.get(key);
    if (cachedData) {
      // A rejected cache only costs the speed-up: V8 then compiles the source as if there were none.
      const script: CompiledScript = isolate.compileScriptSync(source, { filename, cachedData });
      if (script.cachedDataRejected !== true) return script;
      this.entries.delete(key);
    }
    const script: CompiledScript = isolate.compileScriptSync(source, { filename, produceCachedData: true });
    if (script.cachedData) this.remember(key, script.cachedData);
    return script;
  }

  private remember(key: string, data: ivm.ExternalCopy<ArrayBuffer>): void {
    this.entries.set(key, data);
    for (const [k, old] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(k);
      old.release();
    }
  }
}

/** The process-wide cache the sandboxes share. */
export const sharedCodeCache = new CodeCache();
