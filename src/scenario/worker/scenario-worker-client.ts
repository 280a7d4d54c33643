import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorkerThread } from '../../lib/start-worker-thread.js';
import { RemoteSession, type RemoteSessionSink } from './remote-session.js';
import type { FromScenarioWorker, ScenarioWorkerData, ScenarioWorkerInit, SessionStart, ToScenarioWorker } from './scenario-worker-protocol.js';

/**
 * The main thread's end of one scenario worker: starts sessions on it, hands each message to its session, and
 * answers `flush`. When the worker dies, its running sessions are lost (RemoteSession.lost) and `onExit` is told.
 *
 * The worker's messages come through a port of their own (`replies`), which `drain()` can also empty synchronously:
 * the host calls it before it hands a session an event, so a command the worker sent meanwhile (the `callPSTN` of a
 * callback whose operator just answered) is carried out then, not after everything else a busy event loop has queued
 * (measured in bench:callback-latency: the wait for the loop was 27-31 ms at p50, the worker's own part 0.6 ms).
 */
export class ScenarioWorkerClient {
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  private readonly sessions = new Map<string, RemoteSession>();
  private readonly flushes = new Map<number, () => void>();
  private nextFlush = 1;
  private dead = false;
  private stopping = false;
  /** Whether the worker got as far as `ready` (a worker that dies before is not restarted in a loop). */
  wasReady = false;
  readonly ready: Promise<void>;
  private settleReady!: { resolve: () => void; reject: (err: Error) => void };

  constructor(script: URL, init: ScenarioWorkerInit, private readonly onExit: (client: ScenarioWorkerClient, why: string) => void) {
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    this.worker = startWorkerThread(script, { ...init, replies: port2 } satisfies ScenarioWorkerData, [port2]);
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    this.ready.then(() => (this.wasReady = true), () => undefined);
    this.replies.on('message', (m: FromScenarioWorker) => this.receive(m));
    this.worker.on('error', (err) => {
      this.settleReady.reject(err);
      this.die(`scenario worker failed: ${err.message}`);
    });
    this.worker.on('exit', (code) => {
      this.settleReady.reject(new Error(`scenario worker exited (${code}) before it was ready`));
      // What it sent before it ended (its sessions' last commands and ends) still counts.
      this.drain();
      this.replies.close();
      this.die(`scenario worker exited (${code})`);
    });
  }

  /** Takes in every message the worker has sent so far, now (see the class comment). */
  drain(): void {
    for (let m = receiveMessageOnPort(this.replies); m; m = receiveMessageOnPort(this.replies)) this.receive(m.message as FromScenarioWorker);
  }

  /** Sessions running on this worker. */
  get load(): number {
    return this.sessions.size;
  }

  get alive(): boolean {
    return !this.dead;
  }

  open(start: SessionStart, sink: RemoteSessionSink): RemoteSession {
    const session = new RemoteSession(start.sessionId, { post: (m) => this.post(m), flush: () => this.flush() }, sink);
    this.sessions.set(start.sessionId, session);
    this.post({ op: 'start', start });
    if (this.dead) session.lost('the scenario worker is not running');
    return session;
  }

  /**
   * Ends the worker; its sessions should have ended first (ScenarioHost.terminateAll). The worker is asked to finish
   * by itself: `Worker.terminate()` while isolated-vm still tears down disposed isolates on that thread can abort
   * the whole process (an assertion in isolated-vm, seen in 2 of 6 runs of bench:scenario-sessions). Forced after
   * `graceMs`.
   */
  async stop(graceMs = 5000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ op: 'exit' } satisfies ToScenarioWorker);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([exited, late])) === 'late') await this.worker.terminate();
    clearTimeout(timer);
  }

  /** Ends the thread at once, as a crash would: its sessions are lost. For tests of that path. */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }

  private post(m: ToScenarioWorker): void {
    if (!this.dead) this.worker.postMessage(m);
  }

  private flush(): Promise<void> {
    if (this.dead) return Promise.resolve();
    const seq = this.nextFlush++;
    return new Promise((resolve) => {
      this.flushes.set(seq, resolve);
      this.worker.postMessage({ op: 'flush', seq } satisfies ToScenarioWorker);
    });
  }

  private receive(m: FromScenarioWorker): void {
    switch (m.ev) {
      case 'ready':
        return this.settleReady.resolve();
      case 'started':
        return this.sessions.get(m.sessionId)?.started();
      case 'startFailed':
        return this.sessions.get(m.sessionId)?.startFailed(m.error);
      case 'command':
        return this.sessions.get(m.sessionId)?.command(m.command);
      case 'ended': {
        const session = this.sessions.get(m.sessionId);
        this.sessions.delete(m.sessionId);
        return session?.ended(m.reason, m.error);
      }
      case 'flushed': {
        const resolve = this.flushes.get(m.seq);
        this.flushes.delete(m.seq);
        return resolve?.();
      }
    }
  }

  private die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    for (const resolve of this.flushes.values()) resolve();
    this.flushes.clear();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of sessions) session.lost(why);
    if (!this.stopping) this.onExit(this, why);
  }
}
