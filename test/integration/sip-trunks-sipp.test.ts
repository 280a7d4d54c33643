import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import { computeDigestResponse, computeHa1, digestAlgorithm, parseDigestCredentials } from '../../src/sip/auth/index.js';
import type { OutboundCall } from '../../src/sip/ua/outbound-call.js';
import { UserAgent } from '../../src/sip/ua/user-agent.js';
import type { UserAgentOptions } from '../../src/sip/ua/user-agent-options.js';
import { hasPeer } from '../support/peers.js';
import { startSipp } from '../support/sipp.js';

const SCENARIOS = new URL('../sipp/', import.meta.url).pathname;
const SDP = 'v=0\r\no=holdless 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

/** A copy of a SIPp scenario template with its placeholders filled in, in a fresh directory (returned too). */
function fromTemplate(name: string, values: Record<string, string>): { file: string; dir: string } {
  let text = readFileSync(join(SCENARIOS, name), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`@${k}@`, v);
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const file = join(dir, name.replace('.template', ''));
  writeFileSync(file, text);
  return { file, dir };
}

function waitFor<T>(register: (resolve: (v: T) => void) => void, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('event did not happen in time')), timeoutMs);
    register((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

/** Resolves with the call's end: `connected` (then hangs up) or `failed` with the VoxEngine code. */
function outcome(call: OutboundCall): Promise<string> {
  return waitFor<string>((done) => {
    call.events.on('connected', () => {
      done('connected');
      call.hangup();
    });
    call.events.on('failed', (code) => done(`failed ${code}`));
  });
}

describe.skipIf(!hasPeer('sipp'))('trunks against SIPp (needs sipp)', () => {
  let ua: UserAgent | undefined;
  afterEach(async () => {
    await ua?.stop();
    ua = undefined;
  });

  async function startUa(trunkPort: number, options: Partial<UserAgentOptions> = {}, password = 'trunk-pass') {
    ua = await UserAgent.start({
      listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
      clock: systemClock,
      rng: systemRng,
      keepAlive: false,
      trunks: [{ name: 'carrier', address: `127.0.0.1:${trunkPort}`, allowedSources: [], username: 'acct', password, callerId: '+18005550100' }],
      ...options,
    });
    return ua;
  }

  it('407 from the trunk: holdless ACKs, re-sends the INVITE with a valid Proxy-Authorization, and the call connects', async () => {
    const { file, dir } = fromTemplate('uas-challenge.xml.template', {
      STATUS: '407',
      CHALLENGE: 'Proxy-Authenticate',
      CREDENTIALS: 'Proxy-Authorization',
      // verifyauth reads Authorization only: here SIPp checks the header is there, the test checks the digest below.
      VERIFY: '<ereg regexp="response=" search_in="hdr" header="Proxy-Authorization:" assign_to="authvalid" />',
    });
    const log = join(dir, 'messages.log');
    const sipp = await startSipp(['-sf', file, '-m', '1', '-timeout', '20s', '-timeout_error', '-trace_msg', '-message_file', log]);
    const agent = await startUa(sipp.port);
    const call = agent.callTrunk('carrier', '+14155550123', { sdp: SDP });
    expect(await outcome(call)).toBe('connected');
    const r = await sipp.done;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    // What SIPp received: the second INVITE's Proxy-Authorization, checked against the trunk password.
    const header = /^Proxy-Authorization: (.+)$/m.exec(readFileSync(log, 'utf8'))?.[1];
    expect(header).toBeDefined();
    const creds = parseDigestCredentials(header!.trim());
    expect(creds).toMatchObject({ username: 'acct', realm: 'trunk.test', uri: `sip:+14155550123@127.0.0.1:${sipp.port}` });
    const expected = computeDigestResponse({
      algorithm: digestAlgorithm('MD5')!,
      ha1: computeHa1('MD5', 'acct', 'trunk.test', 'trunk-pass'),
      nonce: creds.nonce,
      method: 'INVITE',
      uri: creds.uri,
    });
    expect(creds.response).toBe(expected);
  });

  it('401 from the trunk: Authorization, verified by SIPp itself (verifyauth), and the call connects', async () => {
    const { file } = fromTemplate('uas-challenge.xml.template', {
      STATUS: '401',
      CHALLENGE: 'WWW-Authenticate',
      CREDENTIALS: 'Authorization',
      VERIFY: '<verifyauth assign_to="authvalid" username="acct" password="trunk-pass" />',
    });
    const sipp = await startSipp(['-sf', file, '-m', '1', '-timeout', '20s', '-timeout_error']);
    const agent = await startUa(sipp.port);
    expect(await outcome(agent.callTrunk('carrier', '+14155550123', { sdp: SDP }))).toBe('connected');
    const r = await sipp.done;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  });

  it('a wrong trunk password: SIPp refuses the credentials with 403 and the call fails with code 603', async () => {
    const { file } = fromTemplate('uas-challenge.xml.template', {
      STATUS: '401',
      CHALLENGE: 'WWW-Authenticate',
      CREDENTIALS: 'Authorization',
      VERIFY: '<verifyauth assign_to="authvalid" username="acct" password="trunk-pass" />',
    });
    const sipp = await startSipp(['-sf', file, '-m', '1', '-timeout', '20s', '-timeout_error']);
    const agent = await startUa(sipp.port, {}, 'wrong-pass');
    expect(await outcome(agent.callTrunk('carrier', '1', { sdp: SDP }))).toBe('failed 603');
    const r = await sipp.done;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  });

  it('keep-alive: the trunk is up while SIPp answers OPTIONS, and down once it stops', async () => {
    // Two OPTIONS answered, then SIPp exits. Short timers so a lost probe fails in 64·T1 = 3.2 s, not 32 s.
    const sipp = await startSipp(['-sf', `${SCENARIOS}uas-options.xml`, '-m', '2', '-timeout', '20s']);
    const states: string[] = [];
    const agent = await startUa(sipp.port, { keepAlive: { intervalSeconds: 1, failuresBeforeDown: 1 }, timers: { T1: 50, T2: 400, T4: 500 } });
    agent.events.on('trunkState', (_t, s) => states.push(s));
    await waitFor<void>((done) => agent.events.on('trunkState', (_t, s) => s === 'up' && done()));
    expect(agent.trunkState('carrier')).toBe('up');
    await sipp.done;
    await waitFor<void>((done) => agent.events.on('trunkState', (_t, s) => s === 'down' && done()), 15_000);
    expect(states).toEqual(['up', 'down']);
  });
});
