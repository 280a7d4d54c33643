import { randomUUID } from 'node:crypto';
import type { CallInfo, ScenarioServices, UserCallParams } from '../session/scenario-services.js';
import type { RemoteCommand } from './scenario-worker-protocol.js';

/**
 * The `ScenarioServices` of sessions on a scenario worker: each operation becomes a `RemoteCommand` for the main
 * thread. A new call's or request's id is chosen here and its `CallInfo` built the way the main thread's
 * `infoOf(call)` would (an outbound call's identity is exactly what the script asked for), so the script gets its
 * object at once, as with a session on the main thread.
 */
export function remoteServices(send: (sessionId: string, command: RemoteCommand) => void): ScenarioServices {
  return {
    callCommand: (sessionId, callId, method, args) => send(sessionId, { name: 'call', callId, method, args }),
    callPSTN(sessionId, number, callerid) {
      const callId = randomUUID();
      send(sessionId, { name: 'callPSTN', callId, number, callerid });
      return outbound(callId, number, callerid ?? undefined, undefined);
    },
    callUser(sessionId, params: UserCallParams) {
      const callId = randomUUID();
      send(sessionId, { name: 'callUser', callId, params });
      return outbound(callId, params.username, params.callerid, params.displayName);
    },
    callSIP(sessionId, uri, params) {
      const callId = randomUUID();
      send(sessionId, { name: 'callSIP', callId, uri, params });
      const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      return outbound(callId, uri, text(params.callerid), text(params.displayName));
    },
    sendMediaBetween: (sessionId, a, b) => send(sessionId, { name: 'sendMediaBetween', a, b }),
    stopMediaBetween: (sessionId, a, b) => send(sessionId, { name: 'stopMediaBetween', a, b }),
    enqueue(sessionId, queue, callerid, options) {
      const requestId = randomUUID();
      send(sessionId, { name: 'enqueue', requestId, queue, callerid, options });
      return { id: requestId };
    },
    acdCommand: (sessionId, requestId, method) => send(sessionId, { name: 'acd', requestId, method }),
    log: (sessionId, _scenario, message) => send(sessionId, { name: 'log', message }),
  };
}

function outbound(id: string, number: string, callerid: string | undefined, displayName: string | undefined): CallInfo {
  return { id, incoming: false, callerid, displayName, number, destination: number, headers: undefined };
}
