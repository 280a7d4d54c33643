/**
 * The config file (holdless.yaml) as a zod schema: every section optional, defaults filled in, unknown keys rejected,
 * names unique, operators bound only to declared queues.
 *
 * The output is {@link ParsedConfigFile}: the file's content in the shape the rest of holdless uses (queues split into
 * name, title and settings; operator queue bindings normalized). Paths are still as written; load-config.ts resolves
 * them, applies the environment overrides and freezes the result.
 */
import { z } from 'zod';
import type { OperatorQueueBinding, QueueSettings } from '../acd/types.js';
import {
  countryCode,
  databaseUrl,
  e164Prefix,
  host,
  ipOrCidr,
  isHost,
  list,
  logLevel,
  mapping,
  mappingError,
  name,
  nonEmptyString,
  phoneNumber,
  port,
  secret,
  splitHostPort,
} from './config-primitives.js';
import type { HoldlessConfig } from './config-types.js';
import { closest } from './edit-distance.js';
import { queueSettingsShape } from './queue-settings-schema.js';

export const ADMIN_TOKEN_MIN_LENGTH = 16;
export const OPERATOR_PASSWORD_MIN_LENGTH = 6;
export const DEFAULT_SIP_PORT = 5060;

/** A mapping section with defaults: absent, null or partial are all fine. */
function section<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  const object = z.strictObject(shape, { error: mappingError(what) });
  // Every key of a section is optional or has a default, so {} is valid input; TS cannot see that through S.
  return mapping(object.prefault({} as z.input<typeof object>));
}

function keysOf(shape: object): string {
  return Object.keys(shape).join(', ');
}

const serverShape = {
  dataDir: nonEmptyString('a directory path').default('./data'),
  http: section(
    { host: host.default('127.0.0.1'), port: port.default(8080) },
    'a mapping with host and port',
  ),
  logLevel: logLevel.default('info'),
};

const databaseShape = {
  url: databaseUrl.optional(),
  sqlite: section(
    {
      file: nonEmptyString('a file path').optional(),
      synchronous: z.enum(['normal', 'full'], { error: 'one of normal, full' }).default('full'),
    },
    'a mapping with file and synchronous',
  ),
};

const rateLimitsShape = {
  callbacksPerClientPerMinute: z
    .number({ error: 'a whole number, 1 or more' })
    .int()
    .min(1)
    .default(30),
  callbacksPerNumberPerHour: z.number({ error: 'a whole number, 1 or more' }).int().min(1).default(5),
};

const apiShape = {
  adminToken: secret(ADMIN_TOKEN_MIN_LENGTH, 'a token').optional(),
  rateLimits: section(rateLimitsShape, `a mapping (${keysOf(rateLimitsShape)})`),
  defaultRegion: countryCode.optional(),
  allowedCallbackPrefixes: mapping(
    z.array(e164Prefix, { error: 'a list of E.164 prefixes, e.g. ["+44", "+4420"]' }).min(1).optional(),
  ),
};

const sipListenSchema = z.strictObject(
  {
    transport: z.enum(['udp', 'tcp'], { error: 'one of udp, tcp' }),
    host: host.default('0.0.0.0'),
    port: port.default(DEFAULT_SIP_PORT),
  },
  { error: mappingError('a mapping with transport, host and port') },
);

const sipShape = {
  listen: mapping(
    z
      .array(sipListenSchema, { error: 'a list of {transport, host, port}' })
      .min(1)
      .default(() => [
        { transport: 'udp' as const, host: '0.0.0.0', port: DEFAULT_SIP_PORT },
        { transport: 'tcp' as const, host: '0.0.0.0', port: DEFAULT_SIP_PORT },
      ]),
  ),
  publicAddress: z
    .string({ error: 'a host name or IP address' })
    .refine(isHost, { error: 'a host name or IP address (no port, no scheme)' })
    .optional(),
};

const trunkShape = {
  name: name('a trunk name'),
  address: z
    .string({ error: 'host:port of the carrier (e.g. sip.example.net:5060)' })
    .refine((v) => splitHostPort(v, DEFAULT_SIP_PORT) !== undefined, {
      error: 'host:port of the carrier (e.g. sip.example.net:5060)',
    }),
  allowedSources: z.array(ipOrCidr, { error: 'a list of IP addresses or CIDR blocks' }),
  username: nonEmptyString('a digest user name').optional(),
  password: z.string({ error: 'a digest password' }).min(1).optional(),
  callerId: phoneNumber.optional(),
};
const trunkSchema = z.strictObject(trunkShape, { error: mappingError(`a trunk mapping (${keysOf(trunkShape)})`) });

