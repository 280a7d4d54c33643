import type { SipRequest, SipResponse } from '../message/index.js';
import { formatSessionExpires, hasOptionTag, readMinSe, readSessionExpires, type Refresher } from './session-expires.js';

export interface SessionTimerPolicy {
  /** Our minimum session interval, seconds; shorter requests get 422 (RFC 4028 §5: never below 90). Default 90. */
  minSeconds: number;
  /** The interval we choose when a UAC that supports timers asks none (RFC 4028 §4 recommends 1800). Default 1800. */
  defaultSeconds: number;
}

export const DEFAULT_SESSION_TIMER_POLICY: Readonly<SessionTimerPolicy> = Object.freeze({ minSeconds: 90, defaultSeconds: 1800 });

/** What to do with a request's session timer, as the UAS. */
export type UasSessionTimer =
  /** The UAC does not support session timers: none is used (RFC 4028 §9 leaves the UAS free not to insert one). */
  | { kind: 'none' }
  /** Answer 422 Session Interval Too Small with this Min-SE (RFC 4028 §6). */
  | { kind: 'too-small'; minSe: number }
  /** Use a timer of `seconds`; `headers` go on the 2xx; `weRefresh` when the refresher is us (the UAS). */
  | { kind: 'use'; seconds: number; refresher: Refresher; weRefresh: boolean; headers: Array<[string, string]> };

/**
 * The UAS side of RFC 4028 §9 for an INVITE (initial or refresh) or an UPDATE. Throws ParseError for a malformed
 * Session-Expires or Min-SE (the caller answers 400).
 *
 * - A UAC that lists `timer` in Supported gets a timer: the interval it asked (never raised or lowered by us), or our
 *   default when it asked none; a request under our minimum is refused with 422 and our Min-SE (§9: the UAS "MAY
 *   reject ... with a 422"), to which the UAC answers with a larger interval (§7.3).
 * - The refresher is the one the UAC named, else `uac` (§9's table: with a UAC that supports timers and names none,
 *   the choice is ours; the UAC refreshing keeps our side passive). With refresher=uac the 2xx carries
 *   `Require: timer` (§9: "the UAS MUST place a Require header field into the response with the value 'timer'").
 * - A UAC that does not support timers gets none, even when a proxy inserted a Session-Expires: the UAS would have to
 *   refresh (§9's table), and an unanswered refresh would end a good call. Our BYE on the ACK timeout and the media
 *   layer's RTP timeout end dead calls instead.
 */
export function negotiateAsUas(request: SipRequest, policy: SessionTimerPolicy): UasSessionTimer {
  const se = readSessionExpires(request);
  const minSe = readMinSe(request);
  const supported = hasOptionTag(request, 'supported', 'timer') || hasOptionTag(request, 'require', 'timer');
  if (!supported) return { kind: 'none' };
  const floor = Math.max(policy.minSeconds, 90);
  if (se !== undefined && se.seconds < floor) return { kind: 'too-small', minSe: floor };
  const seconds = se?.seconds ?? Math.max(policy.defaultSeconds, floor, minSe ?? 0);
  const refresher: Refresher = se?.refresher ?? 'uac';
  const headers: Array<[string, string]> = [['Session-Expires', formatSessionExpires({ seconds, refresher })]];
  if (refresher === 'uac') headers.push(['Require', 'timer']);
  return { kind: 'use', seconds, refresher, weRefresh: refresher === 'uas', headers };
}

/**
 * The UAC side (RFC 4028 §7.2): the session timer a 2xx to our INVITE set up, if any. Without a refresher
 * parameter the UAC refreshes (the UAS must send one; `uac` is the safe reading: refreshing costs a request, not a
 * call).
 */
export function readUacSessionTimer(response: SipResponse): { seconds: number; weRefresh: boolean } | undefined {
  const se = readSessionExpires(response);
  if (!se) return undefined;
  return { seconds: se.seconds, weRefresh: (se.refresher ?? 'uac') === 'uac' };
}
