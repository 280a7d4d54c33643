import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { ParseError, SipRequest } from '../message/index.js';
import { readMinSe, readSessionExpires } from './session-expires.js';
import { DEFAULT_SESSION_TIMER_POLICY, negotiateAsUas } from './session-timer-negotiation.js';
import { SessionTimer } from './session-timer.js';

function invite(headers: Array<[string, string]>): SipRequest {
  return new SipRequest({
    method: 'INVITE',
    requestUri: 'sip:x@10.0.0.1',
    headers: [['Via', 'SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK1'], ['From', '<sip:a@b>;tag=1'], ['To', '<sip:x@10.0.0.1>'], ['Call-ID', 'c'], ['CSeq', '1 INVITE'], ...headers],
  });
}

describe('Session-Expires and Min-SE (RFC 4028 §4, §5)', () => {
  it('reads the interval, the refresher, the compact form x, and Min-SE', () => {
    expect(readSessionExpires(invite([['Session-Expires', '1800;refresher=uac']]))).toEqual({ seconds: 1800, refresher: 'uac' });
    expect(readSessionExpires(invite([['x', '600; refresher=UAS;foo=bar']]))).toEqual({ seconds: 600, refresher: 'uas' });
    expect(readSessionExpires(invite([['Session-Expires', '90']]))).toEqual({ seconds: 90, refresher: undefined });
    expect(readSessionExpires(invite([]))).toBeUndefined();
    expect(readMinSe(invite([['Min-SE', '120']]))).toBe(120);
  });

  it('malformed values are a ParseError', () => {
    expect(() => readSessionExpires(invite([['Session-Expires', 'soon']]))).toThrow(ParseError);
    expect(() => readSessionExpires(invite([['Session-Expires', '90;refresher=proxy']]))).toThrow(ParseError);
    expect(() => readMinSe(invite([['Min-SE', '-1']]))).toThrow(ParseError);
  });
});

describe('UAS negotiation (RFC 4028 §9)', () => {
  const policy = DEFAULT_SESSION_TIMER_POLICY;

  it('an interval under our minimum is refused with 422 and Min-SE when the UAC supports timers', () => {
    expect(negotiateAsUas(invite([['Supported', 'timer'], ['Session-Expires', '60']]), policy)).toEqual({ kind: 'too-small', minSe: 90 });
  });

  it('accepts the interval asked; refresher=uac unless named; Require: timer with refresher=uac', () => {
    expect(negotiateAsUas(invite([['Supported', '100rel, timer'], ['Session-Expires', '300']]), policy)).toEqual({
      kind: 'use',
      seconds: 300,
      refresher: 'uac',
      weRefresh: false,
      headers: [['Session-Expires', '300;refresher=uac'], ['Require', 'timer']],
    });
    expect(negotiateAsUas(invite([['k', 'timer'], ['Session-Expires', '300;refresher=uas']]), policy)).toMatchObject({
      refresher: 'uas',
      weRefresh: true,
      headers: [['Session-Expires', '300;refresher=uas']],
    });
  });

  it('a UAC that supports timers but asks no interval gets our default (never under its Min-SE)', () => {
    expect(negotiateAsUas(invite([['Supported', 'timer']]), policy)).toMatchObject({ kind: 'use', seconds: 1800 });
    expect(negotiateAsUas(invite([['Supported', 'timer'], ['Min-SE', '3600']]), policy)).toMatchObject({ kind: 'use', seconds: 3600 });
  });

  it('a UAC that does not support timers gets none, even with a Session-Expires a proxy inserted', () => {
    expect(negotiateAsUas(invite([['Session-Expires', '60']]), policy)).toEqual({ kind: 'none' });
    expect(negotiateAsUas(invite([]), policy)).toEqual({ kind: 'none' });
  });

  it('our minimum is never under 90 s (RFC 4028 §5)', () => {
    expect(negotiateAsUas(invite([['Supported', 'timer'], ['Session-Expires', '60']]), { minSeconds: 30, defaultSeconds: 1800 })).toEqual({ kind: 'too-small', minSe: 90 });
  });
});

describe('SessionTimer (RFC 4028 §10) in fake time', () => {
  function setup() {
    const clock = new FakeClock();
    const fired: string[] = [];
    const timer = new SessionTimer(clock, { refresh: () => fired.push(`refresh@${clock.now()}`), expire: () => fired.push(`expire@${clock.now()}`) });
    return { clock, fired, timer, t0: clock.now() };
  }

  it('the side that does not refresh expires at interval − min(32 s, interval/3)', () => {
    const { clock, fired, timer, t0 } = setup();
    timer.start(1800, false);
    clock.advance(1768_000);
    expect(fired).toEqual([`expire@${t0 + 1768_000}`]);
    const s = setup();
    s.timer.start(90, false);
    s.clock.advance(90_000);
    expect(s.fired).toEqual([`expire@${s.t0 + 60_000}`]);
  });

  it('the refresher refreshes at half the interval', () => {
    const { clock, fired, timer, t0 } = setup();
    timer.start(600, true);
    clock.advance(300_000);
    expect(fired).toEqual([`refresh@${t0 + 300_000}`]);
  });

  it('a refresh re-arms the timer; stop() disarms it', () => {
    const { clock, fired, timer } = setup();
    timer.start(120, false);
    clock.advance(80_000);
    timer.start(120, false);
    clock.advance(80_000);
    expect(fired).toEqual([]);
    timer.stop();
    clock.advance(1_000_000);
    expect(fired).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
