/**
 * NTP timestamps as RTCP carries them (RFC 3550 §4): 64 bits, seconds since 1 January 1900 and a 32-bit binary
 * fraction. Sender reports carry the full value; report blocks carry its middle 32 bits (LSR, §6.4.1) and delays in
 * units of 1/65536 s (DLSR).
 */

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

export interface NtpTime {
  /** Whole seconds since 1900, modulo 2^32. */
  seconds: number;
  /** Fraction of a second in units of 2^-32. */
  fraction: number;
}

/** The NTP timestamp of a Unix time in milliseconds. */
export function ntpFromUnixMs(unixMs: number): NtpTime {
  const wholeSeconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - wholeSeconds * 1000) / 1000) * 0x1_0000_0000);
  return { seconds: (wholeSeconds + NTP_UNIX_OFFSET_SECONDS) >>> 0, fraction: fraction >>> 0 };
}

/** Unix milliseconds of an NTP timestamp (assumes the era that contains today: NTP seconds wrap in 2036). */
export function unixMsFromNtp(seconds: number, fraction: number): number {
  let unixSeconds = seconds - NTP_UNIX_OFFSET_SECONDS;
  if (unixSeconds < 0) unixSeconds += 0x1_0000_0000; // era 1, after 7 February 2036
  return unixSeconds * 1000 + (fraction / 0x1_0000_0000) * 1000;
}

/** The middle 32 bits of a 64-bit NTP timestamp: the LSR field of a report block (§6.4.1). */
export function ntpMiddle32(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

/** A delay in milliseconds as DLSR units of 1/65536 s (§6.4.1), clamped to 32 bits. */
export function msToDlsr(ms: number): number {
  return Math.min(0xffffffff, Math.max(0, Math.round((ms / 1000) * 65536))) >>> 0;
}

/** DLSR units of 1/65536 s to milliseconds. */
export function dlsrToMs(dlsr: number): number {
  return (dlsr / 65536) * 1000;
}
