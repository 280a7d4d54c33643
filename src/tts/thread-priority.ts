/**
 * Lowers the scheduling priority of the calling thread (Linux only; a no-op elsewhere).
 *
 * Synthesis workers are CPU-bound; on a 2-core machine two of them can take both cores and delay the main thread, which
 * paces RTP every 20 ms, by tens of milliseconds even though its event loop is never blocked. A higher nice value for
 * the worker threads lets the kernel prefer the main thread. On Linux, setpriority(PRIO_PROCESS, tid) applies to the
 * one thread `tid`; Node exposes no gettid(), but /proc/thread-self links to /proc/<pid>/task/<tid>. Raising nice needs
 * no privilege.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, platform, setPriority } from 'node:os';

/**
 * Raises this thread's nice value by `increment` (capped at 19; higher yields more), relative to what it inherited
 * from the thread that created it. Returns whether it could.
 */
export function niceThisThread(increment: number): boolean {
  if (platform() !== 'linux' || increment <= 0) return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.min(19, getPriority(tid) + Math.floor(increment)));
    return true;
  } catch {
    return false;
  }
}
