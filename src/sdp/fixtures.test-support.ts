import { readFileSync } from 'node:fs';

/** Real-world-shaped session descriptions kept in `testdata/` (LF line ends on disk). */
export const FIXTURES = [
  'sipp-offer',
  'chrome-offer',
  'baresip-offer',
  'ipv6-offer',
  'media-level-connection',
] as const;

export type FixtureName = (typeof FIXTURES)[number];

/** The fixture's text exactly as stored (LF line ends). */
export function fixture(name: FixtureName): string {
  return readFileSync(new URL(`./testdata/${name}.sdp`, import.meta.url), 'utf8');
}

/** The same text with CRLF line ends, as `serializeSdp` writes it. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
