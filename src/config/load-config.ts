/**
 * Reads the configuration once at start: the file named by `--config` or HOLDLESS_CONFIG (else the bundled demo),
 * validated, defaults filled in, environment overrides applied, paths made absolute, deeply frozen.
 *
 * Every problem is collected before anything is thrown, so a single start lists all of them (see ConfigError).
 * This is the only module of holdless that reads process.env and process.argv (ARCHITECTURE.md).
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config-error.js';
import { configSchema, type ParsedConfigFile } from './config-schema.js';
import type { HoldlessConfig, LoadedConfig } from './config-types.js';
import { deepFreeze } from './deep-freeze.js';
import { readEnvOverrides, type EnvOverrides } from './env-overrides.js';
import { configErrorMap, formatIssues, hideUrlPassword } from './format-issues.js';
import { parseYaml } from './yaml-source.js';

export type { LoadedConfig } from './config-types.js';

/**
 * The bundled demo config. This file sits two levels below the package root both as src/config/load-config.ts (tsx,
 * vitest) and as dist/config/load-config.js (after `tsc`), and the package ships config/ (package.json "files").
 */
export const DEMO_CONFIG_FILE = fileURLToPath(new URL('../../config/demo.yaml', import.meta.url));

/** The hold music shipped with holdless (package.json "files" has media/), found the same way as the demo config. */
export const SHIPPED_HOLD_MUSIC = fileURLToPath(new URL('../../media/hold-music.wav', import.meta.url));

export interface LoadConfigOptions {
  /** Command-line arguments after the program name (default: process.argv.slice(2)); `--config FILE` is read. */
  argv?: readonly string[];
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Directory that the config path, dataDir and the SQLite file are relative to (default: process.cwd()). */
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());

  const fromArgv = configArgument(argv);
  const fromEnv = env.HOLDLESS_CONFIG ? env.HOLDLESS_CONFIG : undefined;
  const given = fromArgv ?? fromEnv;
  const file = given === undefined ? DEMO_CONFIG_FILE : resolve(cwd, given);
  const shown = displayPath(file, cwd);

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const how = fromArgv !== undefined ? '--config' : fromEnv !== undefined ? 'HOLDLESS_CONFIG' : 'the bundled demo';
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new ConfigError([`${shown}: cannot read the config file named by ${how}: ${reason}`], { cause: err });
  }
  return parseConfigText(text, { file, cwd, env, demo: given === undefined });
}

export interface ParseConfigOptions {
  /** Absolute path of the file the text came from; relative paths in rules and media resolve against its directory. */
  file: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The text is the bundled demo config. */
  demo?: boolean;
}

/** Validates config text as {@link loadConfig} does, without reading the file (useful for checks and tests). */
export function parseConfigText(text: string, options: ParseConfigOptions): LoadedConfig {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const file = resolve(cwd, options.file);
  const shown = displayPath(file, cwd);
  const configDir = dirname(file);

  const fromEnv = readEnvOverrides(env);
  const yaml = parseYaml(text, shown);
  if (!yaml.ok) throw new ConfigError([...yaml.problems, ...fromEnv.problems]);

  const parsed = configSchema.safeParse(yaml.source.data, { reportInput: true, error: configErrorMap });
  const lineOf = (path: readonly PropertyKey[]) => yaml.source.lineOf(path);
  if (!parsed.success) {
    throw new ConfigError([...formatIssues(parsed.error.issues, { file: shown, lineOf }), ...fromEnv.problems]);
  }
  const config = resolvePaths(applyOverrides(parsed.data, fromEnv.overrides), cwd, configDir);
  const problems = [...fromEnv.problems, ...checkResolved(parsed.data, config, fromEnv.overrides, shown, lineOf)];
  if (problems.length > 0) throw new ConfigError(problems);

  const demo = options.demo ?? false;
  return deepFreeze({
    ...config,
    source: demo ? 'demo' : file,
    demo,
    configFile: file,
    configDir,
    warnings: fromEnv.warnings,
  });
}

/** `--config FILE` or `--config=FILE`; the last one wins. A `--config` without a file is an error. */
function configArgument(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next === undefined || next === '' || next.startsWith('--')) {
        throw new ConfigError(['command line: --config: got nothing: expected the path of a YAML config file']);
      }
      found = next;
      i++;
    } else if (arg.startsWith('--config=')) {
      found = arg.slice('--config='.length);
      if (found === '') {
        throw new ConfigError(['command line: --config: got nothing: expected the path of a YAML config file']);
      }
    }
  }
  return found;
}

