import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import type { InboundCall } from '../../src/sip/ua/inbound-call.js';
import { UserAgent } from '../../src/sip/ua/user-agent.js';
import type { UserAgentOptions } from '../../src/sip/ua/user-agent-options.js';
import { hasPeer } from '../support/peers.js';
import { runSipp } from '../support/sipp.js';

const SCENARIOS = new URL('../sipp/', import.meta.url).pathname;
const PASSWORDS: Record<string, string> = { alice: 'alice-secret' };

/** A copy of a SIPp scenario template with its placeholders filled in (SIPp reads status lines at load time). */
function fromTemplate(name: string, values: Record<string, string>): string {
  let text = readFileSync(join(SCENARIOS, name), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`@${k}@`, v);
  const file = join(mkdtempSync(join(tmpdir(), 'sipp-')), name.replace('.template', ''));
  writeFileSync(file, text);
  return file;
}

describe.skipIf(!hasPeer('sipp'))('registrar, OPTIONS and inbound policy against SIPp (needs sipp)', () => {
  let ua: UserAgent | undefined;
  afterEach(async () => {
    await ua?.stop();
    ua = undefined;
  });

  async function startUa(options: Partial<UserAgentOptions>): Promise<number> {
    ua = await UserAgent.start({ listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], clock: systemClock, rng: systemRng, keepAlive: false, ...options });
    return ua.stack.localAddress('udp').port;
  }

  it('SIPp registers with digest auth (401, then credentials), is bound, then un-registers with Contact: * and Expires: 0', async () => {
    // SIPp 3.6 answers only MD5 and reads only the first challenge, so this registrar offers MD5 alone (docs/sip.md).
    const port = await startUa({ operators: { lookup: (u) => PASSWORDS[u], algorithms: ['MD5'] } });
    const seen: string[] = [];
    ua!.events.on('registered', (u, b) => seen.push(`registered ${u} ${b.length}`));
    ua!.events.on('unregistered', (u, why) => seen.push(`unregistered ${u} ${why}`));
    const r = await runSipp(['-sf', `${SCENARIOS}register-digest.xml`, `127.0.0.1:${port}`, '-s', 'alice', '-au', 'alice', '-ap', 'alice-secret', '-m', '1', '-timeout', '15s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    expect(seen).toEqual(['registered alice 1', 'unregistered alice removed']);
  });

  it('SIPp with a wrong password is refused: the scenario fails at the expected 200', async () => {
    const port = await startUa({ operators: { lookup: (u) => PASSWORDS[u], algorithms: ['MD5'] } });
    const r = await runSipp(['-sf', `${SCENARIOS}register-digest.xml`, `127.0.0.1:${port}`, '-s', 'alice', '-au', 'alice', '-ap', 'wrong', '-m', '1', '-timeout', '10s', '-timeout_error']);
    expect(r.code).not.toBe(0);
    expect(ua!.locations.isRegistered('alice')).toBe(false);
  });

  it('SIPp OPTIONS gets 200 with Allow', async () => {
    const port = await startUa({ operators: { lookup: (u) => PASSWORDS[u] } });
    const r = await runSipp(['-sf', `${SCENARIOS}options.xml`, `127.0.0.1:${port}`, '-m', '3', '-timeout', '10s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  });

  it('an INVITE from a source that is no trunk gets 403 when no operators may call', async () => {
    const calls: InboundCall[] = [];
    const port = await startUa({ trunks: [{ name: 'elsewhere', address: '192.0.2.1:5060', allowedSources: ['192.0.2.0/24'] }], onInvite: (c) => calls.push(c) });
    const r = await runSipp(['-sf', fromTemplate('uac-expect-status.xml.template', { STATUS: '403' }), `127.0.0.1:${port}`, '-m', '2', '-timeout', '10s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('an INVITE without credentials from a phone gets 401 when operators may call', async () => {
    const calls: InboundCall[] = [];
    const port = await startUa({ operators: { lookup: (u) => PASSWORDS[u] }, onInvite: (c) => calls.push(c) });
    const r = await runSipp(['-sf', fromTemplate('uac-expect-status.xml.template', { STATUS: '401' }), `127.0.0.1:${port}`, '-m', '1', '-timeout', '10s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('calls from an allowed trunk source get in without digest, tagged with the trunk', async () => {
    const trunks: Array<string | undefined> = [];
    const port = await startUa({
      operators: { lookup: (u) => PASSWORDS[u] },
      trunks: [{ name: 'loopback', address: '127.0.0.1:5999', allowedSources: ['127.0.0.0/8'] }],
      onInvite: (c) => {
        trunks.push(c.trunk);
        c.answer('v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n');
      },
    });
    const r = await runSipp(['-sn', 'uac', `127.0.0.1:${port}`, '-m', '3', '-r', '10', '-d', '100', '-timeout', '15s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    expect(trunks).toEqual(['loopback', 'loopback', 'loopback']);
  });
});
