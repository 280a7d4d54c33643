/**
 * The whole product on loopback for end-to-end tests: a holdless server process (the real CLI) with a test config,
 * SIPp playing the carrier (customers calling in, and answering callbacks), baresip as an operator's SIP phone, and
 * RTP sockets playing the customers' ears and mouths.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFailed } from 'vitest';
import { loadAudio } from '../../src/media/sources/audio-loader.js';
import { encodeUlaw } from '../../src/media/codecs/g711.js';
import { FRAME_SAMPLES } from '../../src/media/audio-frame.js';
import type { Baresip } from './baresip.js';
import { EventStream } from './event-stream.js';
import type { RtpPeer } from './rtp-peer.js';
import { apiClient, startServerProcess, type ServerProcess, writeConfig } from './server-process.js';
import { freePort, freePortBlock, runSipp, startSipp, type RunningSipp, type SippResult } from './sipp.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TRUNK_CALLER_ID = '+15550100';

export interface E2eOptions {
  /** The trunk's port: where SIPp answers callbacks (start that SIPp first). */
  trunkPort: number;
  /** Extra YAML for the queue (indented under the queue mapping), e.g. `callback: {maxAttempts: 2}`. */
  queueExtra?: string;
  /** Seconds an operator's phone rings before the offer fails (the queue's ringTimeout, 10..400). Default 15. */
  ringTimeout?: number;
  operators?: Array<{ username: string; password: string }>;
  dataDir: string;
  /** Extra rules (YAML list items), after the shipped ones (HTTP-only rules, or patterns the inbound `.*` hides). */
  extraRules?: string;
  /** Rules (YAML list items) placed before the shipped ones, so their patterns win over the inbound `.*`. */
  firstRules?: string;
  /** media.workers: RTP on that many media worker threads (0: the main thread); unset, the server's default here. */
  mediaWorkers?: number;
  /** scenarios.workers: sessions on that many scenario worker threads (0: the main thread); unset, the default. */
  scenarioWorkers?: number;
}

