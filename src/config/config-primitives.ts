/**
 * Small schemas the config file and the environment overrides share: names, hosts, ports, network addresses. Each
 * schema's error message is the "what was expected" half of a problem line.
 */
import { isIP } from 'node:net';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/** Names of queues, operators, trunks and rules: safe in SIP URIs, URLs and log lines. */
export const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

export function name(what: string) {
  return z
    .string({ error: `${what} (up to 64 letters, digits, ".", "_" or "-")` })
    .max(64)
    .regex(NAME_PATTERN);
}

export function nonEmptyString(what: string) {
  return z.string({ error: what }).trim().min(1);
}

/** TCP/UDP port; 0 lets the OS choose one (tests, ephemeral servers). */
export const port = z.number({ error: 'a port number (a whole number from 0 to 65535)' }).int().min(0).max(65535);

const HOSTNAME =
  /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isHost(value: string): boolean {
  return isIP(value) !== 0 || HOSTNAME.test(value);
}

/** An IPv4 or IPv6 address or a DNS name, without a port. */
export const host = z
  .string({ error: 'a host name or IP address' })
  .refine(isHost, { error: 'a host name or IP address (no port, no scheme)' });

/** Splits `host:port`, `[v6]:port`, `host` or a bare IPv6 address; the port defaults to `defaultPort`. */
export function splitHostPort(value: string, defaultPort: number): { host: string; port: number } | undefined {
  let h: string;
  let p: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) {
    h = bracketed[1] ?? '';
    p = bracketed[2];
    if (isIP(h) !== 6) return undefined;
  } else if (isIP(value) === 6) {
    h = value;
  } else {
    const parts = value.split(':');
    if (parts.length > 2) return undefined;
    h = parts[0] ?? '';
    p = parts[1];
    if (!isHost(h)) return undefined;
  }
  if (p === undefined) return { host: h, port: defaultPort };
  if (!/^\d{1,5}$/.test(p)) return undefined;
  const n = Number(p);
  return n >= 1 && n <= 65535 ? { host: h, port: n } : undefined;
}

/** An IPv4 or IPv6 address written as such (no host name, no brackets, no port). */
export function isIpLiteral(value: string): boolean {
  return isIP(value) !== 0;
}

/** `0.0.0.0`, `::` (or another all-zero IPv6 spelling): "every interface", a bind address but no place to send to. */
export function isUnspecifiedAddress(value: string): boolean {
  const family = isIP(value);
  return family === 4 ? value === '0.0.0.0' : family === 6 && /^[0:]+$/.test(value);
}

/** An IPv4/IPv6 address or a CIDR block (`192.0.2.0/24`, `2001:db8::/32`). */
export function isIpOrCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return isIP(value) !== 0;
  const ip = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  const family = isIP(ip);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export const ipOrCidr = z
  .string({ error: 'an IP address or CIDR block (e.g. 192.0.2.10 or 192.0.2.0/24)' })
  .refine(isIpOrCidr, { error: 'an IP address or CIDR block (e.g. 192.0.2.10 or 192.0.2.0/24)' });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logLevel = z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` });

/** An ISO 3166-1 alpha-2 country that libphonenumber knows, e.g. `GB`; lower case is accepted and upper-cased. */
export const countryCode = z
  .string({ error: 'an ISO 3166 country code such as "GB" or "DE"' })
  .transform((v) => v.toUpperCase())
  .refine((v): v is CountryCode => isSupportedCountry(v), {
    error: 'an ISO 3166 country code such as "GB" or "DE"',
  });

/** The start of an E.164 number: `+` and 1 to 15 digits, e.g. `+7`, `+4420`. */
export const e164Prefix = z
  .string({ error: 'an E.164 prefix: "+" and digits, e.g. "+44" or "+4420"' })
  .regex(/^\+[1-9]\d{0,14}$/);

/** A caller ID as carriers take it: digits, optionally with a leading `+`. */
export const phoneNumber = z
  .string({ error: 'a phone number (digits, optionally with a leading "+")' })
  .regex(/^\+?\d{2,15}$/);

/** `postgres://` or `postgresql://` URL of the cluster store. */
export const databaseUrl = z
  .string({ error: 'a postgres:// URL' })
  .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'a postgres:// or postgresql:// URL' });

/** A secret that must be hard to guess: at least `min` characters. */
export function secret(min: number, what: string) {
  return z.string({ error: `${what} of at least ${min} characters` }).min(min);
}

/** Reads YAML's null (a key with nothing after it, or with all its lines commented out) as "not set". */
export function mapping<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema);
}

/**
 * The message of a mapping that is not one. An unknown key keeps zod's own issue, so the loader's parse-level error
 * map can list the known keys and suggest the closest.
 */
export function mappingError(what: string) {
  return (issue: { code?: string | undefined }) => (issue.code === 'unrecognized_keys' ? undefined : what);
}

/** A list, where YAML's null (`rules:` with nothing below) is read as not set. */
export function list<T extends z.ZodType>(item: T, what: string) {
  return mapping(z.array(item, { error: what }).default(() => []));
}
