/**
 * The holdless server as the benchmarks run it: the real CLI (`src/cli.ts start --config FILE` under tsx) in its own
 * process, registered with bench/sip-cps/procs.ts so it is killed by its PID at the end, on errors and on Ctrl-C.
 * Resolves once the start-up banner names the REST API and the admin token (the moment it accepts requests), as
 * test/support/server-process.ts does. Shared by bench:queue-load and bench:callback-latency.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killChild, spawnTracked, waitExit } from '../sip-cps/procs.js';

export interface HoldlessProcess {
  url: string;
  token: string;
  pid: number;
  child: ChildProcess;
  /** The last 20,000 characters the process printed (warnings, errors). */
  output(): string;
  /** How the process ended, if it has ('exit code 1', 'signal SIGKILL'); undefined while it runs. */
  ended(): string | undefined;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** SIGKILL (the benchmarks do not need a graceful shutdown of thousands of calls) and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (a graceful shutdown, so `--cpu-prof` writes its profile), SIGKILL after `ms`. */
  terminate(ms: number): Promise<void>;
}

export async function startHoldless(o: {
  root: string;
  dir: string;
  yaml: string;
  sipPort: number;
  logLevel?: string;
  timeoutMs?: number;
  /** Run under `node --cpu-prof`, writing the profile into this directory at a graceful exit. */
  profileDir?: string | undefined;
}): Promise<HoldlessProcess> {
  const configFile = join(o.dir, 'holdless.yaml');
  writeFileSync(configFile, o.yaml);
  const prof = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
  const child = spawnTracked(process.execPath, [...prof, '--import', 'tsx', join(o.root, 'src/cli.ts'), 'start', '--config', configFile], {
    cwd: o.root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOLDLESS_DATA_DIR: join(o.dir, 'data'),
      HOLDLESS_HTTP_HOST: '127.0.0.1',
      HOLDLESS_HTTP_PORT: '0',
      HOLDLESS_SIP_PORT: String(o.sipPort),
      HOLDLESS_LOG_LEVEL: o.logLevel ?? 'warn',
    },
  });
  let out = '';
  const onData = (d: Buffer): void => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let ended: string | undefined;
  child.once('exit', (code, signal) => (ended = signal ? `signal ${signal}` : `exit code ${code}`));
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    const url = /REST API\s+(http:\/\/\S+?)\/api\/v1/.exec(out)?.[1];
    const token = /admin token\s+(\S+)/.exec(out)?.[1];
    if (url && token && out.includes('stop ')) {
      const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
        const res = await fetch(`${url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
      };
      return {
        url,
        token,
        pid: child.pid!,
        child,
        output: () => out,
        ended: () => ended,
        api,
        async kill() {
          killChild(child);
          await waitExit(child, 10_000);
        },
        async terminate(ms) {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await waitExit(child, ms);
        },
      };
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`holdless exited before it started:\n${out}`);
    if (Date.now() > deadline) {
      killChild(child);
      throw new Error(`holdless did not start within ${o.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resident set size of a live process, bytes (VmRSS of /proc/PID/status); NaN when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readStatus(pid));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Threads of a live process (Threads: of /proc/PID/status). */
export function threadCount(pid: number): number {
  try {
    const m = /Threads:\s+(\d+)/.exec(readStatus(pid));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function readStatus(pid: number): string {
  return readFileSync(`/proc/${pid}/status`, 'utf8');
}

/** CPU seconds (user + system) of a process's main thread alone (its event loop); NaN when it is gone. */
export function mainThreadCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
