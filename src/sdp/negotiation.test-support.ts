import { FakeClock } from '../lib/fake-clock.js';
import { SequenceRng } from '../lib/rng.js';
import type { SdpDeps } from './session-origin.js';

/** Deterministic randomness and time: session id 1, 2, ...; first version = NTP seconds of 2026-01-01T09:00Z. */
export function testDeps(): SdpDeps {
  return { rng: new SequenceRng(), clock: new FakeClock() };
}

/** NTP seconds of FakeClock's default start, the first `o=` version the builders write. */
export const FIRST_VERSION = String(Date.UTC(2026, 0, 1, 9, 0, 0) / 1000 + 2_208_988_800);

/** An SDP text from lines, CRLF-terminated. */
export function sdpText(...lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** A one-stream audio offer from 192.0.2.1:4000 with the given m= formats and media-level attribute lines. */
export function audioOffer(formats: string, ...mediaLines: string[]): string {
  return sdpText(
    'v=0',
    'o=- 10 20 IN IP4 192.0.2.1',
    's=-',
    'c=IN IP4 192.0.2.1',
    't=0 0',
    `m=audio 4000 RTP/AVP ${formats}`,
    ...mediaLines,
  );
}
