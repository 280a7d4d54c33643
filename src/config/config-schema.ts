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
  isIpLiteral,
  isUnspecifiedAddress,
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
import type { HoldlessConfig, MediaConfig } from './config-types.js';
import { crossCheck, defaultRtpHost } from './config-cross-checks.js';
import {
  ADMIN_TOKEN_MIN_LENGTH,
  DEFAULT_RTP_PORTS,
  DEFAULT_SIP_PORT,
  defaultMediaWorkers,
  defaultScenarioWorkers,
  MAX_SCENARIO_WORKERS,
  MAX_MEDIA_WORKERS,
  OPERATOR_PASSWORD_MIN_LENGTH,
} from './config-defaults.js';
import { queueSettingsShape } from './queue-settings-schema.js';

export { ADMIN_TOKEN_MIN_LENGTH, DEFAULT_RTP_PORTS, DEFAULT_SIP_PORT, FALLBACK_RTP_HOST, OPERATOR_PASSWORD_MIN_LENGTH } from './config-defaults.js';
export { defaultRtpHost } from './config-cross-checks.js';


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

/** Fits in a quoted-string as is: no `"`, no backslash, no control characters. */
function isQuotableRealm(value: string): boolean {
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === '\\' || code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

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
  // Sent in a quoted-string (RFC 3261 §25.1, RFC 7616 §3.3): no quotes, backslashes or control characters.
  realm: z
    .string({ error: 'a digest realm (1 to 128 characters, no quotes, backslashes or control characters)' })
    .min(1)
    .max(128)
    .refine(isQuotableRealm)
    .default('holdless'),
  requireRegistration: z.boolean({ error: 'true or false' }).default(true),
  keepAliveSeconds: z
    .number({ error: 'a whole number of seconds, 0 or more (0 turns keep-alive off)' })
    .int()
    .min(0)
    .default(30),
  // RFC 8760 §2.3: one challenge per algorithm, most preferred first. Some phones (baresip 1.0) fail as soon as a
  // SHA-256 challenge is offered: list only MD5 for them.
  digestAlgorithms: z
    .array(z.enum(['SHA-256', 'MD5'], { error: 'SHA-256 or MD5' }), { error: 'a list of SHA-256 and/or MD5' })
    .min(1)
    .refine((l) => new Set(l).size === l.length, { error: 'each algorithm once' })
    .default(() => ['SHA-256' as const, 'MD5' as const]),
};

const TRUNK_ADDRESS = 'an IP address and port, e.g. 192.0.2.10:5060 or [2001:db8::10]:5060';

/** What is wrong with a trunk address, if anything. The SIP layer sends to IP literals only: it does no DNS (yet). */
function trunkAddressProblem(value: string): string | undefined {
  const split = splitHostPort(value, DEFAULT_SIP_PORT);
  if (split === undefined) return `${TRUNK_ADDRESS} (the port, if written, from 1 to 65535)`;
  if (!isIpLiteral(split.host)) return `${TRUNK_ADDRESS} (holdless does not resolve host names for trunks yet)`;
  if (!value.startsWith('[') && split.host.includes(':')) {
    return `${TRUNK_ADDRESS} (an IPv6 address goes in brackets, so its colons are not read as a port)`;
  }
  if (isUnspecifiedAddress(split.host)) return `${TRUNK_ADDRESS} (the carrier's address, not 0.0.0.0 or ::)`;
  return undefined;
}

