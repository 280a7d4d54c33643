/**
 * YAML text to plain data, keeping enough of the document to say on which line a key path sits, so validation
 * problems can point at the line to fix.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export interface YamlSource {
  /** The document as plain data; an empty document is `undefined`. */
  data: unknown;
  /** 1-based line of the deepest node found along `path` (for a missing key: its parent mapping). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export type YamlResult = { ok: true; source: YamlSource } | { ok: false; problems: string[] };

/** Parses `text`; syntax errors (and warnings, such as an unknown tag) come back as `<file>: line L, column C: ...`. */
export function parseYaml(text: string, file: string): YamlResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'somewhere';
    // prettyErrors appends " at line L, column C:" and a code excerpt; the position is already in front.
    const what = e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.code;
    return `${file}: ${where}: invalid YAML: ${what}`;
  });
  if (problems.length > 0) return { ok: false, problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // Too many alias expansions (a "billion laughs" document) and the like.
    return { ok: false, problems: [`${file}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`] };
  }
  if (isCircular(data)) {
    return { ok: false, problems: [`${file}: invalid YAML: an alias refers to a mapping or list that contains it`] };
  }
  return {
    ok: true,
    source: { data: data ?? undefined, lineOf: (path) => lineOf(doc, lineCounter, path) },
  };
}

function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: unknown }).range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

function isCircular(value: unknown, ancestors = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  for (const child of Object.values(value)) if (isCircular(child, ancestors)) return true;
  ancestors.delete(value);
  return false;
}
