import { afterEach, describe, expect, it } from 'vitest';
import type { UserAgent } from './user-agent.js';
import type { InboundCall } from './inbound-call.js';
import { answerChallenge, Peer, register, SDP, startUa } from './ua-harness.test-support.js';
import { UserNotReachableError } from './ua-errors.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

describe('calling an operator at their registered phone', () => {
  it('the INVITE goes to the flow the REGISTER came on (NAT), Request-URI = contact, To = address of record', async () => {
    const s = await startUa({ keepAlive: false });
    ua = s.ua;
    const phone = new Peer(s.network, '10.0.0.2', 5062);
    // Behind NAT: the Contact names the private address, unreachable from us.
    await register(phone, 'alice', '<sip:alice@192.168.1.50:5060;transport=udp>');
    const call = ua.callUser('alice', { sdp: SDP });
    expect(call.destination).toMatchObject({ kind: 'user', username: 'alice' });
    const invite = await phone.requestOf('INVITE');
    expect(invite.requestUriText).toBe('sip:alice@192.168.1.50:5060;transport=udp');
    expect(invite.to.uri.toString()).toBe('sip:alice@10.0.0.1');
    phone.respond(invite, 200, [['Contact', '<sip:alice@192.168.1.50:5060>'], ['Content-Type', 'application/sdp']], SDP);
    await phone.requestOf('ACK');
    // In-dialog requests use the flow too, not the Contact of the 2xx.
    call.hangup();
    const bye = await phone.requestOf('BYE');
    expect(bye.requestUriText).toBe('sip:alice@192.168.1.50:5060');
  });

  it('an operator with no registration is a typed error', async () => {
    const s = await startUa({ keepAlive: false });
    ua = s.ua;
    expect(() => ua!.callUser('bob', { sdp: SDP })).toThrow(UserNotReachableError);
    try {
      ua.callUser('bob', { sdp: SDP });
    } catch (e) {
      expect((e as UserNotReachableError).reason).toBe('not-registered');
    }
  });

  it('an inbound call from an authenticated phone sends its in-dialog requests back to the source flow', async () => {
    const calls: InboundCall[] = [];
    const s = await startUa({ keepAlive: false, onInvite: (c) => (calls.push(c), c.answer(SDP)) });
    ua = s.ua;
    const phone = new Peer(s.network);
    const headers = (cseq: number, extra: Array<[string, string]> = []): Array<[string, string]> => [
      ['From', '<sip:alice@10.0.0.1>;tag=a'],
      ['To', '<sip:100@10.0.0.1>'],
      ['Call-ID', 'out-1'],
      ['CSeq', `${cseq} INVITE`],
      ['Contact', '<sip:alice@192.168.1.50:5060>'],
      ['Content-Type', 'application/sdp'],
      ...extra,
    ];
    const first = phone.request('INVITE', 'sip:100@10.0.0.1', headers(1), SDP);
    phone.send(first);
    const challenge = await phone.response(401, 'INVITE');
    phone.send(phone.request('INVITE', 'sip:100@10.0.0.1', headers(2, [['Authorization', answerChallenge(challenge, first, 'alice')]]), SDP));
    const ok = await phone.response(200, 'INVITE');
    phone.send(phone.request('ACK', 'sip:holdless@10.0.0.1:5060', [['From', '<sip:alice@10.0.0.1>;tag=a'], ['To', ok.headers.get('to')!], ['Call-ID', 'out-1'], ['CSeq', '2 ACK']]));
    expect(ua.activeDialogs).toBe(1);
    calls[0]!.hangup();
    // Reached at 10.0.0.2:5062 (the Peer only hears what is sent there), though the Contact says 192.168.1.50.
    const bye = await phone.requestOf('BYE');
    expect(bye.requestUriText).toBe('sip:alice@192.168.1.50:5060');
  });
});
