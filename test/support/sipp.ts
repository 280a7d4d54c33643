import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** A free UDP+TCP port on 127.0.0.1, chosen by the OS (then released for SIPp to take). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
}

/**
 * A block of `count` consecutive free UDP ports (SIPp's -mp takes the audio RTP/RTCP pair and the video pair after it,
 * so checking one port is not enough when other tests bind ports at the same time).
 */
export async function freePortBlock(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base + count > 65_535) continue;
    let ok = true;
    for (let p = base + 1; p < base + count && ok; p++) {
      ok = await new Promise<boolean>((resolve) => {
        const s = createSocket('udp4');
        s.once('error', () => resolve(false));
        s.bind(p, '127.0.0.1', () => s.close(() => resolve(true)));
      });
    }
    if (ok) return base;
  }
}

export interface SippResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs SIPp to completion (it exits when its calls are done, or at `-timeout`). Every instance gets its own SIP,
 * control and media ports so tests can run side by side; the process is killed by PID if it overstays.
 */
export async function runSipp(args: string[], timeoutMs = 60_000): Promise<SippResult> {
  const [sipPort, controlPort, mediaPort] = [await freePort(), await freePort(), await freePortBlock(4)];
  const full = ['-i', '127.0.0.1', '-p', String(sipPort), '-cp', String(controlPort), '-mp', String(mediaPort), '-nostdin', ...args];
  return new Promise((resolve) => {
    const child = spawn('sipp', full, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether something is bound to the UDP port on 127.0.0.1 (we cannot bind it ourselves). */
async function udpPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(true));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

export interface RunningSipp {
  /** SIPp's SIP port on 127.0.0.1. */
  port: number;
  done: Promise<SippResult>;
  kill(): void;
}

/**
 * Starts SIPp (typically a UAS scenario) and resolves once its SIP port is bound, so the test can call it at once.
 */
export async function startSipp(args: string[], timeoutMs = 60_000): Promise<RunningSipp> {
  const [sipPort, controlPort, mediaPort] = [await freePort(), await freePort(), await freePortBlock(4)];
  const full = ['-i', '127.0.0.1', '-p', String(sipPort), '-cp', String(controlPort), '-mp', String(mediaPort), '-nostdin', ...args];
  const child = spawn('sipp', full, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<SippResult>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
  const deadline = Date.now() + 10_000;
  let exited = false;
  void done.then(() => (exited = true));
  while (!(await udpPortTaken(sipPort))) {
    if (exited || Date.now() > deadline) throw new Error(`SIPp did not bind port ${sipPort}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { port: sipPort, done, kill: () => child.kill('SIGKILL') };
}
