import { afterEach, describe, expect, it } from 'vitest';
import { apiClient, removeDir, startServerProcess, tempDir, writeConfig, type ServerProcess } from '../support/server-process.js';

const CONFIG = `
server: { logLevel: warn }
# Operators take offers over the REST API here, without SIP phones.
sip: { requireRegistration: false }
# A bulk load from one client: lift the per-client limit that protects the public callback endpoint.
api: { rateLimits: { callbacksPerClientPerMinute: 100000 } }
queues:
  - name: MainQueue
    averageServiceTime: 120
    ringTimeout: 60
    callback: { expirySeconds: 0 }
operators:
  - { username: alice, password: alice-pass, queues: [MainQueue] }
  - { username: bob, password: bob-pass-1, queues: [MainQueue] }
`;

interface LiveRequest {
  id: string;
  kind: string;
  state: string;
  position?: number;
  virtualStart: string;
  estimatedWaitSeconds?: number | null;
  offer?: { operator: string; phase: string };
}

describe('crash recovery (real server process, kill -9)', () => {
  let dir = '';
  const running: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop('SIGKILL');
    if (dir) removeDir(dir);
  });

  it('1,000 callbacks created over HTTP come back in order, with their places and estimates, after kill -9', async () => {
    dir = tempDir('holdless-crash-');
    const configFile = writeConfig(dir, CONFIG);
    const first = await startServerProcess({ configFile, dataDir: dir });
    running.push(first);
    const api = apiClient(first.url, first.adminToken);

    // Bob staffs the queue, so every callback has an estimate; he takes the first callback (operator-first: he is
    // reached, the customer is being dialed) when the process dies.
    expect((await api('PUT', '/operators/bob/status', { status: 'READY' })).status).toBe(200);
    const ids: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const created = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const n = batch * 50 + i;
          return api<{ id: string }>('POST', '/requests', {
            queue: 'MainQueue',
            kind: 'callback',
            phone: `+1415555${String(n).padStart(4, '0')}`,
            name: `Customer ${n}`,
          });
        }),
      );
      for (const c of created) {
        expect(c.status).toBe(201);
        ids.push(c.body.id);
      }
    }
    expect(ids).toHaveLength(1000);
    const accepted = await api('POST', `/requests/${ids[0]}/accept`);
    expect(accepted.status).toBe(200);
    const before = await api<{ requests: LiveRequest[] }>('GET', '/queues/MainQueue/live');
    const order = before.body.requests.filter((r) => r.state === 'waiting').map((r) => r.id);
    expect(order).toEqual(ids.slice(1));

    expect(await first.stop('SIGKILL')).toBe(null);

    const second = await startServerProcess({ configFile, dataDir: dir });
    running.push(second);
    const api2 = apiClient(second.url, second.adminToken);
    const after = await api2<{ requests: LiveRequest[] }>('GET', '/queues/MainQueue/live');
    const all = after.body.requests;
    expect(all).toHaveLength(1000);
    // The callback being dialed went back to its place (first) and, bob being READY, was offered to him again.
    const head = all.find((r) => r.id === ids[0])!;
    expect(head.offer?.operator).toBe('bob');
    const waiting = all.filter((r) => r.state === 'waiting');
    expect(waiting.map((r) => r.id)).toEqual(ids.slice(1));
    expect(waiting.map((r) => r.position)).toEqual(waiting.map((_, i) => i + 1));
    const beforeStarts = new Map(before.body.requests.map((r) => [r.id, r.virtualStart]));
    for (const r of all) expect(r.virtualStart).toBe(beforeStarts.get(r.id));
    const estimates = waiting.map((r) => r.estimatedWaitSeconds);
    expect(estimates.every((e) => typeof e === 'number' && e > 0)).toBe(true);
    for (let i = 1; i < estimates.length; i++) expect(estimates[i]!).toBeGreaterThanOrEqual(estimates[i - 1]!);
    const history = await api2<{ items: Array<{ event: string }> } | Array<{ event: string }>>('GET', `/requests/${ids[0]}/history`);
    const events = (Array.isArray(history.body) ? history.body : history.body.items).map((h) => h.event);
    expect(events).toEqual(['ENQUEUE', 'OFFER', 'DIAL', 'RECOVER', 'OFFER']);
  });
});
