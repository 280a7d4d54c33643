/** Helpers the config tests share: a temp directory per test, loading a YAML text from it, and the problems thrown. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A fresh temp directory for each test of the calling file; `dir()` is the current one. */
export function useTempDir(): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'holdless-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Writes `text` as holdless.yaml in `dir` and loads it with `--config holdless.yaml`. */
export function loadText(dir: string, text: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(join(dir, 'holdless.yaml'), text);
  return loadConfig({ argv: ['start', '--config', 'holdless.yaml'], env, cwd: dir });
}

/** Creates files (and their directories) under `dir`, each with `content`. */
export function touch(dir: string, files: readonly string[], content = ''): void {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), content);
  }
}

/** The problems of the ConfigError thrown by `fn`. */
export function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}
