/**
 * A lookup cache for the espeak-ng instance's Emscripten file system (used by EspeakInstance, espeak-wasm.ts).
 */
import type { EmbeddedFile } from './espeak-memory-image.js';

/** The parts of Emscripten's FS object the lookup cache wraps (not in espeak-ng.d.ts: only this cache needs them). */
interface LookupResult {
  readonly node: unknown;
}
interface LookupOptions {
  readonly follow?: boolean;
  readonly parent?: boolean;
  readonly follow_mount?: boolean;
  readonly recurse_count?: number;
}
export interface LookupFS {
  lookupPath(path: unknown, opts?: LookupOptions): LookupResult;
  /** `path` may be a path or a node. */
  open(path: unknown, flags: unknown, mode?: unknown): unknown;
  /** Error objects Emscripten reuses for frequent errors, by errno (ENOENT among them); ErrnoError extends Error. */
  readonly genericErrors?: Readonly<Record<number, Error | undefined>>;
}

/** Emscripten's open flags (musl's values). */
const O_CREAT = 0o100;
const O_TRUNC = 0o1000;
const O_NOFOLLOW = 0o400000;
/** Emscripten's errno for "no such file or directory". */
const ENOENT = 44;

/**
 * espeak's main() lists every voice file to find a voice by name (`-v en-us` is lang/gmw/en-US): about 370 files
 * opened and stat'ed and 800 path lookups a phrase, each normalizing its path once per component, which made
 * Emscripten's path code an eighth of a phrase's CPU. Nothing writes under the data directory, so a path found there
 * once stays that node: remember it, and open such files by node (FS.open accepts one and then skips its own
 * normalize and lookup). Lookups that fail, that ask for the parent or hold `.` segments, and opens that may create or
 * truncate go the usual way.
 */
export function cacheLookupsUnder(fs: LookupFS, root: string): void {
  const lookupPath = fs.lookupPath.bind(fs);
  const open = fs.open.bind(fs);
  const cached = (path: unknown): path is string => typeof path === 'string' && path.startsWith(root) && !path.includes('/.');
  const following = new Map<string, LookupResult>();
  const notFollowing = new Map<string, LookupResult>();
  fs.lookupPath = (path, opts) => {
    if (!cached(path) || (opts && (opts.parent !== undefined || opts.follow_mount !== undefined || opts.recurse_count !== undefined))) {
      return lookupPath(path, opts);
    }
    const found = opts?.follow ? following : notFollowing;
    let result = found.get(path);
    if (result === undefined) {
      result = lookupPath(path, opts);
      found.set(path, result);
    }
    return result;
  };
  fs.open = (path, flags, mode) => {
    if (!cached(path) || typeof flags !== 'number' || flags & (O_CREAT | O_TRUNC)) return open(path, flags, mode);
    let node: unknown;
    try {
      node = fs.lookupPath(path, { follow: !(flags & O_NOFOLLOW) }).node;
    } catch {
      // Not there (espeak tries a few such paths a phrase): open() would throw a new ErrnoError(ENOENT), whose stack
      // trace costs more than the whole lookup. Emscripten's shared ENOENT error says the same to the WASM.
      const enoent = fs.genericErrors?.[ENOENT];
      if (enoent) throw enoent;
      return open(path, flags, mode);
    }
    return open(node, flags, mode);
  };
}

/** The directory every embedded file sits in (espeak's data directory), with a trailing slash; '' when none. */
export function commonDirectory(files: readonly EmbeddedFile[]): string {
  if (files.length === 0) return '';
  let prefix = files[0]!.name.slice(0, files[0]!.name.lastIndexOf('/') + 1);
  for (const { name } of files) while (prefix && !name.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  return prefix.length > 1 ? prefix : '';
}