const operatorQueueSchema = z.union(
  [
    name('a queue name'),
    z.strictObject(
      {
        name: name('a queue name'),
        skill: z.number({ error: 'a skill level from 0 to 100' }).min(0).max(100).default(0),
      },
      { error: mappingError('a mapping with name and skill') },
    ),
  ],
  { error: 'a queue name, or a mapping with name and skill (e.g. {name: MainQueue, skill: 80})' },
);

const operatorShape = {
  username: name('a user name'),
  password: secret(OPERATOR_PASSWORD_MIN_LENGTH, 'a password'),
  displayName: nonEmptyString('a display name').optional(),
  queues: list(operatorQueueSchema, 'a list of queue names or {name, skill} mappings'),
};
const operatorSchema = z.strictObject(operatorShape, {
  error: mappingError(`an operator mapping (${keysOf(operatorShape)})`),
});

const queueShape = {
  name: name('a queue name'),
  title: nonEmptyString('a title').optional(),
  ...queueSettingsShape,
};
const queueSchema = z.strictObject(queueShape, {
  error: mappingError(`a queue mapping (${keysOf(queueShape)})`),
});

const ruleShape = {
  name: name('a rule name'),
  pattern: z
    .string({ error: 'a regular expression' })
    .superRefine((source, ctx) => {
      try {
        new RegExp(source);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          input: source,
          message: `a valid regular expression (${err instanceof Error ? err.message : String(err)})`,
        });
      }
    })
    .optional(),
  scenario: z
    .string({ error: 'the path of a scenario .js file' })
    .regex(/\.js$/, { error: 'the path of a scenario .js file' }),
};
const ruleSchema = z.strictObject(ruleShape, { error: mappingError(`a rule mapping (${keysOf(ruleShape)})`) });

const ttsShape = {
  engine: z.enum(['espeak'], { error: 'espeak (the only engine so far)' }).default('espeak'),
  voices: mapping(
    z
      .record(nonEmptyString('a voice name'), nonEmptyString('a voice name'), {
        error: 'a mapping of language or purpose to voice name (e.g. en: en-us)',
      })
      .default(() => ({})),
  ),
};

const mediaShape = {
  holdMusic: nonEmptyString('the path of an audio file').optional(),
};

const fileShape = {
  server: section(serverShape, `a mapping (${keysOf(serverShape)})`),
  database: section(databaseShape, `a mapping (${keysOf(databaseShape)})`),
  api: section(apiShape, `a mapping (${keysOf(apiShape)})`),
  sip: section(sipShape, `a mapping (${keysOf(sipShape)})`),
  trunks: list(trunkSchema, 'a list of trunks'),
  operators: list(operatorSchema, 'a list of operators'),
  queues: list(queueSchema, 'a list of queues'),
  rules: list(ruleSchema, 'a list of rules'),
  tts: section(ttsShape, `a mapping (${keysOf(ttsShape)})`),
  media: section(mediaShape, `a mapping (${keysOf(mediaShape)})`),
};

/** The config file: the sections, with their defaults, checked against each other, in the shape holdless uses. */
export const configSchema = mapping(
  z
    .strictObject(fileShape, { error: mappingError(`a mapping of sections (${keysOf(fileShape)})`) })
    .prefault({}),
)
  // Runs even when other keys are invalid, so one run reports every problem; it reads the value defensively.
  .superRefine((value, ctx) => crossCheck(value, ctx), { when: () => true })
  .transform((file): ParsedConfigFile => toParsed(file));

type FileContent = z.output<z.ZodObject<typeof fileShape>>;

/** The file after validation: {@link HoldlessConfig} except that the SQLite file may still be unset (the loader puts it under dataDir). */
export type ParsedConfigFile = Omit<HoldlessConfig, 'database'> & {
  database: { url?: string | undefined; sqlite: { file?: string | undefined; synchronous: 'normal' | 'full' } };
};

