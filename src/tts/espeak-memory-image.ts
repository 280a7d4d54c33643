/**
 * Rolling an espeak-ng WASM instance back to its start-up memory cheaply (used by EspeakInstance, espeak-wasm.ts).
 */

/** A file espeak's data segments carry, served by Emscripten's FS straight out of the instance's memory. */
export interface EmbeddedFile {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Reads Emscripten's table of embedded files (the format `_emscripten_fs_load_embedded_files` reads). */
export function embeddedFiles(memory: Uint8Array, table: number | undefined): EmbeddedFile[] {
  if (table === undefined || table === 0) return [];
  const words = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  const decoder = new TextDecoder();
  const files: EmbeddedFile[] = [];
  for (let at = table; words.getUint32(at, true) !== 0; at += 12) {
    const nameAt = words.getUint32(at, true);
    const start = words.getUint32(at + 8, true);
    files.push({ name: decoder.decode(memory.subarray(nameAt, memory.indexOf(0, nameAt))), start, end: start + words.getUint32(at + 4, true) });
  }
  return files;
}

/** The 64 KiB of zeros that memory is compared with (natively, by Buffer#compare). */
const ZEROS = Buffer.alloc(65_536);

/** One past the last non-zero byte of memory at or after `from` (`from` when there is none), scanning down. */
function endOfNonZero(memory: Uint8Array, from = 0): number {
  const bytes = Buffer.from(memory.buffer, memory.byteOffset, memory.byteLength);
  for (let end = bytes.length; end > from; ) {
    const start = Math.max(from, end - ZEROS.length);
    if (ZEROS.compare(bytes, start, end, 0, end - start) !== 0) {
      while (bytes[end - 1] === 0) end--;
      return end;
    }
    end = start;
  }
  return from;
}

/**
 * What a run of main() may have changed in an instance's 32 MiB of memory, saved at start-up, and how to put it back.
 *
 * Copying all 32 MiB back cost 5-7 ms a phrase, yet most of it does not change:
 * - The espeak-ng-data files (18 MB of the data segments): Emscripten's FS serves them straight out of this memory
 *   ("canOwn" in `_emscripten_fs_load_embedded_files`: "a slice of wasm memory that will never change"). They are
 *   neither saved nor copied back; a run that wrote there would be rewriting espeak's own data files.
 * - Above the start-up image's last non-zero byte (`top`) there is only zero, the heap the run may grow into. After a
 *   run, that part is compared with zeros from the end of memory down to the last byte left non-zero (reading is
 *   cheaper than writing, and natively compared), and only what lies below that byte is zeroed.
 * The rest (stack, C globals, the allocator's start-up state, small data files: about 0.5 MB) is copied back whole.
 * About 1 ms in all; the result is the start-up memory byte for byte (the tests compare it with a new instance's).
 */
export class MemoryImage {
  private constructor(
    /** Ranges below `top` copied back before each run, in address order. */
    private readonly ranges: ReadonlyArray<readonly [number, number]>,
    /** Their start-up bytes, back to back. */
    private readonly saved: Uint8Array,
    private readonly top: number,
  ) {}

  /** Files smaller than this are copied back with their neighbours: fewer, larger copies. */
  private static readonly MIN_SKIPPED = 16_384;

  static capture(memory: Uint8Array, files: readonly EmbeddedFile[]): MemoryImage {
    const top = endOfNonZero(memory);
    const skipped = files
      .filter((f) => f.end - f.start >= MemoryImage.MIN_SKIPPED && f.end <= top)
      .map((f) => [f.start, f.end] as const)
      .sort((a, b) => a[0] - b[0]);
    const ranges: Array<readonly [number, number]> = [];
    let from = 0;
    for (const [start, end] of skipped) {
      if (start > from) ranges.push([from, start]);
      from = Math.max(from, end);
    }
    if (top > from) ranges.push([from, top]);
    const saved = new Uint8Array(ranges.reduce((n, [start, end]) => n + end - start, 0));
    let at = 0;
    for (const [start, end] of ranges) {
      saved.set(memory.subarray(start, end), at);
      at += end - start;
    }
    return new MemoryImage(ranges, saved, top);
  }

  /** Bytes kept per instance (instead of a copy of the whole memory). */
  get savedBytes(): number {
    return this.saved.length;
  }

  restore(memory: Uint8Array): void {
    let at = 0;
    for (const [start, end] of this.ranges) {
      memory.set(this.saved.subarray(at, at + end - start), start);
      at += end - start;
    }
    // Memory only grows; what main() grew into counts as heap above `top`, zero in a new instance too.
    const dirty = endOfNonZero(memory, this.top);
    if (dirty > this.top) memory.fill(0, this.top, dirty);
  }
}

