import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** A holdless server running as a real child process (src/cli.ts under tsx), on a port the OS chose. */
export interface ServerProcess {
  url: string;
  adminToken: string;
  pid: number;
  dataDir: string;
  /** Everything the process printed so far. */
  output(): string;
  /**
   * Resolves once the output (so far or to come) matches `pattern`, checked whenever the process prints: for what the
   * server tells only in its log. Rejects after the timeout, or when the process exits without printing it.
   */
  waitForOutput(pattern: RegExp, what: string, timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeConfig(dir: string, yaml: string): string {
  const file = join(dir, 'holdless.yaml');
  writeFileSync(file, yaml);
  return file;
}

/**
 * Starts the server and resolves when it prints its summary (the moment it accepts requests), with the URL and
 * admin token parsed from it. Rejects if the process exits first or does not start within the timeout.
 */
export function startServerProcess(options: {
  configFile?: string;
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const args = ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'start'];
  if (options.configFile) args.push('--config', options.configFile);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      HOLDLESS_DATA_DIR: options.dataDir,
      HOLDLESS_HTTP_PORT: '0',
      // SIP on ports the OS picks, so a test server never collides with another (or with `npm start`).
      HOLDLESS_SIP_PORT: '0',
      HOLDLESS_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exitCode: number | null | undefined;
  const outputWaiters = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      for (const w of [...outputWaiters]) w();
      resolve(code);
    }),
  );
  const waitForOutput = (pattern: RegExp, what: string, timeoutMs = 20_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(out)) {
          done();
          resolve();
        } else if (exitCode !== undefined) {
          done();
          reject(new Error(`${what}: the server exited (${exitCode}) without printing ${String(pattern)}`));
        }
      };
      const done = (): void => {
        clearTimeout(timer);
        outputWaiters.delete(check);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what}: the server did not print ${String(pattern)} within ${timeoutMs} ms`));
      }, timeoutMs);
      outputWaiters.add(check);
      check();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${options.timeoutMs ?? 30_000} ms:\n${out}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const w of [...outputWaiters]) w();
      const url = /REST API\s+(http:\/\/\S+?)\/api\/v1/.exec(out)?.[1];
      const token = /admin token\s+(\S+)/.exec(out)?.[1];
      if (url && token && out.includes('stop ')) {
        clearTimeout(timer);
        resolve({
          url,
          adminToken: token,
          pid: child.pid!,
          dataDir: options.dataDir,
          output: () => out,
          waitForOutput,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it started:\n${out}`));
    });
  });
}

/** A small JSON client for the REST API with a bearer token. */
export function apiClient(base: string, token: string) {
  return async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
  };
}
