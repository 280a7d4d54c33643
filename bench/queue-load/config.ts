/**
 * The holdless config of bench:queue-load: inbound calls from the SIPp "carrier" on 127.0.0.1 run `scenario` (the
 * shipped scenarios/callback-queue.js, or bench/queue-load/music-only.js); one queue with no size or wait limit (maxQueueSize 0, maxWaitingTime 0: unlimited), one
 * operator who will be ONLINE but never READY, so every call is queued (not refused as Offline) and stays queued.
 * The callers send no RTP (the benchmark's receivers only listen), so the media timeout is off; SIP keep-alive is off
 * (the trunk address is a dead port: nothing is dialed out).
 */
export const QUEUE = 'MainQueue';
export const OPERATOR = { username: 'op1', password: 'bench-op1-pass' };

export function queueLoadConfig(o: {
  root: string;
  sipPort: number;
  rtpPorts: { min: number; max: number };
  scenario: string;
  /** media.workers (unset: the server's default). */
  mediaWorkers?: number | undefined;
  /** scenarios.workers (unset: the server's default). */
  scenarioWorkers?: number | undefined;
}): string {
  return `
server: { logLevel: warn }
api:
  rateLimits: { callbacksPerClientPerMinute: 100000, callbacksPerNumberPerHour: 100000 }
sip:
  listen: [{ transport: udp, host: 127.0.0.1, port: ${o.sipPort} }]
  keepAliveSeconds: 0
trunks:
  - { name: carrier, address: '127.0.0.1:9', allowedSources: [127.0.0.1], callerId: '+15550100' }
queues:
  - name: ${QUEUE}
    maxQueueSize: 0
    maxWaitingTime: 0
    averageServiceTime: 60
operators:
  - { username: ${OPERATOR.username}, password: ${OPERATOR.password}, queues: [${QUEUE}] }
rules:
  - { name: inbound, pattern: '.*', scenario: '${o.scenario}' }
media:
  rtpHost: 127.0.0.1
  rtpPorts: { min: ${o.rtpPorts.min}, max: ${o.rtpPorts.max} }
  mediaTimeoutSeconds: 0
${o.mediaWorkers === undefined ? '' : `  workers: ${o.mediaWorkers}
`}${o.scenarioWorkers === undefined ? '' : `scenarios:
  workers: ${o.scenarioWorkers}
`}`;
}
