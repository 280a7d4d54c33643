import { ScenarioWorkerClient } from './scenario-worker-client.js';
import type { RemoteSession, RemoteSessionSink } from './remote-session.js';
import type { ScenarioWorkerInit, SessionStart } from './scenario-worker-protocol.js';

export interface ScenarioWorkersOptions extends ScenarioWorkerInit {
  threads: number;
  /** Told when a worker died (its sessions were lost) and, if it had started, was replaced. */
  onWorkerExit?: (why: string) => void;
}

/**
 * Scenario worker threads (config `scenarios.workers`): each new session goes to the worker running the fewest. A
 * worker that dies loses its sessions (their calls are hung up and their waiting callers keep their place as
 * callbacks, see ScenarioHost) and is replaced, unless it died before it ever started.
 */
export class ScenarioWorkers {
  private readonly script = new URL(import.meta.url.endsWith('.ts') ? './scenario-worker.ts' : './scenario-worker.js', import.meta.url);
  private readonly clients: ScenarioWorkerClient[];
  private stopped = false;

  private constructor(private readonly o: ScenarioWorkersOptions) {
    this.clients = Array.from({ length: Math.max(1, o.threads) }, () => this.spawn());
  }

  static async start(o: ScenarioWorkersOptions): Promise<ScenarioWorkers> {
    const workers = new ScenarioWorkers(o);
    try {
      await Promise.all(workers.clients.map((c) => c.ready));
    } catch (err) {
      await workers.stop();
      throw err;
    }
    return workers;
  }

  get threads(): number {
    return this.clients.length;
  }

  /** Sessions running on all workers. */
  get sessions(): number {
    return this.clients.reduce((n, c) => n + c.load, 0);
  }

  open(start: SessionStart, sink: RemoteSessionSink): RemoteSession {
    let best = this.clients[0]!;
    for (const c of this.clients) if (c.alive && (!best.alive || c.load < best.load)) best = c;
    return best.open(start, sink);
  }

  /** Takes in what every worker has sent so far (ScenarioWorkerClient.drain). */
  drain(): void {
    for (const c of this.clients) c.drain();
  }

  /** Ends the workers gracefully: each ends its remaining sessions and finishes by itself. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.clients.map((c) => c.stop()));
  }

  /** Kills worker `index` at once, as a crash would (tests of the lost-session path); a new one replaces it. */
  async kill(index: number): Promise<void> {
    await this.clients[index]?.kill();
  }

  private spawn(): ScenarioWorkerClient {
    return new ScenarioWorkerClient(this.script, { limits: this.o.limits, lifetime: this.o.lifetime }, (dead, why) => {
      this.o.onWorkerExit?.(why);
      const i = this.clients.indexOf(dead);
      if (i >= 0 && dead.wasReady && !this.stopped) this.clients[i] = this.spawn();
    });
  }
}