export interface E2eServer {
  server: ServerProcess;
  sipPort: number;
  api: ReturnType<typeof apiClient>;
  /** The server's event stream (admin token), open from the moment the server is up: what tests wait on. */
  events: EventStream;
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
    ringTimeout: ${o.ringTimeout ?? 15}
    wrapUpTime: 2
${o.queueExtra ? o.queueExtra.replace(/^/gm, '    ') : ''}
operators:
${operators.map((op) => `  - { username: ${op.username}, password: ${op.password}, queues: [MainQueue] }`).join('\n')}
rules:
${o.firstRules ?? ''}
  - { name: inbound, pattern: '.*', scenario: '${join(ROOT, 'scenarios/callback-queue.js')}' }
  - { name: web-callback, scenario: '${join(ROOT, 'scenarios/web-callback.js')}' }
${o.extraRules ?? ''}
media:
  rtpHost: 127.0.0.1
  rtpPorts: { min: ${rtp}, max: ${rtp + 63} }
${o.mediaWorkers === undefined ? '' : `  workers: ${o.mediaWorkers}
`}${o.scenarioWorkers === undefined ? '' : `scenarios:
  workers: ${o.scenarioWorkers}
`}`;
  const configFile = writeConfig(o.dataDir, yaml);
  const server = await startServerProcess({ configFile, dataDir: o.dataDir, env: { HOLDLESS_SIP_PORT: String(sipPort), HOLDLESS_LOG_LEVEL: 'info' } });
  // Subscribed before the test does anything, so that every event of the test is seen.
  let events: EventStream;
  try {
    events = await EventStream.open(server.url, server.adminToken);
  } catch (err) {
    await server.stop('SIGKILL');
    throw err;
  }
  // When the test fails, what holdless logged last (calls, sessions, ACD decisions; not the HTTP lines of the test's
  // own requests) and the events it published say why.
  onTestFailed(() => {
    const lines = server.output().split('\n').filter((l) => !l.includes('"component":"http"'));
    process.stdout.write(`\n--- holdless log, last lines (pid ${server.pid}) ---\n${lines.slice(-60).join('\n')}\n---\n`);
    process.stdout.write(`--- holdless events, ${events.describeLast(60)}\n---\n`);
  });
  return { server, sipPort, api: apiClient(server.url, server.adminToken), events };
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
  writeFileSync(
    file,
    fill('e2e-customer-answers.xml.template', {
      NUMBER: o.number,
      NUMBER_RE: reEscape(o.number),
      CALLER_ID: TRUNK_CALLER_ID,
      CALLER_ID_RE: reEscape(TRUNK_CALLER_ID),
      MEDIA_PORT: o.mediaPort,
      BYE_TIMEOUT_MS: o.byeTimeoutMs ?? 60_000,
    }),
  );
  return startSipp(['-sf', file, '-m', '1', '-timeout', '150', '-timeout_error'], 160_000);
}

/** A customer on the line (SIPp UAC) who hangs up (sends BYE) when the test calls `hangUp()`. */
export interface HangingUpCustomer extends RunningSipp {
  /** Tells SIPp to hang up now: an INFO carrying the call's Call-ID, sent straight to SIPp (see the template). */
  hangUp(): Promise<void>;
}

/**
 * A customer calling the contact center who hangs up by themselves when told (SIPp UAC). `done` resolves when SIPp
 * exits: code 0 once its BYE was answered; not 0 if holdless hung up first or nothing happened in time.
 */
export async function customerCallsAndHangsUp(
  dir: string,
  sipPort: number,
  o: { caller: string; dialed: string; mediaPort: number; hangupTimeoutMs?: number },
): Promise<HangingUpCustomer> {
  // SIPp matches what it receives to its calls by the Call-ID it generated: make that one known (`-cid_str`).
  const cidPrefix = `e2e-${randomUUID()}`;
  const callId = `${cidPrefix}-1@127.0.0.1`;
  const file = join(dir, `customer-hangs-up-${o.mediaPort}.xml`);
  writeFileSync(
    file,
    fill('e2e-customer-calls-hangs-up.xml.template', { CALLER: o.caller, MEDIA_PORT: o.mediaPort, HANGUP_TIMEOUT_MS: o.hangupTimeoutMs ?? 90_000 }),
  );
  const sipp = await startSipp(['-sf', file, '-s', o.dialed, '-m', '1', '-cid_str', `${cidPrefix}-%u@%s`, '-timeout', '150', '-timeout_error', `127.0.0.1:${sipPort}`], 160_000);
  return {
    ...sipp,
    async hangUp() {
      const info = [
        `INFO sip:customer@127.0.0.1:${sipp.port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-${randomUUID()}`,
        'From: <sip:test@127.0.0.1>;tag=test-trigger',
        'To: <sip:customer@127.0.0.1>',
        `Call-ID: ${callId}`,
        'CSeq: 1 INFO',
        'Max-Forwards: 70',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      const socket = createSocket('udp4');
      try {
        await new Promise<void>((resolve, reject) => socket.send(info, sipp.port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      } finally {
        socket.close();
      }
    },
  };
}

/** The carrier reporting the customer busy (486) on each of `attempts` callback INVITEs; checks number and caller ID. */
export async function customerBusy(dir: string, o: { number: string; attempts: number }): Promise<RunningSipp> {
  const file = join(dir, 'customer-busy.xml');
  writeFileSync(
    file,
    fill('e2e-customer-busy.xml.template', { NUMBER_RE: reEscape(o.number), CALLER_ID: TRUNK_CALLER_ID, CALLER_ID_RE: reEscape(TRUNK_CALLER_ID), NUMBER: o.number }),
  );
  return startSipp(['-sf', file, '-m', String(o.attempts), '-timeout', '150', '-timeout_error'], 160_000);
}

function reEscape(s: string): string {
  return s.replace(/[+.*?^$()[\]{}|\\]/g, '\\$&');
}

/** Voximplant's `StartScenarios` as a web site calls it: a form body with `api_key`. */
export async function startScenarios(server: { url: string }, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/platform_api/StartScenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A request as the REST API shows it (the fields these tests read). */
export interface RequestView {
  id: string;
  kind: string;
  state: string;
  phone?: string;
  name?: string;
  position?: number;
  reason?: string;
  attempts?: number;
  handledBy?: string;
  customData?: string;
}

export interface HistoryItem {
  event: string;
  state: string;
  operator?: string;
  detail?: string;
}

type Api = E2eServer['api'];

/** The request as the REST API shows it now (one read; wait for its event first). */
export async function getRequest(api: Api, id: string): Promise<RequestView> {
  const r = await api<RequestView>('GET', `/requests/${id}`);
  if (r.status !== 200) throw new Error(`GET /requests/${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The requests of MainQueue, oldest first, optionally in one state. */
export async function listRequests(api: Api, state?: string): Promise<RequestView[]> {
  const r = await api<{ items: RequestView[] }>('GET', `/requests?queue=MainQueue&order=oldest${state ? `&state=${state}` : ''}`);
  if (r.status !== 200) throw new Error(`GET /requests: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items;
}

export async function historyOf(api: Api, id: string): Promise<HistoryItem[]> {
  const r = await api<{ items: HistoryItem[] }>('GET', `/requests/${id}/history`);
  if (r.status !== 200) throw new Error(`GET /requests/${id}/history: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items;
}

/** The operator's status as the REST API shows it now (one read; wait for its OperatorStatusChanged event first). */
export async function operatorStatus(api: Api, username: string): Promise<string> {
  const r = await api<{ status: string }>('GET', `/operators/${username}`);
  if (r.status !== 200) throw new Error(`GET /operators/${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.status;
}

/**
 * Seconds of audible sound in `pcm` (8 kHz): 20 ms frames louder than -45 dBFS, from the first such frame to the last.
 * Tells a spoken sentence from silence, and a long sentence from a short one, whatever silence surrounds it.
 */
export function audibleSeconds(pcm: Int16Array): number {
  let first = -1;
  let last = -1;
  for (let i = 0; (i + 1) * FRAME_SAMPLES <= pcm.length; i++) {
    const frame = pcm.subarray(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES);
    let sum = 0;
    for (const v of frame) sum += v * v;
    const dbfs = 10 * Math.log10(sum / frame.length / 32768 ** 2 + 1e-12);
    if (dbfs > -45) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? 0 : ((last - first + 1) * FRAME_SAMPLES) / 8000;
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

/**
 * Recognises the shipped hold music in what one customer's ear received: a packet equal to any of the file's first
 * 50 frames (not only the first, so one packet lost on a loaded machine does not hide the music; frames of constant
 * bytes are left out, since the silence sent while a prompt loads looks the same).
 */
export class HoldMusicDetector {
  private checked = 0;
  private found = -1;

  private constructor(
    private readonly ear: RtpPeer,
    private readonly frames: ReadonlySet<string>,
  ) {}

  static async listen(ear: RtpPeer): Promise<HoldMusicDetector> {
    const frames = (await holdMusicFrames(50)).filter((f) => f.some((b) => b !== f[0]));
    return new HoldMusicDetector(ear, new Set(frames.map((f) => Buffer.from(f).toString('base64'))));
  }

  /** The index in `ear.received` of the first packet of music, or -1 (so far). */
  get startsAt(): number {
    for (; this.found < 0 && this.checked < this.ear.received.length; this.checked++) {
      const { packet } = this.ear.received[this.checked]!;
      if (packet.payloadType === 0 && this.frames.has(Buffer.from(packet.payload).toString('base64'))) this.found = this.checked;
    }
    return this.found;
  }

  heard(): boolean {
    return this.startsAt >= 0;
  }

  wait(what: string, timeoutMs = 40_000): Promise<void> {
    return this.ear.waitFor(() => this.heard(), what, timeoutMs);
  }
}

/**
 * Polls `probe` every 100 ms until it returns a value (not undefined) or the timeout passes. Only for a condition that
 * nothing announces: no server event reports it (wait on `E2eServer.events` wherever one does) and no peer tells.
 */
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

/**
 * What one end-to-end test starts, so that its `afterEach` stops all of it by PID whatever happened: RTP peers,
 * SIPp instances, baresip phones, the server process and the temporary directory.
 */
export class E2eScope {
  dir = '';
  server: E2eServer | undefined;
  readonly phones: Baresip[] = [];
  readonly sipps: RunningSipp[] = [];
  readonly peers: RtpPeer[] = [];

  tempDir(): string {
    this.dir = mkdtempSync(join(tmpdir(), 'holdless-e2e-'));
    return this.dir;
  }

  async start(options: E2eOptions): Promise<E2eServer> {
    this.server = await startE2eServer(options);
    return this.server;
  }

  async cleanup(): Promise<void> {
    this.server?.events.close();
    for (const p of this.peers.splice(0)) p.close();
    for (const s of this.sipps.splice(0)) s.kill();
    for (const p of this.phones.splice(0)) await p.stop();
    if (this.server) await this.server.server.stop('SIGKILL');
    this.server = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = '';
  }
}