function toParsed(file: FileContent): ParsedConfigFile {
  return {
    ...file,
    trunks: file.trunks.map((t) => {
      const { host: h, port: p } = splitHostPort(t.address, DEFAULT_SIP_PORT) ?? { host: t.address, port: 0 };
      return { ...t, host: h, port: p };
    }),
    operators: file.operators.map((o) => ({
      username: o.username,
      password: o.password,
      displayName: o.displayName ?? o.username,
      queues: o.queues.map(
        (q): OperatorQueueBinding => (typeof q === 'string' ? { queue: q, skill: 0 } : { queue: q.name, skill: q.skill }),
      ),
    })),
    queues: file.queues.map(({ name: queueName, title, ...settings }) => ({
      name: queueName,
      title,
      settings: settings satisfies QueueSettings,
    })),
  };
}

// ---- cross-checks ------------------------------------------------------------------------------------------------

function records(value: unknown): { index: number; item: Record<string, unknown> }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? [{ index, item: item as Record<string, unknown> }]
      : [],
  );
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function uniqueNames(value: unknown, listKey: string, key: string, noun: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  for (const { index, item } of records(field(value, listKey))) {
    const n = item[key];
    if (typeof n !== 'string') continue;
    const first = seen.get(n);
    if (first === undefined) {
      seen.set(n, index);
      continue;
    }
    ctx.addIssue({
      code: 'custom',
      path: [listKey, index, key],
      input: n,
      message: `a unique ${noun} (${listKey}[${first}] is already named ${JSON.stringify(n)})`,
    });
  }
}

function crossCheck(value: unknown, ctx: z.RefinementCtx): void {
  uniqueNames(value, 'queues', 'name', 'queue name', ctx);
  uniqueNames(value, 'operators', 'username', 'user name', ctx);
  uniqueNames(value, 'trunks', 'name', 'trunk name', ctx);
  uniqueNames(value, 'rules', 'name', 'rule name', ctx);

  const declared = new Set(
    records(field(value, 'queues'))
      .map(({ item }) => item.name)
      .filter((n): n is string => typeof n === 'string'),
  );
  const declaredList = declared.size > 0 ? [...declared].join(', ') : 'none';
  for (const { index, item: operator } of records(field(value, 'operators'))) {
    const who = typeof operator.username === 'string' ? `operator ${JSON.stringify(operator.username)}` : 'the operator';
    const bindings = Array.isArray(operator.queues) ? (operator.queues as unknown[]) : [];
    const seen = new Map<string, number>();
    bindings.forEach((binding, k) => {
      const isString = typeof binding === 'string';
      const queueName = isString ? binding : field(binding, 'name');
      if (typeof queueName !== 'string') return;
      const path = isString ? ['operators', index, 'queues', k] : ['operators', index, 'queues', k, 'name'];
      if (!declared.has(queueName)) {
        const suggestion = closest(queueName, declared);
        ctx.addIssue({
          code: 'custom',
          path,
          input: queueName,
          message:
            `a queue declared under queues (${who} is in queue ${JSON.stringify(queueName)}, which is not declared; ` +
            (suggestion ? `did you mean ${suggestion}?)` : `declared queues: ${declaredList})`),
        });
      }
      const first = seen.get(queueName);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path,
          input: queueName,
          message: `each queue once per operator (${who} already lists ${JSON.stringify(queueName)} at queues[${first}])`,
        });
      } else {
        seen.set(queueName, k);
      }
    });
  }

  const listens = new Map<string, number>();
  for (const { index, item } of records(field(field(value, 'sip'), 'listen'))) {
    const key = JSON.stringify([item.transport, item.host ?? '0.0.0.0', item.port ?? DEFAULT_SIP_PORT]);
    const first = listens.get(key);
    if (first === undefined) listens.set(key, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: ['sip', 'listen', index],
        input: item,
        message: `a listen address not already listed (same as sip.listen[${first}])`,
      });
  }

  for (const { index, item } of records(field(value, 'trunks'))) {
    const hasUser = item.username !== undefined;
    const hasPassword = item.password !== undefined;
    if (hasUser === hasPassword) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['trunks', index, hasUser ? 'password' : 'username'],
      input: undefined,
      message: hasUser
        ? 'a password as well, since username is set (digest credentials go together)'
        : 'a username as well, since password is set (digest credentials go together)',
    });
  }
}
