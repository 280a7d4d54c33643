import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Request } from '../acd/types.js';
import { eventOut } from './mapping/event.js';
import { AcdEventSchema } from './schemas/event.js';
import { eventVisibleTo } from './sse/event-filter.js';
import { expectProblem } from './test-support/expect-problem.js';
import { ADMIN_TOKEN, makeTestApi, type TestApi } from './test-support/test-api.js';
import { anyString } from './test-support/matchers.js';

let api: TestApi;
afterEach(async () => {
  await api.app.close();
});

/** An SSE client over node:http (no connection pooling, so hanging up really closes the socket). */
class StreamReader {
  private text = '';

  constructor(
    readonly res: IncomingMessage,
    private readonly req: ClientRequest,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.text += chunk;
    });
  }

  async until(predicate: (text: string) => boolean, timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.text)) {
      if (Date.now() > deadline) throw new Error(`stream did not match; got:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.text;
  }

  /** The events received so far, parsed. */
  events(): { event: string; data: unknown }[] {
    return this.text
      .split('\n\n')
      .filter((block) => block.startsWith('event: '))
      .map((block) => {
        const [eventLine = '', dataLine = ''] = block.split('\n');
        return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) as unknown };
      });
  }

  close(): void {
    this.req.destroy();
  }
}

function open(path: string, headers: Record<string, string> = {}): Promise<StreamReader> {
  const { port } = api.app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => resolve(new StreamReader(res, req)));
    req.on('error', reject);
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('GET /api/v1/events (Server-Sent Events)', () => {
  it('streams events, heartbeats on the injected clock, and unsubscribes on close', async () => {
    api = await makeTestApi();
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await open(`/api/v1/events?access_token=${ADMIN_TOKEN}`);
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers['cache-control']).toContain('no-cache');
    await stream.until((t) => t.includes(': connected'));
    expect(api.acd.listenerCount).toBe(1);

    await api.request({ method: 'POST', url: '/api/v1/requests', headers: api.admin, payload: { queue: 'MainQueue', kind: 'callback', phone: '+12125550123', customData: 'secret' } });
    await stream.until((t) => t.includes('event: Queued'));
    const [queued] = stream.events();
    expect(queued!.event).toBe('Queued');
    const data = AcdEventSchema.parse(queued!.data);
    expect(data).toMatchObject({ type: 'Queued', at: '2026-01-01T09:00:00.000Z', duplicate: false, request: { phone: '+12125550123', createdAt: '2026-01-01T09:00:00.000Z' } });
    expect(JSON.stringify(data)).not.toContain('secret'); // summaries leave out customData and payload

    api.clock.advance(15_000);
    await stream.until((t) => t.includes(': heartbeat'));
    api.clock.advance(15_000);
    await stream.until((t) => t.split(': heartbeat').length === 3);

    stream.close();
    await waitFor(() => api.acd.listenerCount === 0);
  });

  it('gives an operator only the events about itself', async () => {
    api = await makeTestApi();
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await open('/api/v1/events', api.operator('alice'));
    await stream.until((t) => t.includes(': connected'));
    await api.request({ method: 'PUT', url: '/api/v1/operators/bob/status', headers: api.admin, payload: { status: 'READY' } });
    await api.request({ method: 'POST', url: '/api/v1/requests', headers: api.admin, payload: { queue: 'MainQueue', kind: 'task' } });
    await api.request({ method: 'PUT', url: '/api/v1/operators/alice/status', headers: api.admin, payload: { status: 'READY' } });
    await stream.until((t) => t.includes('event: OperatorStatusChanged'));
    expect(stream.events()).toEqual([
      { event: 'OperatorStatusChanged', data: { type: 'OperatorStatusChanged', at: anyString(), operator: 'alice', status: 'READY', previous: 'OFFLINE' } },
    ]);
  });

  it('ends open streams when the server closes', async () => {
    api = await makeTestApi();
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await open('/api/v1/events', api.supervisor);
    await stream.until((t) => t.includes(': connected'));
    await api.app.close();
    expect(api.acd.listenerCount).toBe(0);
  });

  it('answers 401 without a token and 400 for unknown query parameters', async () => {
    api = await makeTestApi();
    expectProblem(await api.request({ method: 'GET', url: '/api/v1/events' }), 401);
    expectProblem(await api.request({ method: 'GET', url: `/api/v1/events?access_token=${ADMIN_TOKEN}&x=1` }), 400);
  });
});

describe('eventVisibleTo', () => {
  const request: Request = {
    id: 'r1', queue: 'Q', kind: 'callback', priority: 50, virtualStart: 0, seq: 1, createdAt: 0, updatedAt: 0,
    state: 'offered', attempts: 0, offers: 1,
    offer: { id: 'o1', operator: 'alice', phase: 'ringing', since: 0, expiresAt: 60_000 },
  };
  const alice = { role: 'operator' as const, subject: 'alice', operator: 'alice' };
  const bob = { role: 'operator' as const, subject: 'bob', operator: 'bob' };
  const sup = { role: 'supervisor' as const, subject: 's' };

  it('shows offers to their operator only, and everything to supervisors', () => {
    const offered = { type: 'Offered' as const, request, offer: request.offer! };
    expect(eventVisibleTo(alice, offered)).toBe(true);
    expect(eventVisibleTo(bob, offered)).toBe(false);
    expect(eventVisibleTo(sup, offered)).toBe(true);
    const queued = { type: 'Queued' as const, request, duplicate: false };
    expect(eventVisibleTo(alice, queued)).toBe(false);
    expect(eventVisibleTo(sup, queued)).toBe(true);
    const ended = { type: 'Ended' as const, request: { ...request, state: 'completed' as const, offer: undefined, handledBy: 'bob' } };
    expect(eventVisibleTo(bob, ended)).toBe(true);
    expect(eventVisibleTo(alice, ended)).toBe(false);
    const failed = { type: 'OperatorFailed' as const, request, operator: 'alice', cause: 'busy' as const, statusCode: 486 };
    expect(eventVisibleTo(alice, failed)).toBe(true);
    expect(eventVisibleTo(bob, failed)).toBe(false);
  });

  it('maps every event kind to the documented shape', () => {
    const offer = request.offer!;
    const events = [
      { type: 'Queued', request, duplicate: true },
      { type: 'Offline', request },
      { type: 'QueueFull', request, cause: 'wait', predictedWait: 900 },
      { type: 'Offered', request, offer },
      { type: 'OfferWithdrawn', request, offer, cause: 'cancelled' },
      { type: 'OperatorReached', request, offer },
      { type: 'OperatorFailed', request, operator: 'alice', cause: 'no-answer', statusCode: 480 },
      { type: 'DialCustomer', request, offer, attempt: 1 },
      { type: 'CustomerDialFailed', request, outcome: 'busy', retryAt: 120_000 },
      { type: 'CustomerDialFailed', request, outcome: 'failed', retryAt: null },
      { type: 'Connected', request, operator: 'alice' },
      { type: 'Requeued', request, reason: 'declined' },
      { type: 'Ended', request },
      { type: 'OperatorStatusChanged', operator: 'alice', status: 'IN_SERVICE', previous: 'READY' },
    ] as const;
    for (const event of events) {
      const out = eventOut(event, 1000);
      expect(AcdEventSchema.safeParse(out).success, event.type).toBe(true);
      expect(out.at).toBe('1970-01-01T00:00:01.000Z');
    }
  });
});