const trunkShape = {
  name: name('a trunk name'),
  address: z.string({ error: TRUNK_ADDRESS }).superRefine((value, ctx) => {
    const problem = trunkAddressProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', input: value, message: problem });
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

const ttsCommandShape = {
  program: nonEmptyString('the path of a speech program (e.g. /usr/bin/piper)'),
  args: z.array(z.string({ error: 'an argument' }), { error: 'a list of arguments ({voice} and {out} are replaced)' }).default(() => []),
  voices: mapping(
    z
      .record(nonEmptyString('a language tag'), nonEmptyString('a voice of the program'), {
        error: 'a mapping of language tag to the program\'s voice (e.g. ru: ru_RU-irina-medium.onnx)',
      })
      .default(() => ({})),
  ),
  timeoutSeconds: z.number({ error: 'seconds, more than 0' }).positive().default(15),
};

const ttsShape = {
  engine: z.enum(['espeak', 'command'], { error: 'espeak (built in) or command (an external program, see tts.command)' }).default('espeak'),
  command: z
    .strictObject(ttsCommandShape, { error: mappingError(`a mapping (${keysOf(ttsCommandShape)})`) })
    .optional(),
  voices: mapping(
    z
      .record(nonEmptyString('a voice name'), nonEmptyString('a voice name'), {
        error: 'a mapping of language or purpose to voice name (e.g. en: en-us)',
      })
      .default(() => ({})),
  ),
};

const RTP_HOST = 'an IP address of this host (not 0.0.0.0 or ::: it is written into SDP for peers to send to)';

const rtpPortsShape = {
  // RTP takes the even port and RTCP the odd one above it (RFC 3550 §11), so a range starts even.
  min: z
    .number({ error: 'an even port number from 1024 to 65534 (RTP takes the even port, RTCP the odd one after it)' })
    .int()
    .min(1024)
    .max(65534)
    .refine((n) => n % 2 === 0)
    .default(DEFAULT_RTP_PORTS.min),
  max: z
    .number({ error: 'a port number from 1025 to 65535' })
    .int()
    .min(1025)
    .max(65535)
    .default(DEFAULT_RTP_PORTS.max),
};

/** A number of worker threads, 0..max (0: the work stays on the main thread), defaulting from the machine. */
function threadCount(what: string, max: number, zeroMeans: string, fallback: () => number) {
  const error = `a whole number of ${what}, 0 to ${max} (0: ${zeroMeans})`;
  return z.number({ error }).int({ error }).min(0, { error }).max(max, { error }).default(fallback);
}

const mediaShape = {
  /** Unset: the shipped media/hold-music.wav (the loader fills it in, since it resolves paths). */
  holdMusic: nonEmptyString('the path of an audio file').optional(),
  /** Unset: derived from sip (see {@link defaultRtpHost}). */
  rtpHost: z
    .string({ error: RTP_HOST })
    .refine((v) => isIpLiteral(v) && !isUnspecifiedAddress(v), { error: RTP_HOST })
    .optional(),
  rtpPorts: section(rtpPortsShape, 'a mapping with min and max (e.g. {min: 20000, max: 29999})'),
  mediaTimeoutSeconds: z
    .number({ error: 'a number of seconds, 0 or more (0 turns the media timeout off)' })
    .min(0)
    .default(60),
  workers: threadCount('media worker threads', MAX_MEDIA_WORKERS, 'RTP on the main thread', () => defaultMediaWorkers()),
};

const scenariosShape = {
  unansweredCallSeconds: z.number({ error: 'a number of seconds, more than 0' }).positive().default(60),
  idleSessionSeconds: z.number({ error: 'a number of seconds, 0 or more' }).min(0).default(60),
  pendingRequestMinutes: z.number({ error: 'a number of minutes, more than 0' }).positive().default(120),
  memoryMb: z.number({ error: 'a whole number of MiB, 8 or more' }).int().min(8).default(32),
  handlerTimeoutMs: z.number({ error: 'a whole number of milliseconds, 1 or more' }).int().min(1).default(1000),
  maxTimers: z.number({ error: 'a whole number, 1 or more' }).int().min(1).default(100),
  workers: threadCount('scenario worker threads', MAX_SCENARIO_WORKERS, 'sessions on the main thread', () => defaultScenarioWorkers()),
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
  scenarios: section(scenariosShape, `a mapping (${keysOf(scenariosShape)})`),
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

/**
 * The file after validation: {@link HoldlessConfig} except that the SQLite file (the loader puts it under dataDir) and
 * the hold music (the loader uses the shipped file) may still be unset.
 */
export type ParsedConfigFile = Omit<HoldlessConfig, 'database' | 'media'> & {
  database: { url?: string | undefined; sqlite: { file?: string | undefined; synchronous: 'normal' | 'full' } };
  media: Omit<MediaConfig, 'holdMusic'> & { holdMusic?: string | undefined };
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
    media: { ...file.media, rtpHost: file.media.rtpHost ?? defaultRtpHost(file.sip).host },
  };
}
