import { afterEach, describe, expect, it } from 'vitest';
import type { SipResponse } from '../message/index.js';
import type { InboundCall } from './inbound-call.js';
import type { UserAgent } from './user-agent.js';
import { flush, Peer, SDP, startUa } from './ua-harness.test-support.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

/** A bare UA (open inbound) that answers every call; the peer is a caller. */
async function setup() {
  const calls: InboundCall[] = [];
  const s = await startUa({ operators: undefined, keepAlive: false, onInvite: (c) => (calls.push(c), c.answer(SDP)) });
  ua = s.ua;
  return { ...s, calls, caller: new Peer(s.network) };
}

function headers(cseq: number, method: string, extra: Array<[string, string]> = [], toTag?: string): Array<[string, string]> {
  return [
    ['From', '<sip:caller@10.0.0.2>;tag=c'],
    ['To', `<sip:service@10.0.0.1>${toTag ? `;tag=${toTag}` : ''}`],
    ['Call-ID', 'st-1'],
    ['CSeq', `${cseq} ${method}`],
    ['Contact', '<sip:caller@10.0.0.2:5062>'],
    ...extra,
  ];
}

/** INVITE, 200, ACK; returns the 200. */
async function connect(caller: Peer, extra: Array<[string, string]>): Promise<SipResponse> {
  caller.send(caller.request('INVITE', 'sip:service@10.0.0.1', headers(1, 'INVITE', [['Content-Type', 'application/sdp'], ...extra]), SDP));
  const ok = await caller.response(200, 'INVITE');
  caller.send(caller.request('ACK', 'sip:holdless@10.0.0.1:5060', headers(1, 'ACK', [], ok.to.tag)));
  await flush();
  return ok;
}

describe('session timers on inbound calls (RFC 4028)', () => {
  it('§6: an interval under our 90 s minimum gets 422 with Min-SE', async () => {
    const { caller, calls } = await setup();
    caller.send(caller.request('INVITE', 'sip:service@10.0.0.1', headers(1, 'INVITE', [['Supported', 'timer'], ['Session-Expires', '60']]), SDP));
    const res = await caller.response(422, 'INVITE');
    expect(res.headers.get('min-se')).toBe('90');
    expect(calls).toHaveLength(0);
  });

  it('§9: the 200 carries Session-Expires with refresher=uac and Require: timer', async () => {
    const { caller } = await setup();
    const ok = await connect(caller, [['Supported', 'timer'], ['Session-Expires', '120']]);
    expect(ok.headers.get('session-expires')).toBe('120;refresher=uac');
    expect(ok.headers.values('require')).toContain('timer');
  });

  it('§10: no refresh before the interval ends → BYE at interval − min(32, interval/3), disconnected by timeout', async () => {
    const { caller, calls, clock } = await setup();
    await connect(caller, [['Supported', 'timer'], ['Session-Expires', '120']]);
    const ended: string[] = [];
    calls[0]!.events.on('disconnected', (by) => ended.push(by));
    clock.advance(87_999);
    await flush();
    expect(caller.inbox.some((r) => 'method' in r.message && r.message.method === 'BYE')).toBe(false);
    clock.advance(1);
    await caller.requestOf('BYE');
    expect(ended).toEqual(['timeout']);
    expect(ua!.activeDialogs).toBe(0);
  });

  it('a re-INVITE refresh re-arms the timer and is answered with the interval again', async () => {
    const { caller, calls, clock } = await setup();
    const ok = await connect(caller, [['Supported', 'timer'], ['Session-Expires', '120']]);
    clock.advance(60_000);
    caller.send(caller.request('INVITE', 'sip:holdless@10.0.0.1:5060', headers(2, 'INVITE', [['Supported', 'timer'], ['Session-Expires', '120;refresher=uac'], ['Content-Type', 'application/sdp']], ok.to.tag), SDP));
    const refreshed = await caller.response(200, 'INVITE');
    expect(refreshed.headers.get('session-expires')).toBe('120;refresher=uac');
    expect(refreshed.body.toString()).toBe(SDP);
    caller.send(caller.request('ACK', 'sip:holdless@10.0.0.1:5060', headers(2, 'ACK', [], ok.to.tag)));
    clock.advance(60_000); // 120 s after the start, 60 s after the refresh: still alive
    await flush();
    expect(calls[0]!.state).toBe('connected');
    clock.advance(28_000);
    await caller.requestOf('BYE');
  });

  it('an UPDATE without a body refreshes too and is answered without one (RFC 3311 §5.2)', async () => {
    const { caller, calls, clock } = await setup();
    const ok = await connect(caller, [['Supported', 'timer'], ['Session-Expires', '120']]);
    clock.advance(60_000);
    caller.send(caller.request('UPDATE', 'sip:holdless@10.0.0.1:5060', headers(2, 'UPDATE', [['Supported', 'timer'], ['Session-Expires', '120;refresher=uac']], ok.to.tag)));
    const res = await caller.response(200, 'UPDATE');
    expect(res.body.length).toBe(0);
    expect(res.headers.has('content-type')).toBe(false);
    clock.advance(80_000);
    await flush();
    expect(calls[0]!.state).toBe('connected');
  });

  it('a UAC that asks us to refresh (refresher=uas) gets re-INVITEs at half the interval (UPDATE when it allows one)', async () => {
    const { caller, clock } = await setup();
    const ok = await connect(caller, [['Supported', 'timer'], ['Session-Expires', '200;refresher=uas'], ['Allow', 'INVITE, ACK, BYE, CANCEL, UPDATE']]);
    expect(ok.headers.get('session-expires')).toBe('200;refresher=uas');
    expect(ok.headers.has('require')).toBe(false);
    clock.advance(100_000);
    const update = (await caller.requestOf('UPDATE'));
    expect(update.headers.get('session-expires')).toBe('200;refresher=uac');
    expect(update.body.length).toBe(0);
    caller.respond(update, 200, [['Session-Expires', '200;refresher=uac'], ['Require', 'timer']], undefined, ok.from.tag);
    await flush();
    clock.advance(100_000);
    await caller.requestOf('UPDATE');
  });

  it('a refresh answered 481 ends the call with BYE (RFC 4028 §10)', async () => {
    const { caller, calls, clock } = await setup();
    await connect(caller, [['Supported', 'timer'], ['Session-Expires', '200;refresher=uas']]);
    const ended: string[] = [];
    calls[0]!.events.on('disconnected', (by) => ended.push(by));
    clock.advance(100_000);
    const reinvite = await caller.requestOf('INVITE');
    expect(reinvite.body.toString()).toBe(SDP);
    caller.respond(reinvite, 481);
    await caller.requestOf('BYE');
    expect(ended).toEqual(['timeout']);
  });

  it('a UAC without timer support gets no Session-Expires and no timer', async () => {
    const { caller, calls, clock } = await setup();
    const ok = await connect(caller, [['Session-Expires', '120']]);
    expect(ok.headers.has('session-expires')).toBe(false);
    clock.advance(3_600_000);
    await flush();
    expect(calls[0]!.state).toBe('connected');
  });
});
