/**
 * The whole product on loopback for end-to-end tests: a holdless server process (the real CLI) with a test config,
 * SIPp playing the carrier (customers calling in, and answering callbacks), baresip as an operator's SIP phone, and
 * RTP sockets playing the customers' ears and mouths.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAudio } from '../../src/media/sources/audio-loader.js';
import { encodeUlaw } from '../../src/media/codecs/g711.js';
import { FRAME_SAMPLES } from '../../src/media/audio-frame.js';
import { apiClient, startServerProcess, type ServerProcess, writeConfig } from './server-process.js';
import { freePort, freePortBlock, runSipp, startSipp, type RunningSipp, type SippResult } from './sipp.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TRUNK_CALLER_ID = '+15550100';

export interface E2eOptions {
  /** The trunk's port: where SIPp answers callbacks (start that SIPp first). */
  trunkPort: number;
  /** Extra YAML for the queue (indented under the queue mapping), e.g. `callback: {maxAttempts: 2}`. */
  queueExtra?: string;
  operators?: Array<{ username: string; password: string }>;
  dataDir: string;
  /** Extra rules (YAML list items). */
  extraRules?: string;
}

export interface E2eServer {
  server: ServerProcess;
  sipPort: number;
  api: ReturnType<typeof apiClient>;
}

export async function startE2eServer(o: E2eOptions): Promise<E2eServer> {
  const sipPort = await freePort();
  const block = await freePortBlock(66);
  const rtp = block + (block % 2); // RTP takes the even port
  const operators = o.operators ?? [{ username: 'alice', password: 'alice-e2e-pass' }];
  const yaml = `
server: { logLevel: info }
sip:
  listen: [{ transport: udp, host: 127.0.0.1, port: ${sipPort} }]
  keepAliveSeconds: 0
  digestAlgorithms: [MD5] # baresip 1.0 cannot answer a SHA-256 challenge
trunks:
  - { name: carrier, address: '127.0.0.1:${o.trunkPort}', allowedSources: [127.0.0.1], callerId: '${TRUNK_CALLER_ID}' }
queues:
  - name: MainQueue
    averageServiceTime: 60
    ringTimeout: 15
    wrapUpTime: 2
${o.queueExtra ? o.queueExtra.replace(/^/gm, '    ') : ''}
operators:
${operators.map((op) => `  - { username: ${op.username}, password: ${op.password}, queues: [MainQueue] }`).join('\n')}
rules:
  - { name: inbound, pattern: '.*', scenario: '${join(ROOT, 'scenarios/callback-queue.js')}' }
  - { name: web-callback, scenario: '${join(ROOT, 'scenarios/web-callback.js')}' }
${o.extraRules ?? ''}
media:
  rtpHost: 127.0.0.1
  rtpPorts: { min: ${rtp}, max: ${rtp + 63} }
`;
  const configFile = writeConfig(o.dataDir, yaml);
  const server = await startServerProcess({ configFile, dataDir: o.dataDir, env: { HOLDLESS_SIP_PORT: String(sipPort), HOLDLESS_LOG_LEVEL: 'info' } });
  return { server, sipPort, api: apiClient(server.url, server.adminToken) };
}

function fill(template: string, values: Record<string, string | number>): string {
  let text = readFileSync(join(ROOT, 'test/sipp', template), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`{{${k}}}`, String(v));
  return text;
}

/** A customer calling the contact center (SIPp UAC); resolves when SIPp exits (after holdless hung up). */
export function customerCalls(dir: string, sipPort: number, o: { caller: string; dialed: string; mediaPort: number; byeTimeoutMs?: number }): Promise<SippResult> {
  const file = join(dir, `customer-calls-${o.mediaPort}.xml`);
  writeFileSync(file, fill('e2e-customer-calls.xml.template', { CALLER: o.caller, MEDIA_PORT: o.mediaPort, BYE_TIMEOUT_MS: o.byeTimeoutMs ?? 60_000 }));
  return runSipp(['-sf', file, '-s', o.dialed, '-m', '1', '-timeout', '120', '-timeout_error', `127.0.0.1:${sipPort}`], 130_000);
}

/** The carrier answering holdless's callback to `number` (SIPp UAS); checks the caller ID holdless presents. */
export async function customerAnswers(dir: string, o: { number: string; mediaPort: number; byeTimeoutMs?: number }): Promise<RunningSipp> {
  const file = join(dir, `customer-answers-${o.mediaPort}.xml`);
  const re = (s: string): string => s.replace(/[+.*?^$()[\]{}|\\]/g, '\\$&');
  writeFileSync(
    file,
    fill('e2e-customer-answers.xml.template', {
      NUMBER: o.number,
      NUMBER_RE: re(o.number),
      CALLER_ID: TRUNK_CALLER_ID,
      CALLER_ID_RE: re(TRUNK_CALLER_ID),
      MEDIA_PORT: o.mediaPort,
      BYE_TIMEOUT_MS: o.byeTimeoutMs ?? 60_000,
    }),
  );
  return startSipp(['-sf', file, '-m', '1', '-timeout', '150', '-timeout_error'], 160_000);
}

/** The shipped hold music as the server plays it: 8 kHz, 20 ms frames encoded to µ-law. */
export async function holdMusicFrames(count: number): Promise<Uint8Array[]> {
  const pcm = await loadAudio(join(ROOT, 'media/hold-music.wav'));
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count && (i + 1) * FRAME_SAMPLES <= pcm.length; i++) {
    const out = new Uint8Array(FRAME_SAMPLES);
    encodeUlaw(pcm.subarray(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES), out);
    frames.push(out);
  }
  return frames;
}

/** Polls `probe` until it returns a value (not undefined) or the timeout passes. For state kept behind an API. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
