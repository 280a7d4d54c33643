/**
 * bench:scenario-sessions: how fast the scenario runtime alone sets up callers, on the main thread and on scenario
 * worker threads (scenarios.workers): the floor under bench:queue-load's call set-up, without SIP, RTP, speech or the
 * ACD.
 *
 *   npm run bench:scenario-sessions [-- --sessions 1500] [--workers 0,1,2] [--rounds 2]
 *
 * Each session runs the shipped scenarios/callback-queue.js in its own isolate, as the server does, and is driven
 * through what a caller's set-up is: CallAlerting → answer → Connected → enqueueACDRequest → Queued → getStatus →
 * Waiting {position, ewt} → say → PlaybackFinished → startPlayback (the hold music). The driver answers each command
 * at once, as the main thread would (here it only records). All sessions are started at once and stay alive, as
 * callers waiting in a queue do, and are ended at the end. Printed per mode: sessions set up per second (wall clock),
 * CPU per session (the whole process: main thread, workers, GC), and the main thread's event-loop time per session.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../../src/lib/clock.js';
import type { CallInfo, ScenarioServices } from '../../src/scenario/session/scenario-services.js';
import { ScenarioSession } from '../../src/scenario/session/scenario-session.js';
import type { SessionHandle } from '../../src/scenario/session/session-handle.js';
import type { RemoteCommand } from '../../src/scenario/worker/scenario-worker-protocol.js';
import { ScenarioWorkers } from '../../src/scenario/worker/scenario-workers.js';
import { machineLine } from '../lib/machine.js';

const { values: opts } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1500' },
    workers: { type: 'string', default: '0,1,2' },
    rounds: { type: 'string', default: '2' },
  },
});
const SESSIONS = Number(opts.sessions);
const MODES = opts.workers.split(',').map(Number);
const ROUNDS = Number(opts.rounds);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FILE = 'callback-queue.js';
const SOURCE = readFileSync(join(ROOT, 'scenarios', FILE), 'utf8');

/** What the driver does with a session's command; calls `ready` once the session plays hold music. */
function driver(session: () => SessionHandle, position: number, ready: () => void) {
  return (c: RemoteCommand): void => {
    const s = session();
    if (c.name === 'call' && c.method === 'answer') s.callEvent(c.callId, 'Call.Connected', {});
    else if (c.name === 'enqueue') s.acdEvent(c.requestId, 'ACD.Queued', {});
    else if (c.name === 'acd' && c.method === 'getStatus') s.acdEvent(c.requestId, 'ACD.Waiting', { position, ewt: 3 });
    else if (c.name === 'call' && c.method === 'say') s.callEvent(c.callId, 'Call.PlaybackFinished', {});
    else if (c.name === 'call' && c.method === 'startPlayback') ready();
  };
}

/** The same commands as RemoteCommands, from a session on this thread. */
function localServices(drive: (sessionId: string, c: RemoteCommand) => void): ScenarioServices {
  let n = 0;
  const id = () => `id-${++n}`;
  return {
    callCommand: (s, callId, method, args) => drive(s, { name: 'call', callId, method, args }),
    callPSTN: (): CallInfo => ({ id: id(), incoming: false }),
    callUser: (): CallInfo => ({ id: id(), incoming: false }),
    callSIP: (): CallInfo => ({ id: id(), incoming: false }),
    sendMediaBetween: () => undefined,
    stopMediaBetween: () => undefined,
    enqueue: (s, queue, callerid, options) => {
      const requestId = id();
      // After the script has its request object: the events come from the ACD later, not from inside the call.
      queueMicrotask(() => drive(s, { name: 'enqueue', requestId, queue, callerid, options }));
      return { id: requestId };
    },
    acdCommand: (s, requestId, method) => queueMicrotask(() => drive(s, { name: 'acd', requestId, method })),
    log: () => undefined,
  };
}

async function run(workers: number): Promise<{ rate: number; cpuMs: number; loopMs: number }> {
  const pool = workers > 0 ? await ScenarioWorkers.start({ threads: workers }) : undefined;
  const sessions = new Map<string, SessionHandle>();
  const drives = new Map<string, (c: RemoteCommand) => void>();
  let done = 0;
  let finish!: () => void;
  const allReady = new Promise<void>((r) => (finish = r));
  const readyOne = (): void => {
    if (++done === SESSIONS) finish();
  };
  const services = localServices((sessionId, c) => drives.get(sessionId)?.(c));
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  for (let i = 0; i < SESSIONS; i++) {
    const sessionId = `s${i}`;
    drives.set(sessionId, driver(() => sessions.get(sessionId)!, i + 1, readyOne));
    let session: SessionHandle;
    if (pool) {
      session = pool.open({ sessionId, filename: FILE, source: SOURCE, customData: '' }, { onCommand: (_s, c) => drives.get(sessionId)?.(c), onEnded: () => undefined });
    } else {
      const local = new ScenarioSession({ id: sessionId, filename: FILE, source: SOURCE, services, clock: systemClock });
      local.start();
      session = local;
    }
    sessions.set(sessionId, session);
    session.inboundCall({ id: `in-${i}`, incoming: true, callerid: '+14155550123', destination: '+18005550100' });
    // Let the workers' answers in now and then, as the server's event loop would between INVITEs.
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  await allReady;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const loop = performance.eventLoopUtilization(elu0);
  for (const s of sessions.values()) s.terminate('bench over');
  await Promise.all([...sessions.values()].map((s) => s.whenEnded()));
  await pool?.stop();
  return { rate: SESSIONS / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / SESSIONS, loopMs: (loop.active / SESSIONS) };
}

async function main(): Promise<void> {
  console.log(machineLine());
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${availableParallelism()} cores`);
  console.log(`bench:scenario-sessions: ${SESSIONS} sessions of scenarios/${FILE} set up at once (answer, enqueue, status, announcement, music), ${ROUNDS} rounds per mode`);
  console.log('');
  console.log('| scenarios.workers | round | sessions set up per s | CPU per session ms (all threads) | main thread event loop per session ms |');
  console.log('|---|---|---|---|---|');
  for (let round = 1; round <= ROUNDS; round++) {
    for (const workers of MODES) {
      const r = await run(workers);
      console.log(`| ${workers} | ${round} | ${r.rate.toFixed(0)} | ${r.cpuMs.toFixed(2)} | ${r.loopMs.toFixed(2)} |`);
    }
  }
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
