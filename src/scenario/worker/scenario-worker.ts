/**
 * A scenario worker thread: runs scenario sessions (each in its own isolate, as on the main thread) so that creating
 * isolates and running handlers, most of a new call's CPU, no longer holds up SIP, the ACD and the store on the main
 * thread. Sessions here are the same `ScenarioSession`s; only their services are messages (remote-services.ts).
 * Started by ScenarioWorkers (scenario-workers.ts); the protocol is in scenario-worker-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../lib/clock.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import { ScenarioSession } from '../session/scenario-session.js';
import { remoteServices } from './remote-services.js';
import type { FromScenarioWorker, ScenarioWorkerData, SessionStart, ToScenarioWorker, WireSandboxError } from './scenario-worker-protocol.js';

if (!parentPort) throw new Error('scenario-worker.ts runs as a worker thread');
const port = parentPort;
const init = workerData as ScenarioWorkerData;
const replies = init.replies;
const sessions = new Map<string, ScenarioSession>();
const post = (m: FromScenarioWorker): void => replies.postMessage(m);
const services = remoteServices((sessionId, command) => post({ ev: 'command', sessionId, command }));

function wire(error: SandboxError): WireSandboxError {
  return { reason: error.reason, message: error.message, location: error.location };
}

function start(s: SessionStart): void {
  const session = new ScenarioSession({
    id: s.sessionId,
    filename: s.filename,
    source: s.source,
    services,
    clock: systemClock,
    customData: s.customData,
    ...(init.lifetime ? { lifetime: init.lifetime } : {}),
    ...(init.limits ? { limits: init.limits } : {}),
    onEnded: (reason, error) => {
      sessions.delete(s.sessionId);
      post({ ev: 'ended', sessionId: s.sessionId, reason, error: error ? wire(error) : undefined });
    },
  });
  sessions.set(s.sessionId, session);
  try {
    session.start();
  } catch (err) {
    const error = err instanceof SandboxError ? err : new SandboxError('compile-error', (err as Error).message);
    post({ ev: 'startFailed', sessionId: s.sessionId, error: wire(error) });
    session.terminate('error', error);
    return;
  }
  post({ ev: 'started', sessionId: s.sessionId });
}

function handle(m: ToScenarioWorker): void {
  switch (m.op) {
    case 'start':
      return start(m.start);
    case 'inbound':
      return sessions.get(m.sessionId)?.inboundCall(m.info);
    case 'adopt':
      return sessions.get(m.sessionId)?.adoptCall(m.info);
    case 'callEvent':
      return sessions.get(m.sessionId)?.callEvent(m.callId, m.event, m.data);
    case 'acdEvent':
      return sessions.get(m.sessionId)?.acdEvent(m.requestId, m.event, m.data);
    case 'terminate':
      return sessions.get(m.sessionId)?.terminate(m.reason);
    case 'flush':
      return post({ ev: 'flushed', seq: m.seq });
    case 'exit':
      for (const session of [...sessions.values()]) session.terminate('server shutting down');
      // Nothing else keeps the thread alive: it ends once isolated-vm has finished disposing the isolates.
      replies.close();
      return port.close();
  }
}

port.on('message', (m: ToScenarioWorker) => {
  try {
    handle(m);
  } catch (err) {
    // A session contains its script's failures; this is a bug of ours. The other sessions go on.
    const sessionId = 'sessionId' in m ? m.sessionId : m.op === 'start' ? m.start.sessionId : undefined;
    if (sessionId) post({ ev: 'command', sessionId, command: { name: 'log', message: `scenario worker: ${m.op} failed: ${(err as Error).stack ?? String(err)}` } });
  }
});
post({ ev: 'ready' });
