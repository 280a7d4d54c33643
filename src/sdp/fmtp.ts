import { attributeValues } from './attribute-list.js';
import type { MediaDescription } from './session-description.js';

/**
 * `a=fmtp:<format> <format specific parameters>` (RFC 8866 §6.15). The parameters' syntax belongs to each codec
 * (`0-15` for telephone-event, `mode=20` for iLBC, `minptime=10;useinbandfec=1` for Opus), so the accessor returns
 * the text and `fmtpParameters` reads the common `key=value;key=value` form.
 */
export interface Fmtp {
  format: string;
  parameters: string;
}

/** Reads the value of an `a=fmtp` attribute; undefined when there is no `<format> ` prefix. */
export function parseFmtp(value: string): Fmtp | undefined {
  const match = /^(\S+) +(.*)$/.exec(value);
  if (!match) return undefined;
  return { format: match[1]!, parameters: match[2]!.trim() };
}

/** Writes the value of an `a=fmtp` attribute. */
export function formatFmtp(fmtp: Fmtp): string {
  return `${fmtp.format} ${fmtp.parameters}`;
}

/** The parameters text of the first `a=fmtp` for this payload type (or other format), or undefined. */
export function fmtpOf(media: MediaDescription, format: number | string): string | undefined {
  const wanted = String(format);
  for (const value of attributeValues(media.attributes, 'fmtp')) {
    const fmtp = parseFmtp(value);
    if (fmtp?.format === wanted) return fmtp.parameters;
  }
  return undefined;
}

/**
 * Reads `key=value;key=value` parameters (keys lower-cased: RFC 4855 §3 makes media type parameter names
 * case-insensitive). A part without `=` maps to the empty string.
 */
export function fmtpParameters(parameters: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of parameters.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) map.set(trimmed.toLowerCase(), '');
    else map.set(trimmed.slice(0, eq).trim().toLowerCase(), trimmed.slice(eq + 1).trim());
  }
  return map;
}
