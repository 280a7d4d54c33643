/**
 * A benchmark child process started with `fork` (through tsx), spoken to over the IPC channel: `tell` sends a
 * message, `next(type)` waits for the next message, which must be of that type (or an `error` message, which rejects).
 * Shared by bench:media-streams and bench:media-bridge.
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface BenchChild<In, Out extends { type: string }> {
  proc: ChildProcess;
  tell(message: In): void;
  next<T extends Out['type']>(type: T, timeoutMs?: number): Promise<Extract<Out, { type: T }>>;
  /** Asks the child to exit with `exitMessage` and waits (kills it by PID after 10 s). */
  stop(exitMessage: In): Promise<void>;
}

export function startChild<In, Out extends { type: string; message?: string }>(file: string, args: string[]): BenchChild<In, Out> {
  const proc = fork(file, args, { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue: Out[] = [];
  let waiter: ((m: Out) => void) | null = null;
  proc.on('message', (m: Out) => {
    if (waiter) waiter(m);
    else queue.push(m);
  });
  return {
    proc,
    tell: (m) => void proc.send(m as object),
    next<T extends Out['type']>(type: T, timeoutMs = 120_000): Promise<Extract<Out, { type: T }>> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = null;
          reject(new Error(`${file}: no '${type}' in ${timeoutMs} ms`));
        }, timeoutMs);
        const take = (m: Out): void => {
          clearTimeout(timer);
          waiter = null;
          if (m.type === 'error') reject(new Error(`${file}: ${m.message ?? 'failed'}`));
          else if (m.type !== type) reject(new Error(`${file}: expected '${type}', got '${m.type}'`));
          else resolve(m as Extract<Out, { type: T }>);
        };
        const queued = queue.shift();
        if (queued) take(queued);
        else waiter = take;
      });
    },
    stop(exitMessage) {
      if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          proc.send(exitMessage as object);
        } catch {
          proc.kill('SIGKILL');
        }
      });
    },
  };
}
