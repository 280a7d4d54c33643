/**
 * Environment variables that override the config file (PRODUCT.md, "Contracts"). Each value is validated with the
 * same schema as the key it overrides; a bad value is a problem naming the variable. An empty variable counts as unset.
 */
import { z } from 'zod';
import { ADMIN_TOKEN_MIN_LENGTH } from './config-schema.js';
import { databaseUrl, host, type LogLevel, logLevel, nonEmptyString, port, secret } from './config-primitives.js';
import { closest } from './edit-distance.js';
import { hideUrlPassword, showValue } from './format-issues.js';

export interface EnvOverrides {
  dataDir?: string;
  httpHost?: string;
  httpPort?: number;
  sipPort?: number;
  logLevel?: LogLevel;
  adminToken?: string;
  databaseUrl?: string;
}

interface EnvVariable {
  name: string;
  /** The key it overrides, for messages and docs. */
  overrides: string;
  schema: z.ZodType;
  /** The value is secret: problems say its length only. */
  secret?: boolean;
  apply(overrides: EnvOverrides, value: unknown): void;
}

/** Ports arrive as strings; anything but digits is reported against the port's own message. */
const portFromString = z
  .string()
  .transform((v) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN))
  .pipe(port);

export const ENV_VARIABLES: readonly EnvVariable[] = [
  {
    name: 'HOLDLESS_DATA_DIR',
    overrides: 'server.dataDir',
    schema: nonEmptyString('a directory path'),
    apply: (o, v) => (o.dataDir = v as string),
  },
  {
    name: 'HOLDLESS_HTTP_HOST',
    overrides: 'server.http.host',
    schema: host,
    apply: (o, v) => (o.httpHost = v as string),
  },
  {
    name: 'HOLDLESS_HTTP_PORT',
    overrides: 'server.http.port',
    schema: portFromString,
    apply: (o, v) => (o.httpPort = v as number),
  },
  {
    name: 'HOLDLESS_SIP_PORT',
    overrides: 'sip.listen[*].port',
    schema: portFromString,
    apply: (o, v) => (o.sipPort = v as number),
  },
  {
    name: 'HOLDLESS_LOG_LEVEL',
    overrides: 'server.logLevel',
    schema: logLevel,
    apply: (o, v) => (o.logLevel = v as LogLevel),
  },
  {
    name: 'HOLDLESS_API_TOKEN',
    overrides: 'api.adminToken',
    schema: secret(ADMIN_TOKEN_MIN_LENGTH, 'a token'),
    secret: true,
    apply: (o, v) => (o.adminToken = v as string),
  },
  {
    name: 'HOLDLESS_DATABASE_URL',
    overrides: 'database.url',
    schema: databaseUrl,
    apply: (o, v) => (o.databaseUrl = v as string),
  },
];

/** Variables read elsewhere in config/ (not overrides of a key): known, so not reported as typos. */
const OTHER_VARIABLES = ['HOLDLESS_CONFIG'];

export interface EnvReading {
  overrides: EnvOverrides;
  problems: string[];
  /** Unknown HOLDLESS_* variables, most likely typos. */
  warnings: string[];
}

export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvReading {
  const overrides: EnvOverrides = {};
  const problems: string[] = [];
  for (const variable of ENV_VARIABLES) {
    const raw = env[variable.name];
    if (raw === undefined || raw === '') continue;
    const result = variable.schema.safeParse(raw);
    if (result.success) {
      variable.apply(overrides, result.data);
      continue;
    }
    const expected = result.error.issues[0]?.message ?? 'a valid value';
    const got = variable.secret ? showValue(raw, ['password']) : showValue(hideUrlPassword(raw), []);
    problems.push(`environment: ${variable.name} (overrides ${variable.overrides}): got ${got}: expected ${expected}`);
  }

  const known = [...ENV_VARIABLES.map((v) => v.name), ...OTHER_VARIABLES];
  const warnings = Object.keys(env)
    .filter((key) => key.startsWith('HOLDLESS_') && !known.includes(key))
    .sort()
    .map((key) => {
      const suggestion = closest(key, known);
      return `environment: ${key} is not a holdless variable${suggestion ? `; did you mean ${suggestion}?` : ''}`;
    });
  return { overrides, problems, warnings };
}
