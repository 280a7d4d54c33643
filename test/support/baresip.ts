import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './sipp.js';

/**
 * baresip (baresip-core) as a real SIP phone for interop tests, headless: modules g711, aufile (an 8 kHz WAV as the
 * microphone), sndfile (what it hears, to WAV files), account, menu and ctrl_tcp (netstring JSON commands and events).
 * Each instance gets its own config directory, SIP port and control port; `stop()` kills it by PID and removes the
 * directory. See TOOLING.md for the traps this avoids (net_interface must be an IP; aufile hangs up at the end of its
 * file, so the file is long).
 */
export interface BaresipOptions {
  /** Operator username and password (the account line's user part and auth_pass). */
  user: string;
  password: string;
  /** The registrar (holdless) on 127.0.0.1. */
  registrarPort: number;
  /** `auto` answers incoming calls at once. Default `manual`. */
  answermode?: 'auto' | 'manual';
  /** Seconds between registrations (the REGISTER's expiry). Default 600. */
  regint?: number;
  /** Its own SIP port (default: a free one). A phone playing the carrier's customer listens where the trunk points. */
  sipPort?: number;
  /** Seconds of audio in the source file (the call hangs up when it ends). Default 120. */
  audioSeconds?: number;
}

export interface BaresipEvent {
  type: string;
  class?: string;
  param?: string;
  peeruri?: string;
  [key: string]: unknown;
}

export interface Baresip {
  pid: number;
  /** Its config directory; sndfile writes what the phone hears there (`*-dec.wav`) and what it sends (`*-enc.wav`). */
  dir: string;
  /** baresip's own SIP port on 127.0.0.1. */
  sipPort: number;
  readonly events: readonly BaresipEvent[];
  /** Resolves with the first event (already received or coming) that matches, or rejects after the timeout. */
  waitForEvent(match: (e: BaresipEvent) => boolean, timeoutMs?: number): Promise<BaresipEvent>;
  /** Sends a ctrl_tcp command, e.g. `dial` with a SIP URI; resolves with its response. */
  command(command: string, params?: string, timeoutMs?: number): Promise<{ ok: boolean; data?: string }>;
  output(): string;
  /** Resolves once its console output matches (e.g. a registration's `200 OK`), or rejects after the timeout. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A mono 16-bit PCM WAV at 8 kHz: a quiet 440 Hz tone. */
export function toneWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(4000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return wav;
}

/**
 * A SIP port for baresip: it listens on UDP and TCP at the port and on TLS (TCP) at the port + 1, and gives up when
 * any of them is taken ("SIP/TLS transport failed: Address already in use"), so both must be free.
 */
async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const tlsFree = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port + 1, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (tlsFree) return port;
  }
}

export async function startBaresip(options: BaresipOptions): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'baresip-'));
  const [sipPort, ctrlPort] = [options.sipPort ?? (await freeSipPort()), await freePort()];
  writeFileSync(join(dir, 'source.wav'), toneWav(options.audioSeconds ?? 120));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'sip_trans_def udp',
      'net_interface 127.0.0.1',
      `audio_source aufile,${join(dir, 'source.wav')}`,
      'audio_player aufile,/dev/null',
      'audio_alert aufile,/dev/null',
      `snd_path ${dir}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module sndfile.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      `rtp_ports ${20000 + (ctrlPort % 20000)}-${20000 + (ctrlPort % 20000) + 40}`,
      '',
    ].join('\n'),
  );
  const aor = `<sip:${options.user}@127.0.0.1:${options.registrarPort};transport=udp>`;
  writeFileSync(
    join(dir, 'accounts'),
    `${aor};auth_pass=${options.password};answermode=${options.answermode ?? 'manual'};regint=${options.regint ?? 600}\n`,
  );

  const child: ChildProcess = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const outputWaiters = new Set<() => void>();
  const onOutput = (d: Buffer): void => {
    out += d.toString();
    for (const w of [...outputWaiters]) w();
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const socket = await connectWithRetry(ctrlPort, () => child.exitCode !== null, () => out);
  const events: BaresipEvent[] = [];
  const listeners: Array<() => void> = [];
  const responses: Array<(r: { ok: boolean; data?: string }) => void> = [];
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      // Netstring: <length>:<payload>,
      const colon = buffer.indexOf(0x3a);
      if (colon === -1) break;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length + 1) break;
      const payload = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString()) as Record<string, unknown>;
      buffer = buffer.subarray(colon + 1 + length + 1);
      if (payload.event) {
        events.push(payload as BaresipEvent);
        for (const l of [...listeners]) l();
      } else if (payload.response) {
        responses.shift()?.({ ok: payload.ok === true, ...(typeof payload.data === 'string' ? { data: payload.data } : {}) });
      }
    }
  });

  return {
    pid: child.pid!,
    dir,
    sipPort,
    events,
    waitForEvent(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return false;
          listeners.splice(listeners.indexOf(check), 1);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.splice(listeners.indexOf(check), 1);
          reject(new Error(`baresip event did not come in ${timeoutMs} ms; events: ${events.map((e) => e.type).join(', ')}\n${out.slice(-2000)}`));
        }, timeoutMs);
        listeners.push(check);
        check();
      });
    },
    command(command, params, timeoutMs = 5_000) {
      const body = JSON.stringify({ command, ...(params === undefined ? {} : { params }), token: `t${Date.now()}` });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`baresip did not answer ${command}`)), timeoutMs);
        responses.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
        socket.write(`${Buffer.byteLength(body)}:${body},`);
      });
    },
    output: () => out,
    waitForOutput(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(out)) return;
          outputWaiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          outputWaiters.delete(check);
          reject(new Error(`baresip never printed ${String(pattern)} in ${timeoutMs} ms:\n${out.slice(-2000)}`));
        }, timeoutMs);
        outputWaiters.add(check);
        check();
      });
    },
    async stop() {
      socket.destroy();
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** ctrl_tcp listens a moment after start: retry the connection until it is up (or baresip died). */
async function connectWithRetry(port: number, dead: () => boolean, output: () => string): Promise<Socket> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
    } catch (err) {
      if (dead() || Date.now() > deadline) throw new Error(`baresip control port ${port} did not open: ${String(err)}\n${output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
