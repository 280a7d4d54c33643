import { afterEach, describe, expect, it } from 'vitest';
import type { UserAgent } from './user-agent.js';
import { Peer, startUa } from './ua-harness.test-support.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

async function setup() {
  const s = await startUa({ keepAlive: false });
  ua = s.ua;
  return new Peer(s.network);
}

function req(peer: Peer, method: string, extra: Array<[string, string]> = []) {
  return peer.request(method, 'sip:10.0.0.1', [['From', '<sip:a@x>;tag=a'], ['To', '<sip:10.0.0.1>'], ['Call-ID', `m-${method}`], ['CSeq', `1 ${method}`], ...extra]);
}

describe('user agent core: what it refuses (RFC 3261 §8.2)', () => {
  it('§8.2.1: an unknown method gets 501; a known one we do not serve gets 405 with Allow', async () => {
    const peer = await setup();
    peer.send(req(peer, 'FROBNICATE'));
    await peer.response(501);
    peer.send(req(peer, 'SUBSCRIBE'));
    const res = await peer.response(405);
    expect(res.headers.get('allow')).toContain('INVITE');
  });

  it('§16.3 / §8.2.2: Max-Forwards 0 on a request other than OPTIONS gets 483', async () => {
    const peer = await setup();
    const invite = req(peer, 'INVITE', [['Contact', '<sip:a@10.0.0.2:5062>']]);
    invite.headers.set('Max-Forwards', '0');
    peer.send(invite);
    await peer.response(483);
  });

  it('§11.2: OPTIONS outside a dialog gets 200 with Allow, Accept and Supported: timer', async () => {
    const peer = await setup();
    peer.send(req(peer, 'OPTIONS'));
    const res = await peer.response(200);
    expect(res.headers.get('allow')).toContain('REGISTER');
    expect(res.headers.get('accept')).toBe('application/sdp');
    expect(res.headers.get('supported')).toBe('timer');
  });

  it('§12.2.2: a request for a dialog that does not exist gets 481', async () => {
    const peer = await setup();
    const bye = req(peer, 'BYE');
    bye.headers.set('To', '<sip:10.0.0.1>;tag=gone');
    peer.send(bye);
    await peer.response(481);
  });
});