function applyOverrides(file: ParsedConfigFile, o: EnvOverrides): ParsedConfigFile {
  return {
    ...file,
    server: {
      ...file.server,
      dataDir: o.dataDir ?? file.server.dataDir,
      logLevel: o.logLevel ?? file.server.logLevel,
      http: { host: o.httpHost ?? file.server.http.host, port: o.httpPort ?? file.server.http.port },
    },
    database: { ...file.database, url: o.databaseUrl ?? file.database.url },
    api: { ...file.api, adminToken: o.adminToken ?? file.api.adminToken },
    sip: {
      ...file.sip,
      listen: file.sip.listen.map((l) => ({ ...l, port: o.sipPort ?? l.port })),
    },
  };
}

/** server/database paths are relative to the working directory; rules and media to the config file's directory. */
function resolvePaths(file: ParsedConfigFile, cwd: string, configDir: string): HoldlessConfig {
  const dataDir = resolve(cwd, file.server.dataDir);
  return {
    ...file,
    server: { ...file.server, dataDir },
    database: {
      ...file.database,
      sqlite: {
        ...file.database.sqlite,
        file: file.database.sqlite.file ? resolve(cwd, file.database.sqlite.file) : resolve(dataDir, 'holdless.sqlite'),
      },
    },
    rules: file.rules.map((r) => ({ ...r, scenario: resolve(configDir, r.scenario) })),
    media: {
      ...file.media,
      holdMusic: file.media.holdMusic ? resolve(configDir, file.media.holdMusic) : SHIPPED_HOLD_MUSIC,
    },
  };
}

/** What the schema cannot know: files that must exist, features not built yet. */
function checkResolved(
  written: ParsedConfigFile,
  config: HoldlessConfig,
  overrides: EnvOverrides,
  shown: string,
  lineOf: (path: readonly PropertyKey[]) => number | undefined,
): string[] {
  const problems: string[] = [];
  const at = (path: readonly PropertyKey[]) => {
    const line = lineOf(path);
    return line === undefined ? '' : ` (line ${line})`;
  };

  if (config.database.url !== undefined) {
    const fromEnv = overrides.databaseUrl !== undefined;
    problems.push(
      `${fromEnv ? 'environment: HOLDLESS_DATABASE_URL (overrides database.url)' : `${shown}: database.url`}: ` +
        `got ${JSON.stringify(hideUrlPassword(config.database.url))}: expected no database URL: ` +
        'PostgreSQL (the cluster store) is not supported yet; ' +
        (fromEnv ? 'unset the variable' : `remove the key${at(['database', 'url'])}`) +
        ' to use the embedded SQLite store',
    );
  }

  // Scenarios are read when a session starts, long after this; a path that cannot be read must stop the start instead.
  config.rules.forEach((rule, i) => {
    const why = unreadable(rule.scenario);
    if (why !== undefined) {
      problems.push(
        `${shown}: rules[${i}].scenario: got ${JSON.stringify(written.rules[i]?.scenario)}: ` +
          `expected an existing, readable .js file (${rule.scenario}: ${why})${at(['rules', i, 'scenario'])}`,
      );
    }
  });

  const music = config.media.holdMusic;
  const musicProblem = unreadable(music);
  if (musicProblem !== undefined) {
    problems.push(
      written.media.holdMusic !== undefined
        ? `${shown}: media.holdMusic: got ${JSON.stringify(written.media.holdMusic)}: expected an existing, readable ` +
            `audio file (${music}: ${musicProblem})${at(['media', 'holdMusic'])}`
        : `${shown}: media.holdMusic: got nothing: expected the shipped hold music, which this installation lacks ` +
            `(${music}: ${musicProblem}); reinstall holdless or set media.holdMusic`,
    );
  }
  return problems;
}

/** Why `path` cannot be read as a file, or undefined when it can. */
function unreadable(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'not a file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return err instanceof Error ? err.message : String(err);
  }
}

/** A path as the user would write it: relative to `from` when inside it, absolute otherwise. */
function displayPath(path: string, from: string): string {
  const rel = relative(from, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
