import { findParam, ParseError, parseDeltaSeconds, type SipMessage } from '../message/index.js';
import { scanParams } from '../message/header-params.js';
import { Scanner } from '../message/scanner.js';

/** Who sends the session refreshes (RFC 4028 §4: `refresher=uac` / `refresher=uas`). */
export type Refresher = 'uac' | 'uas';

export interface SessionExpires {
  /** The session interval, seconds. */
  seconds: number;
  refresher: Refresher | undefined;
}

/**
 * `Session-Expires = ("Session-Expires" / "x") HCOLON delta-seconds *(SEMI se-params)`; `se-params = refresher-param
 * / generic-param`; `refresher-param = "refresher" EQUAL ("uas" / "uac")` (RFC 4028 §4). Undefined when absent;
 * ParseError when malformed (the caller answers 400).
 */
export function readSessionExpires(message: SipMessage): SessionExpires | undefined {
  const value = message.headers.get('session-expires');
  if (value === undefined) return undefined;
  const semi = value.indexOf(';');
  const seconds = parseDeltaSeconds(semi === -1 ? value : value.slice(0, semi), 'session-expires');
  const params = semi === -1 ? [] : readParams(value.slice(semi));
  const r = findParam(params, 'refresher')?.toLowerCase();
  if (r !== undefined && r !== 'uac' && r !== 'uas') {
    throw new ParseError('bad-header-value', 'session-expires: refresher must be uac or uas', { header: 'session-expires' });
  }
  return { seconds, refresher: r };
}

/** `Min-SE = "Min-SE" HCOLON delta-seconds *(SEMI generic-param)` (RFC 4028 §5). */
export function readMinSe(message: SipMessage): number | undefined {
  const value = message.headers.get('min-se');
  if (value === undefined) return undefined;
  const semi = value.indexOf(';');
  return parseDeltaSeconds(semi === -1 ? value : value.slice(0, semi), 'min-se');
}

/** Whether the message lists `tag` in Supported (or Require, which implies support). Option tags are case-insensitive. */
export function hasOptionTag(message: SipMessage, header: 'supported' | 'require', tag: string): boolean {
  return message.headers.values(header).some((v) => v.toLowerCase() === tag);
}

export function formatSessionExpires(se: { seconds: number; refresher: Refresher }): string {
  return `${se.seconds};refresher=${se.refresher}`;
}

function readParams(text: string) {
  const s = new Scanner(text, 'session-expires');
  const params = scanParams(s);
  s.end();
  return params;
}
