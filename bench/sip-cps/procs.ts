// Child processes of bench:sip-cps: every spawned process is registered here and killed by its PID at the end, on
// errors and on Ctrl-C. CPU time is read from /proc (Linux), in clock ticks of 1/100 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const CLK_TCK = 100;
const children = new Set<ChildProcess>();

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Spawns and registers a child; it leaves the registry when it exits. */
export function spawnTracked(cmd: string, args: string[], options: Parameters<typeof spawn>[2] = {}): ChildProcess {
  const child = spawn(cmd, args, options);
  if (child.pid === undefined) throw new Error(`cannot start ${cmd}`);
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
  return child;
}

/** SIGKILLs one child by PID (a no-op once it has exited). */
export function killChild(child: ChildProcess): void {
  if (!alive(child) || child.pid === undefined) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** SIGKILLs every child still running, each by its own PID. Synchronous: safe in an 'exit' handler. */
export function killAll(): void {
  for (const c of children) killChild(c);
}

/** Resolves when the child has exited, or SIGKILLs it after `ms` and resolves then. */
export function waitExit(child: ChildProcess, ms: number): Promise<{ code: number | null; killed: boolean }> {
  if (!alive(child)) return Promise.resolve({ code: child.exitCode, killed: false });
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      killChild(child);
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed });
    });
  });
}

/** Kills every tracked child on exit, Ctrl-C, SIGTERM and uncaught errors. */
export function installCleanup(): void {
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    killAll();
    process.exit(1);
  });
}

/** CPU seconds (user + system) a live process has used so far; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; utime and stime are fields 14, 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/**
 * Seconds the main thread of a process has spent runnable but waiting for a CPU (second field of
 * /proc/PID/schedstat): on a busy machine, time the process wanted to run and could not. NaN when unavailable.
 */
export function runQueueWaitSeconds(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return NaN;
  }
}

/** CPU seconds of this process's children that have exited and been reaped (cutime + cstime, fields 16, 17). */
export function reapedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / CLK_TCK;
}

/**
 * Datagrams the kernel dropped for the UDP socket bound to 127.0.0.1:`port` since it was opened (the `drops` column
 * of /proc/net/udp: its receive buffer was full). NaN when no such socket is found.
 */
export function udpDrops(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[1] === local) return Number(f[f.length - 1]);
    }
  } catch {
    // not Linux
  }
  return NaN;
}

/** Whether something holds the UDP port on 127.0.0.1 (we cannot bind it ourselves). */
export function udpPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(true));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

/** A line-oriented JSON reader on a child's stdout: resolves each `next(key)` with the next object holding `key`. */
export class JsonLines {
  private readonly waiting: Array<{ key: string; resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }> = [];
  private readonly buffered: Array<Record<string, unknown>> = [];
  private closed = false;

  constructor(child: ChildProcess) {
    if (!child.stdout) throw new Error('child has no stdout pipe');
    createInterface({ input: child.stdout }).on('line', (text) => {
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return; // not ours (a warning printed by a library)
      }
      const i = this.waiting.findIndex((w) => w.key in obj);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(obj);
      else this.buffered.push(obj);
    });
    child.once('exit', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w.reject(new Error(`child exited while waiting for "${w.key}"`));
    });
  }

  next(key: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const i = this.buffered.findIndex((o) => key in o);
    if (i >= 0) return Promise.resolve(this.buffered.splice(i, 1)[0]!);
    if (this.closed) return Promise.reject(new Error(`child exited before "${key}"`));
    return new Promise((resolve, reject) => {
      const entry = {
        key,
        resolve: (v: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        const j = this.waiting.indexOf(entry);
        if (j >= 0) this.waiting.splice(j, 1);
        reject(new Error(`timed out waiting for "${key}" from child`));
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }
}
