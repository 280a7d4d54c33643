import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import type { InboundCall } from '../../src/sip/ua/inbound-call.js';
import { UserAgent } from '../../src/sip/ua/user-agent.js';
import { startBaresip, type Baresip } from '../support/baresip.js';
import { hasPeer } from '../support/peers.js';

const SDP = 'v=0\r\no=holdless 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n';
const PASSWORDS: Record<string, string> = { alice: 'alice-secret' };

function waitFor<T>(register: (resolve: (v: T) => void) => void, timeoutMs = 15_000, what = 'event'): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not happen in ${timeoutMs} ms`)), timeoutMs);
    register((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

describe.skipIf(!hasPeer('baresip'))('a real softphone: baresip (needs baresip)', () => {
  let ua: UserAgent | undefined;
  let phone: Baresip | undefined;
  afterEach(async () => {
    await phone?.stop();
    phone = undefined;
    await ua?.stop();
    ua = undefined;
  });

  /**
   * holdless with operator alice, and baresip registering as alice. baresip 1.0 (libre) fails a REGISTER whose 401
   * carries any SHA-256 challenge ("Function not implemented"), so this registrar offers MD5 only (docs/sip.md).
   */
  async function start(answermode: 'auto' | 'manual', onInvite?: (call: InboundCall) => void) {
    ua = await UserAgent.start({
      listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
      clock: systemClock,
      rng: systemRng,
      operators: { lookup: (u) => PASSWORDS[u], algorithms: ['MD5'] },
      ...(onInvite ? { onInvite } : {}),
    });
    const agent = ua;
    const registered = waitFor<void>((done) => agent.events.on('registered', (u) => u === 'alice' && done()), 15_000, 'registration');
    phone = await startBaresip({ user: 'alice', password: 'alice-secret', registrarPort: agent.stack.localAddress('udp').port, answermode });
    await registered;
    return { agent, phone };
  }

  it('registers with digest auth: the binding keeps the flow baresip registered from', async () => {
    const { agent, phone } = await start('manual');
    const [binding] = agent.locations.lookup('alice');
    expect(binding).toBeDefined();
    expect(binding!.source).toMatchObject({ transport: 'udp', address: '127.0.0.1', port: phone.sipPort });
    expect(binding!.contact).toContain('@127.0.0.1:');
  });

  it('baresip places a call to holdless, authenticated as alice; holdless answers, baresip hangs up', async () => {
    const calls: InboundCall[] = [];
    const ended: string[] = [];
    const { agent, phone } = await start('manual', (call) => {
      calls.push(call);
      call.events.on('disconnected', (by) => ended.push(by));
      call.ringing();
      call.answer(SDP);
    });
    const port = agent.stack.localAddress('udp').port;
    expect((await phone.command('dial', `sip:100@127.0.0.1:${port}`)).ok).toBe(true);
    await phone.waitForEvent((e) => e.type === 'CALL_ESTABLISHED');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.username).toBe('alice');
    expect(calls[0]!.origin).toEqual({ kind: 'user', username: 'alice' });
    const disconnected = waitFor<void>((done) => calls[0]!.events.on('disconnected', () => done()));
    await phone.command('hangup');
    await disconnected;
    expect(ended).toEqual(['remote']);
    expect(agent.activeDialogs).toBe(0);
  });

  it('holdless calls the registered baresip (answermode=auto) through the location service; it answers; holdless hangs up', async () => {
    const { agent, phone } = await start('auto');
    const call = agent.callUser('alice', { sdp: SDP });
    expect(call.destination).toMatchObject({ kind: 'user', username: 'alice' });
    const answer = await waitFor<string>((done) => call.events.on('connected', done));
    expect(answer).toContain('m=audio');
    await phone.waitForEvent((e) => e.type === 'CALL_ESTABLISHED');
    call.hangup();
    await phone.waitForEvent((e) => e.type === 'CALL_CLOSED');
    expect(agent.activeDialogs).toBe(0);
  });

  it('the registered contact answers the OPTIONS keep-alive: it is up', async () => {
    const { agent } = await start('manual');
    const [binding] = agent.locations.lookup('alice');
    if (agent.contactState('alice', binding!.key) !== 'up') {
      await waitFor<void>((done) => agent.events.on('contactState', (_u, _c, s) => s === 'up' && done()));
    }
    expect(agent.reachableContacts('alice')).toHaveLength(1);
  });
});
