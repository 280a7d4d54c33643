/**
 * A caller ID as a callback number: E.164 (`+` and 8-15 digits) when it looks like one, else undefined. Trunks send
 * numbers with or without `+` and with visual separators; anything else (`anonymous`, a SIP user name) cannot be
 * called back.
 */
export function toE164(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const compact = raw.replace(/[\s().-]/g, '');
  const m = /^\+?([1-9][0-9]{7,14})$/.exec(compact);
  return m ? `+${m[1]}` : undefined;
}
