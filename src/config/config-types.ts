/**
 * The configuration as the rest of holdless sees it: every default filled in, every path absolute, deeply frozen.
 * docs/configuration.md explains each key; the schema that produces these is config-schema.ts.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { OperatorQueueBinding, QueueSettings } from '../acd/types.js';
import type { LogLevel } from './config-primitives.js';

export interface ServerConfig {
  /** Absolute directory for the SQLite database and other state. */
  dataDir: string;
  http: { host: string; port: number };
  logLevel: LogLevel;
}

export interface DatabaseConfig {
  /** A postgres:// URL selects the cluster store (not supported yet: the loader rejects it). */
  url?: string | undefined;
  sqlite: {
    /** Absolute path of the SQLite database file. */
    file: string;
    synchronous: 'normal' | 'full';
  };
}

export interface ApiConfig {
  /** Bearer token with the admin role; when absent, one is generated at first start into <dataDir>/admin-token. */
  adminToken?: string | undefined;
  rateLimits: { callbacksPerClientPerMinute: number; callbacksPerNumberPerHour: number };
  /** Country assumed for callback numbers written without `+`; none means such numbers are rejected. */
  defaultRegion?: CountryCode | undefined;
  /** If set, a callback number must start with one of these E.164 prefixes. */
  allowedCallbackPrefixes?: string[] | undefined;
}

export type SipTransport = 'udp' | 'tcp';

export interface SipListenConfig {
  transport: SipTransport;
  host: string;
  port: number;
}

export interface SipConfig {
  listen: SipListenConfig[];
  /** Host or IP written into Via/Contact/SDP when holdless is behind NAT. */
  publicAddress?: string | undefined;
  /** Digest realm that operators' SIP phones authenticate in (default `'holdless'`). */
  realm: string;
  /** Operators get voice offers only while a SIP phone of theirs is registered (default true). */
  requireRegistration: boolean;
  /** Seconds between OPTIONS keep-alive probes of trunks and registered phones; 0 turns keep-alive off (default 30). */
  keepAliveSeconds: number;
  /** Digest challenges offered to phones, most preferred first (default SHA-256 then MD5). */
  digestAlgorithms: Array<'SHA-256' | 'MD5'>;
}

export interface TrunkConfig {
  name: string;
  /** As written: `ip:port` or `[ipv6]:port` (an IP literal: holdless does no DNS for trunks). */
  address: string;
  /** `address` split (the IP, IPv6 without brackets); the port defaults to 5060. */
  host: string;
  port: number;
  /** IPs or CIDR blocks that may send calls in through this trunk. */
  allowedSources: string[];
  username?: string | undefined;
  password?: string | undefined;
  callerId?: string | undefined;
}

export interface OperatorConfig {
  username: string;
  password: string;
  /** Defaults to the username. */
  displayName: string;
  queues: OperatorQueueBinding[];
}

export interface QueueConfig {
  name: string;
  title?: string | undefined;
  settings: QueueSettings;
}

export interface RuleConfig {
  name: string;
  /** Regular expression source (checked to compile) matched against the dialed number of inbound calls. */
  pattern?: string | undefined;
  /** Absolute path of the scenario's .js file (written relative to the config file). */
  scenario: string;
}

export interface TtsCommandConfig {
  /** The program, e.g. /usr/bin/piper; run once per phrase, the text on stdin, a WAV written to `{out}`. */
  program: string;
  /** Its arguments; `{voice}` and `{out}` are replaced. */
  args: string[];
  /** Language tag → the program's voice. */
  voices: Record<string, string>;
  timeoutSeconds: number;
}

export interface TtsConfig {
  engine: 'espeak' | 'command';
  /** Required when `engine` is `command`. */
  command?: TtsCommandConfig | undefined;
  /** Voice per language or purpose, e.g. `en: en-us`. */
  voices: Record<string, string>;
}

/** RTP ports, both ends included: RTP takes even ports, RTCP the odd port above. `min` is even and below `max`. */
export interface RtpPortRange {
  min: number;
  max: number;
}

export interface MediaConfig {
  /** Absolute path of the hold music file (written relative to the config file; default the shipped media/hold-music.wav). */
  holdMusic: string;
  /**
   * IP address RTP sockets bind to and SDP announces. Default: the host of the first sip.listen entry unless it is
   * 0.0.0.0 or ::, else sip.publicAddress, else 127.0.0.1 (the loader rejects a default that is a host name).
   */
  rtpHost: string;
  /** Default 20000..29999. */
  rtpPorts: RtpPortRange;
  /** Seconds without RTP from the peer before a call's media counts as lost; 0 turns the check off (default 60). */
  mediaTimeoutSeconds: number;
  /**
   * Worker threads carrying RTP (sockets, sending, receiving, bridges); 0 keeps it on the main thread. Default 1 on
   * a machine with two or more cores, else 0 (see defaultMediaWorkers).
   */
  workers: number;
}

/** Limits and lifetimes of scenario sessions (docs/scenarios.md). */
export interface ScenariosConfig {
  /** An inbound call the scenario has not answered is dropped after this long (default 60). */
  unansweredCallSeconds: number;
  /** A session with no calls and no pending ACD request ends this long after its last call (default 60). */
  idleSessionSeconds: number;
  /** A session with no calls but a pending ACD request lives up to this long (default 120). */
  pendingRequestMinutes: number;
  /** V8 heap per session, MiB; at least 8 (default 32). */
  memoryMb: number;
  /** Longest one handler (or a script's top level) may run, ms (default 1000). */
  handlerTimeoutMs: number;
  /** Timers a session may have pending at once (default 100). */
  maxTimers: number;
  /** Worker threads running the sessions; 0 runs them on the main thread (see defaultScenarioWorkers). */
  workers: number;
}

export interface HoldlessConfig {
  server: ServerConfig;
  database: DatabaseConfig;
  api: ApiConfig;
  sip: SipConfig;
  trunks: TrunkConfig[];
  operators: OperatorConfig[];
  queues: QueueConfig[];
  rules: RuleConfig[];
  tts: TtsConfig;
  media: MediaConfig;
  scenarios: ScenariosConfig;
}

/** What {@link loadConfig} returns: the config plus where it came from. Deeply frozen at run time. */
export type LoadedConfig = DeepReadonly<HoldlessConfig> & {
  /** Absolute path of the config file, or `'demo'` for the bundled demo config. */
  readonly source: string;
  /** True when no config was given and the bundled demo config is running. */
  readonly demo: boolean;
  /** Absolute path of the file read (the bundled config/demo.yaml in demo mode). */
  readonly configFile: string;
  /** Directory that relative paths in `rules` and `media` were resolved against. */
  readonly configDir: string;
  /** Things worth logging at start that are not errors (e.g. an unknown HOLDLESS_* environment variable). */
  readonly warnings: readonly string[];
};

export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
