import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest } from '../message/index.js';
import type { InboundCall } from './inbound-call.js';
import type { UserAgent } from './user-agent.js';
import { answerChallenge, flush, PASSWORDS, Peer, SDP, startUa } from './ua-harness.test-support.js';
import type { UserAgentOptions } from './user-agent-options.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

async function setup(options: Partial<UserAgentOptions>) {
  const calls: InboundCall[] = [];
  const s = await startUa({ keepAlive: false, onInvite: (c) => calls.push(c), ...options });
  ua = s.ua;
  return { ...s, calls };
}

function invite(peer: Peer, user: string, cseq = 1, extra: Array<[string, string]> = []): SipRequest {
  return peer.request(
    'INVITE',
    'sip:service@10.0.0.1',
    [
      ['From', `<sip:${user}@10.0.0.1>;tag=caller`],
      ['To', '<sip:service@10.0.0.1>'],
      ['Call-ID', `call-${user}`],
      ['CSeq', `${cseq} INVITE`],
      ['Contact', `<sip:${user}@${peer.hostport}>`],
      ['Content-Type', 'application/sdp'],
      ...extra,
    ],
    SDP,
  );
}

const TRUNK = { name: 'carrier', address: '192.0.2.1:5060', allowedSources: ['192.0.2.0/24'] };

describe('who may call in (docs/sip.md)', () => {
  it('an INVITE from a phone gets 401 (RFC 3261 §22.1), then reaches onInvite with the authenticated username', async () => {
    const { network, calls } = await setup({ trunks: [TRUNK] });
    const phone = new Peer(network);
    const first = invite(phone, 'alice');
    phone.send(first);
    const challenge = await phone.response(401, 'INVITE');
    expect(challenge.to.tag).toBeDefined();
    // The INVITE client transaction of the phone ACKs the 401; the stack absorbs it.
    expect(calls).toHaveLength(0);
    phone.send(invite(phone, 'alice', 2, [['Authorization', answerChallenge(challenge, first, 'alice')]]));
    await flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.username).toBe('alice');
    expect(calls[0]!.origin).toEqual({ kind: 'user', username: 'alice' });
    calls[0]!.answer(SDP);
    await phone.response(200, 'INVITE');
  });

  it('an INVITE from an allowed source of a trunk is accepted without digest and tagged with the trunk', async () => {
    const { network, calls } = await setup({ trunks: [TRUNK] });
    const carrier = new Peer(network, '192.0.2.9', 5060);
    carrier.send(invite(carrier, '+14155550123'));
    await flush();
    expect(calls.map((c) => c.trunk)).toEqual(['carrier']);
    expect(calls[0]!.origin).toEqual({ kind: 'trunk', trunk: 'carrier' });
  });

  it('with trunks but no operators, an INVITE from elsewhere gets 403 and never reaches onInvite', async () => {
    const { network, calls } = await setup({ trunks: [TRUNK], operators: undefined });
    const stranger = new Peer(network, '198.51.100.4', 5060);
    stranger.send(invite(stranger, 'eve'));
    await stranger.response(403, 'INVITE');
    expect(calls).toHaveLength(0);
  });

  it('with authenticateInvites false, an INVITE that is not from a trunk gets 403 even though operators exist', async () => {
    const { network, calls } = await setup({ trunks: [TRUNK], authenticateInvites: false });
    const phone = new Peer(network);
    phone.send(invite(phone, 'alice'));
    await phone.response(403, 'INVITE');
    expect(calls).toHaveLength(0);
  });

  it('a bare user agent (no trunks, no operators) accepts calls from anywhere as anonymous', async () => {
    const { network, calls } = await setup({ operators: undefined });
    const anyone = new Peer(network, '203.0.113.50', 5060);
    anyone.send(invite(anyone, 'x'));
    await flush();
    expect(calls.map((c) => c.origin)).toEqual([{ kind: 'anonymous' }]);
  });

  it('a CANCEL while the credentials are checked ends the INVITE with 487 (RFC 3261 §9.2)', async () => {
    // A password store that answers when the test says so (a slow database).
    let holding = false;
    const waiting: Array<() => void> = [];
    const lookup = (u: string) =>
      holding ? new Promise<string | undefined>((r) => waiting.push(() => r(u === 'alice' ? 'alice-secret' : undefined))) : u === 'alice' ? 'alice-secret' : undefined;
    const { network, calls } = await setup({ operators: { lookup } });
    const phone = new Peer(network);
    const first = invite(phone, 'alice');
    phone.send(first);
    const challenge = await phone.response(401, 'INVITE');
    const second = invite(phone, 'alice', 2, [['Authorization', answerChallenge(challenge, first, 'alice')]]);
    holding = true;
    phone.send(second);
    const cancel = phone.request('CANCEL', 'sip:service@10.0.0.1', [
      ['From', second.headers.get('from')!],
      ['To', second.headers.get('to')!],
      ['Call-ID', second.callId],
      ['CSeq', '2 CANCEL'],
    ]);
    cancel.headers.set('Via', second.headers.get('via')!);
    phone.send(cancel);
    await phone.response(200, 'CANCEL');
    for (const release of waiting.splice(0)) release();
    await flush();
    await phone.response(487, 'INVITE');
    expect(calls).toHaveLength(0);
  });
});

describe('cancelled while unauthenticated', () => {
  it('a CANCEL that arrives while wrong credentials are checked still gets the INVITE its 487', async () => {
    let holding = false;
    const waiting: Array<() => void> = [];
    const lookup = (u: string) => (holding ? new Promise<string | undefined>((r) => waiting.push(() => r(PASSWORDS[u]))) : PASSWORDS[u]);
    const { network, calls } = await setup({ operators: { lookup } });
    const phone = new Peer(network);
    const first = invite(phone, 'alice');
    phone.send(first);
    const challenge = await phone.response(401, 'INVITE');
    const second = invite(phone, 'alice', 2, [['Authorization', answerChallenge(challenge, first, 'alice', 'wrong')]]);
    holding = true;
    phone.send(second);
    const cancel = phone.request('CANCEL', 'sip:service@10.0.0.1', [['From', second.headers.get('from')!], ['To', second.headers.get('to')!], ['Call-ID', second.callId], ['CSeq', '2 CANCEL']]);
    cancel.headers.set('Via', second.headers.get('via')!);
    phone.send(cancel);
    await phone.response(200, 'CANCEL');
    for (const release of waiting.splice(0)) release();
    await phone.response(487, 'INVITE');
    expect(calls).toHaveLength(0);
  });
});
