/**
 * Date = "Date" HCOLON SIP-date; SIP-date = rfc1123-date (RFC 3261 §20.17, §25.1):
 *
 *   rfc1123-date = wkday "," SP date1 SP time SP "GMT"      e.g. Sat, 13 Nov 2010 23:29:00 GMT
 *
 * Only GMT is allowed: "UT", "UTC", "EST" are errors (RFC 4475 §3.1.2.12).
 */
import { Scanner } from './scanner.js';

const WKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

export function parseSipDate(text: string): Date {
  const m = RE.exec(text.trim());
  const fail = (): never => new Scanner(text, 'date').fail('not an RFC 1123 date in GMT');
  if (!m) return fail();
  const [, , day, mon, year, hh, mm, ss] = m;
  const ms = Date.UTC(Number(year), MONTHS.indexOf(mon!), Number(day), Number(hh), Number(mm), Number(ss));
  const d = new Date(ms);
  if (d.getUTCDate() !== Number(day) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 60) return fail();
  return d;
}

export function formatSipDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${WKDAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} GMT`;
}
