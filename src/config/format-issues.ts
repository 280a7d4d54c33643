/**
 * zod issues to problem lines a person can act on:
 *
 *   holdless.yaml: queues[0].ringTimeout: got 5: expected a number from 10 to 400 (line 7)
 *   holdless.yaml: queues[0].ringTimout: unknown key; did you mean ringTimeout? (line 7)
 *
 * Parse with `{ reportInput: true, error: configErrorMap }` so every issue carries the value it got and unknown-key
 * issues carry the keys that were allowed.
 */
import { z } from 'zod';
import { closest } from './edit-distance.js';

/** Marks the message of an unknown-key issue as the list of allowed keys (set by {@link configErrorMap}). */
const KNOWN_KEYS = 'known keys:';

/** Keys whose values are secrets: a problem line says how long the value is, never what it is. */
const SECRET_KEYS = new Set(['password', 'adminToken']);

const MAX_VALUE_CHARS = 60;

/**
 * The parse-level error map: lists the allowed keys on unknown-key issues, and says what was expected, in the same
 * "a ..." voice as the schemas' own messages, where a schema has none.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.inst instanceof z.ZodObject ? KNOWN_KEYS + Object.keys(issue.inst.shape).join(',') : 'no such key';
    case 'invalid_type':
      return expectedType(issue.expected);
    case 'too_small':
      return issue.origin === 'array'
        ? `a list of at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`
        : issue.origin === 'string'
          ? `a string of at least ${String(issue.minimum)} character${issue.minimum === 1 ? '' : 's'}`
          : `a value of at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `a string of at most ${String(issue.maximum)} characters`
        : `a value of at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return undefined;
  }
};

function expectedType(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'a mapping (key: value)';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    case 'int':
      return 'a whole number';
    default:
      return `a ${expected}`;
  }
}

/** Where a line is from (`holdless.yaml`) and, optionally, how to find the line of a key path. */
export interface IssueSource {
  file: string;
  lineOf?: ((path: readonly PropertyKey[]) => number | undefined) | undefined;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], source: IssueSource): string[] {
  const lines = issues.flatMap((issue) => formatIssue(issue, [], source));
  // In file order, so the list reads top to bottom with the file; lines without a position keep their place at the end.
  const lineNumber = (text: string) => Number(/ \(line (\d+)\)$/.exec(text)?.[1] ?? Number.POSITIVE_INFINITY);
  const sorted = lines
    .map((text, i) => ({ text, i, at: lineNumber(text) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((l) => l.text);
  // One line per distinct problem: a value can fail two checks that share one message (e.g. too long and bad chars).
  return [...new Set(sorted)];
}

/**
 * The known key the unknown one was probably meant to be: a close spelling, a shortened or lengthened form, or an
 * abbreviated ending (`idleSessionSecs` for `idleSessionSeconds`: the one key sharing most of its start).
 */
function suggestKey(key: string, known: readonly string[]): string | undefined {
  const near = closest(key, known);
  if (near !== undefined || key.length < 4) return near;
  const lower = key.toLowerCase();
  const extended = known.find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  if (extended !== undefined || key.length < 8) return extended;
  const sharing = known.filter((k) => commonPrefixLength(lower, k.toLowerCase()) >= Math.ceil(key.length * 0.75));
  return sharing.length === 1 ? sharing[0] : undefined;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function formatIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[], source: IssueSource): string[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = issue.message.startsWith(KNOWN_KEYS) ? issue.message.slice(KNOWN_KEYS.length).split(',') : [];
      return issue.keys.map((key) => {
        const suggestion = suggestKey(key, known);
        const hint = suggestion
          ? `did you mean ${suggestion}?`
          : known.length > 0
            ? `expected one of ${known.join(', ')}`
            : 'remove it';
        return line(source, [...path, key], `unknown key; ${hint}`);
      });
    }
    case 'invalid_union': {
      // Report the alternative the value was meant for: the one that got past the type check at the top.
      const meant = issue.errors.find(
        (branch) => branch.length > 0 && !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (meant) return meant.flatMap((i) => formatIssue(i, path, source));
      return [line(source, path, `got ${showValue(issue.input, path)}: expected ${issue.message}`)];
    }
    case 'invalid_key': {
      const what = issue.issues[0]?.message ?? issue.message;
      return [line(source, path, `got key ${showValue(issue.input, [])}: expected ${what}`)];
    }
    default:
      return [line(source, path, `got ${showValue(issue.input, path)}: expected ${issue.message}`)];
  }
}

function line(source: IssueSource, path: readonly PropertyKey[], text: string): string {
  const at = source.lineOf?.(path);
  return `${source.file}: ${formatPath(path)}: ${text}${at === undefined ? '' : ` (line ${at})`}`;
}

/** `queues[0].callback.maxAttempts`; keys that are not plain identifiers are quoted: `taskCapacity["my chat"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** The value as JSON, shortened; secrets hidden; a missing value is "nothing". */
export function showValue(value: unknown, path: readonly PropertyKey[]): string {
  if (value === undefined) return 'nothing';
  const last = [...path].reverse().find((s) => typeof s === 'string');
  if (typeof last === 'string' && SECRET_KEYS.has(last)) {
    return typeof value === 'string' ? `a hidden value of ${value.length} characters` : 'a hidden value';
  }
  if (typeof value === 'string') value = hideUrlPassword(value);
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS - 1)}…` : json;
}

/** `postgres://user:secret@db/holdless` → `postgres://user:***@db/holdless`. */
export function hideUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/i, '$1:***@');
}
