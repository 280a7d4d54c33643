import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import type { InboundCall } from '../../src/sip/ua/inbound-call.js';
import { UserAgent } from '../../src/sip/ua/user-agent.js';
import { hasPeer } from '../support/peers.js';
import { runSipp, startSipp } from '../support/sipp.js';

const SCENARIOS = new URL('../sipp/', import.meta.url).pathname;
const SDP = 'v=0\r\no=holdless 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n';

function waitFor<T>(register: (resolve: (v: T) => void) => void, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('event did not happen in time')), timeoutMs);
    register((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

describe.skipIf(!hasPeer('sipp'))('calls against SIPp (needs sipp)', () => {
  let ua: UserAgent | undefined;
  afterEach(async () => {
    await ua?.stop();
    ua = undefined;
  });

  async function startUa(onInvite?: (call: InboundCall) => void) {
    ua = await UserAgent.start({ listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], clock: systemClock, rng: systemRng, onInvite });
    return ua;
  }

  it('inbound: holdless answers and then hangs up with BYE; SIPp answers the BYE', async () => {
    const ended: string[] = [];
    const agent = await startUa((call) => {
      call.ringing();
      call.answer(SDP);
      call.events.on('disconnected', (by) => ended.push(by));
      // Hang up once the caller has had the answer (its ACK arrives at once on loopback).
      setTimeout(() => call.hangup(), 300);
    });
    const r = await runSipp(['-sf', `${SCENARIOS}uac-wait-bye.xml`, `127.0.0.1:${agent.stack.localAddress('udp').port}`, '-m', '3', '-r', '10', '-timeout', '20s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    expect(ended).toEqual(['local', 'local', 'local']);
    expect(agent.activeDialogs).toBe(0);
  });

  it('inbound: the caller cancels while it rings; holdless answers 200 to CANCEL and 487 to the INVITE', async () => {
    const failed: number[] = [];
    const agent = await startUa((call) => {
      call.ringing();
      call.events.on('failed', (code) => failed.push(code));
    });
    const r = await runSipp(['-sf', `${SCENARIOS}uac-cancel.xml`, `127.0.0.1:${agent.stack.localAddress('udp').port}`, '-m', '3', '-r', '10', '-timeout', '20s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    expect(failed).toEqual([487, 487, 487]);
  });

  it('inbound: BYE from the caller ends the call on our side', async () => {
    const ended: string[] = [];
    const agent = await startUa((call) => {
      call.answer(SDP);
      call.events.on('disconnected', (by) => ended.push(by));
    });
    const r = await runSipp(['-sn', 'uac', `127.0.0.1:${agent.stack.localAddress('udp').port}`, '-m', '2', '-r', '10', '-d', '200', '-timeout', '20s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    expect(ended).toEqual(['remote', 'remote']);
  });

  it('outbound: SIPp answers; holdless ACKs, gets the SDP answer, and hangs up with BYE', async () => {
    const agent = await startUa();
    const sipp = await startSipp(['-sn', 'uas', '-m', '1', '-timeout', '20s', '-timeout_error']);
    const call = agent.call({ to: `sip:service@127.0.0.1:${sipp.port}`, target: { transport: 'udp', address: '127.0.0.1', port: sipp.port }, from: '<sip:+18005550100@127.0.0.1>', sdp: SDP });
    const sdp = await waitFor<string>((done) => call.events.on('connected', done));
    expect(sdp).toContain('m=audio');
    call.hangup();
    const r = await sipp.done;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  });

  it.each([
    [486, 486],
    [603, 603],
    [404, 404],
    [480, 480],
  ])('outbound: SIPp refuses with %i; the call fails with VoxEngine code %i after ringing', async (status, code) => {
    const agent = await startUa();
    // SIPp reads status lines when it loads a scenario, so the status is written into a copy of the template.
    const scenario = join(mkdtempSync(join(tmpdir(), 'sipp-')), 'uas-status.xml');
    writeFileSync(scenario, readFileSync(`${SCENARIOS}uas-status.xml.template`, 'utf8').replaceAll('@STATUS@', String(status)));
    const sipp = await startSipp(['-sf', scenario, '-m', '1', '-timeout', '20s', '-timeout_error']);
    const call = agent.call({ to: `sip:service@127.0.0.1:${sipp.port}`, target: { transport: 'udp', address: '127.0.0.1', port: sipp.port }, from: '<sip:+18005550100@127.0.0.1>', sdp: SDP });
    let rang = false;
    call.events.on('ringing', () => (rang = true));
    const [failedCode] = await waitFor<[number, string]>((done) => call.events.on('failed', (c, reason) => done([c, reason])));
    expect(rang).toBe(true);
    expect(failedCode).toBe(code);
    const r = await sipp.done;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  });

  it('outbound: nobody answers; holdless cancels after ringing and the call fails with 487', async () => {
    const agent = await startUa();
    const sipp = await startSipp(['-sf', `${SCENARIOS}uas-ring-until-cancel.xml`, '-m', '1', '-timeout', '20s', '-timeout_error']);
    const call = agent.call({ to: `sip:service@127.0.0.1:${sipp.port}`, target: { transport: 'udp', address: '127.0.0.1', port: sipp.port }, from: '<sip:+18005550100@127.0.0.1>', sdp: SDP });
    await waitFor<void>((done) => call.events.on('ringing', done));
    call.cancel();
    const [failedCode] = await waitFor<[number, string]>((done) => call.events.on('failed', (c, reason) => done([c, reason])));
    expect(failedCode).toBe(487);
    const r = await sipp.done;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  });
});
