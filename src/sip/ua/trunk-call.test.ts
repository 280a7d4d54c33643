import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { SequenceRng } from '../../lib/rng.js';
import { DigestServer } from '../auth/index.js';
import type { SipRequest } from '../message/index.js';
import { UnknownTrunkError } from '../trunk/trunk-errors.js';
import type { UserAgent } from './user-agent.js';
import { flush, Peer, SDP, startUa } from './ua-harness.test-support.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

const TRUNK = { name: 'carrier', address: '192.0.2.1:5060', allowedSources: ['192.0.2.1'], username: 'acct', password: 'trunk-pass', callerId: '+18005550100' };

async function setup() {
  const s = await startUa({ keepAlive: false, trunks: [TRUNK] });
  ua = s.ua;
  const carrier = new Peer(s.network, '192.0.2.1', 5060);
  const digest = new DigestServer({ realm: 'carrier.example', secret: 'carrier-secret-0123456789', lookup: (u) => (u === 'acct' ? 'trunk-pass' : undefined), clock: new FakeClock(), rng: new SequenceRng('c') });
  return { ...s, carrier, digest };
}

describe('calls out through a trunk', () => {
  it('sends the INVITE to the trunk address with the caller ID in From', async () => {
    const { carrier } = await setup();
    const call = ua!.callTrunk('carrier', '+14155550123', { sdp: SDP });
    const invite = await carrier.requestOf('INVITE');
    expect(invite.requestUriText).toBe('sip:+14155550123@192.0.2.1:5060');
    expect(invite.from.uri.toString()).toBe('sip:+18005550100@10.0.0.1');
    expect(call.destination).toEqual({ kind: 'trunk', trunk: 'carrier', trunkState: 'unknown' });
    carrier.respond(invite, 200, [['Contact', `<sip:gw@${carrier.hostport}>`], ['Content-Type', 'application/sdp']], SDP);
    await carrier.requestOf('ACK');
    expect(call.state).toBe('connected');
  });

  it('a callerId option overrides the trunk caller ID', async () => {
    const { carrier } = await setup();
    ua!.callTrunk('carrier', '100', { sdp: SDP, callerId: '+15550001111', displayName: 'Sales' });
    const invite = await carrier.requestOf('INVITE');
    expect(invite.headers.get('from')).toMatch(/^Sales <sip:\+15550001111@10\.0\.0\.1>;tag=/);
  });

  it('§22.2: a 407 is answered once: same Call-ID and From tag, next CSeq, Proxy-Authorization; then the call connects', async () => {
    const { carrier, digest } = await setup();
    const call = ua!.callTrunk('carrier', '+14155550123', { sdp: SDP });
    const first = await carrier.requestOf('INVITE');
    carrier.respond(first, 407, digest.challenge().map((c) => ['Proxy-Authenticate', c] as [string, string]));
    await carrier.requestOf('ACK'); // the INVITE client transaction ACKs the 407 (§17.1.1.3)
    const second = await carrier.requestOf('INVITE');
    expect(second.callId).toBe(first.callId);
    expect(second.from.tag).toBe(first.from.tag);
    expect(second.cseq.seq).toBe(first.cseq.seq + 1);
    expect(second.via.branch).not.toBe(first.via.branch);
    const verdict = await digest.verify(second.headers.getAll('proxy-authorization'), { method: 'INVITE', uri: second.requestUriText });
    expect(verdict).toMatchObject({ ok: true, username: 'acct' });
    carrier.respond(second, 200, [['Contact', `<sip:gw@${carrier.hostport}>`], ['Content-Type', 'application/sdp']], SDP);
    const ack = await carrier.requestOf('ACK');
    expect(ack.cseq.seq).toBe(second.cseq.seq);
    expect(call.state).toBe('connected');
  });

  it('a 401 is answered with Authorization (WWW-Authenticate → Authorization)', async () => {
    const { carrier, digest } = await setup();
    ua!.callTrunk('carrier', '1', { sdp: SDP });
    const first = await carrier.requestOf('INVITE');
    carrier.respond(first, 401, digest.challenge().map((c) => ['WWW-Authenticate', c] as [string, string]));
    const second = await carrier.requestOf('INVITE');
    expect(second.headers.has('authorization')).toBe(true);
    expect(second.headers.has('proxy-authorization')).toBe(false);
  });

  it('a second challenge means the credentials were refused: the call fails with VoxEngine code 603', async () => {
    const { carrier, digest } = await setup();
    const call = ua!.callTrunk('carrier', '1', { sdp: SDP });
    const failed: number[] = [];
    call.events.on('failed', (code) => failed.push(code));
    let invite: SipRequest = await carrier.requestOf('INVITE');
    carrier.respond(invite, 407, digest.challenge().map((c) => ['Proxy-Authenticate', c] as [string, string]));
    invite = await carrier.requestOf('INVITE');
    carrier.respond(invite, 407, digest.challenge().map((c) => ['Proxy-Authenticate', c] as [string, string]));
    await flush();
    expect(failed).toEqual([603]);
    expect(carrier.inbox.filter((r) => 'method' in r.message && r.message.method === 'INVITE')).toHaveLength(0);
  });

  it('a trunk without credentials fails a challenged call with 603 at once', async () => {
    const s = await startUa({ keepAlive: false, trunks: [{ ...TRUNK, username: undefined, password: undefined }] });
    ua = s.ua;
    const carrier = new Peer(s.network, '192.0.2.1', 5060);
    const call = ua.callTrunk('carrier', '1', { sdp: SDP });
    const failed: number[] = [];
    call.events.on('failed', (code) => failed.push(code));
    carrier.respond(await carrier.requestOf('INVITE'), 407, [['Proxy-Authenticate', 'Digest realm="x", nonce="n", algorithm=MD5, qop="auth"']]);
    await flush();
    expect(failed).toEqual([603]);
  });

  it('cancelling while a challenge is on its way fails the call with 487 and sends no second INVITE', async () => {
    const { carrier, digest } = await setup();
    const call = ua!.callTrunk('carrier', '1', { sdp: SDP });
    const failed: number[] = [];
    call.events.on('failed', (code) => failed.push(code));
    const invite = await carrier.requestOf('INVITE');
    call.cancel();
    carrier.respond(invite, 407, digest.challenge().map((c) => ['Proxy-Authenticate', c] as [string, string]));
    await flush();
    expect(failed).toEqual([487]);
  });

  it('an unknown trunk name is a typed error', async () => {
    await setup();
    expect(() => ua!.callTrunk('nope', '1', { sdp: SDP })).toThrow(UnknownTrunkError);
  });

  it('a trunk retransmitting its 200 after our ACK gets the ACK again', async () => {
    const { carrier, clock } = await setup();
    ua!.callTrunk('carrier', '1', { sdp: SDP });
    const invite = await carrier.requestOf('INVITE');
    carrier.respond(invite, 200, [['Contact', `<sip:gw@${carrier.hostport}>`], ['Content-Type', 'application/sdp']], SDP);
    await carrier.requestOf('ACK');
    clock.advance(40_000); // the INVITE transaction is gone (Timer M); the 2xx now reaches the UA core
    carrier.respond(invite, 200, [['Contact', `<sip:gw@${carrier.hostport}>`], ['Content-Type', 'application/sdp']], SDP);
    await carrier.requestOf('ACK');
  });
});
