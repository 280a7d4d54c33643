import { describe, expect, it } from 'vitest';
import { FakeClock } from '../lib/fake-clock.js';
import { AcdService, type DeclaredAcd } from './acd-service.js';
import { NotFoundError } from './errors.js';
import type { AcdEvent } from './events.js';
import { InMemoryStore } from './in-memory-store.js';
import type { CommitBatch } from './store-port.js';

const declared: DeclaredAcd = {
  queues: [{ name: 'MainQueue', settings: { ringTimeout: 30, wrapUpTime: 0 } }],
  operators: [
    { username: 'alice', displayName: 'Alice', queues: [{ queue: 'MainQueue', skill: 50 }] },
    { username: 'bob', queues: [{ queue: 'MainQueue', skill: 10 }] },
  ],
};

async function open(store = new InMemoryStore(), clock = new FakeClock()) {
  let n = 0;
  const service = await AcdService.open({ store, clock, newId: () => `id-${++n}-${clock.now()}` }, declared);
  return { service, store, clock };
}

describe('AcdService', () => {
  it('commits a change before publishing its events or answering', async () => {
    const { service, store } = await open();
    const order: string[] = [];
    const commit = store.commit.bind(store);
    store.commit = async (b: CommitBatch) => {
      order.push('commit');
      await commit(b);
    };
    service.subscribe((e) => order.push(`event:${e.type}`));
    const created = service.createRequest({ queue: 'MainQueue', kind: 'callback', phone: '+15550001' });
    await created.then(() => order.push('answered'));
    expect(order).toEqual(['commit', 'event:Queued', 'answered']);
  });

  it('groups concurrent commands into fewer transactions', async () => {
    const { service, store } = await open();
    const before = store.commits;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => service.createRequest({ queue: 'MainQueue', kind: 'task', payload: { i } })),
    );
    expect(results.every((r) => r.request.state === 'waiting')).toBe(true);
    expect(store.commits - before).toBeLessThan(10);
    expect(results.map((r) => r.request.position)).toEqual(results.map((_, i) => i + 1));
  });

  it('replays an idempotent create and refuses the same key with another body', async () => {
    const { service } = await open();
    const idem = { client: 'web', key: 'k1', fingerprint: 'f1' };
    const first = await service.createRequest({ queue: 'MainQueue', kind: 'callback', phone: '+15550001' }, idem);
    const again = await service.createRequest({ queue: 'MainQueue', kind: 'callback', phone: '+15550001' }, idem);
    expect(again.replayed).toBe(true);
    expect(again.request.id).toBe(first.request.id);
    await expect(
      service.createRequest({ queue: 'MainQueue', kind: 'callback', phone: '+15550002' }, { ...idem, fingerprint: 'f2' }),
    ).rejects.toThrow(/different request body/);
    const other = await service.createRequest({ queue: 'MainQueue', kind: 'callback', phone: '+15550001' }, { ...idem, client: 'other' });
    expect(other.replayed).toBe(false);
    expect(other.duplicate).toBe(true);
  });

  it('runs ring timeouts on the injected clock', async () => {
    const { service, clock } = await open();
    await service.setOperatorStatus('alice', 'READY');
    const events: AcdEvent[] = [];
    service.subscribe((e) => events.push(e));
    const { request } = await service.createRequest({ queue: 'MainQueue', kind: 'task', channel: 'email' });
    expect(request.state).toBe('offered');
    clock.advance(30_000);
    await waitFor(() => events.some((e) => e.type === 'OperatorFailed'));
    expect((await service.getRequest(request.id)).state).toBe('waiting');
  });

  it('restarts with the same order, offers back in place, live calls ended, config re-applied idempotently', async () => {
    const { service, store, clock } = await open();
    await service.setOperatorStatus('bob', 'ONLINE');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await service.createRequest({ queue: 'MainQueue', kind: 'callback', phone: `+1555000${i}` })).request.id);
      clock.advance(1000);
    }
    const call = await service.createRequest({ queue: 'MainQueue', kind: 'call', phone: '+15559999' });
    await service.setOperatorStatus('alice', 'READY');
    expect((await service.getRequest(ids[0]!)).state).toBe('offered');
    const before = await Promise.all(ids.map((id) => service.getRequest(id)));
    // No close(): the process "dies" here; a new service opens the same store.
    const { service: revived } = await open(store, clock);
    const after = await Promise.all(ids.map((id) => revived.getRequest(id)));
    // The first callback went back to its place and, alice being READY, was offered to her again at once.
    expect(after[0]!.offer?.operator).toBe('alice');
    expect(after.map((r) => r.position)).toEqual([undefined, 1, 2, 3, 4]);
    expect(after.map((r) => r.virtualStart)).toEqual(before.map((r) => r.virtualStart));
    expect((await revived.getRequest(call.request.id)).state).toBe('abandoned');
    expect(revived.getOperator('alice').status).toBe('READY');
    expect(revived.listQueues()).toHaveLength(1);
    expect(revived.listOperators().map((o) => o.username).sort()).toEqual(['alice', 'bob']);
    const history = await revived.history(ids[0]!);
    expect(history.map((h) => h.event)).toEqual(['ENQUEUE', 'OFFER', 'RECOVER', 'OFFER']);
    await revived.close();
    await service.close();
  });

  it('turns lost live callers into callbacks when the queue says so', async () => {
    const store = new InMemoryStore();
    const clock = new FakeClock();
    const s1 = await AcdService.open({ store, clock, newId: () => 'c1' }, {
      queues: [{ name: 'MainQueue', settings: { callback: { onCallerLost: 'callback' } } }],
      operators: [{ username: 'alice', queues: [{ queue: 'MainQueue', skill: 0 }] }],
    });
    await s1.setOperatorStatus('alice', 'ONLINE');
    await s1.createRequest({ queue: 'MainQueue', kind: 'call', phone: '+15550001' });
    const { service: s2 } = await open(store, clock);
    const r = await s2.getRequest('c1');
    expect(r.kind).toBe('callback');
    expect(r.state).toBe('waiting');
    expect(r.position).toBe(1);
  });

  it('a failed commit rejects the command and leaves the durable state as it was', async () => {
    const { service, store } = await open();
    const events: AcdEvent[] = [];
    service.subscribe((e) => events.push(e));
    store.failNextCommit = new Error('disk full');
    await expect(service.createRequest({ queue: 'MainQueue', kind: 'task' })).rejects.toThrow('disk full');
    // Nothing of the refused command was published; an Error event says what happened.
    expect(events.map((e) => e.type)).toEqual(['Error']);
    expect(events[0]!.type === 'Error' && events[0].error).toBe('disk full');
    expect(service.getQueue('MainQueue').waiting).toBe(0);
    const ok = await service.createRequest({ queue: 'MainQueue', kind: 'task' });
    expect(ok.request.position).toBe(1);
  });

  it('statistics: service level, ASA, AHT, abandon rate, callbacks', async () => {
    const { service, clock } = await open();
    await service.setOperatorStatus('alice', 'READY');
    await service.setOperatorStatus('bob', 'ONLINE');
    const a = await service.createRequest({ queue: 'MainQueue', kind: 'call' });
    clock.advance(10_000);
    await service.acceptOffer(a.request.id, 'alice');
    const b = await service.createRequest({ queue: 'MainQueue', kind: 'call' });
    clock.advance(60_000);
    await service.completeRequest(a.request.id, 'alice');
    await service.acceptOffer(b.request.id, 'alice');
    clock.advance(30_000);
    await service.completeRequest(b.request.id);
    const c = await service.createRequest({ queue: 'MainQueue', kind: 'call' });
    await service.setOperatorStatus('alice', 'ONLINE');
    clock.advance(5_000);
    await service.callerGone(c.request.id);
    const stats = await service.queueStatistics('MainQueue', 0);
    expect(stats.answered).toBe(2);
    expect(stats.abandoned).toBe(1);
    expect(stats.serviceLevelPercent).toBeCloseTo(33.3, 1); // a: 10 s ≤ 20 s; b: 60 s; c abandoned
    expect(stats.averageSpeedOfAnswer).toBe(35);
    expect(stats.averageHandleTime).toBe(45);
    expect(stats.abandonRatePercent).toBeCloseTo(33.3, 1);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

describe('AcdService restart without a declared config', () => {
  it('offers requests back in line to operators who are READY, without any other trigger', async () => {
    const { service, store, clock } = await open();
    await service.setOperatorStatus('bob', 'ONLINE');
    const { request } = await service.createRequest({ queue: 'MainQueue', kind: 'task', channel: 'email' });
    await service.setOperatorStatus('alice', 'READY');
    expect((await service.getRequest(request.id)).offer?.operator).toBe('alice');
    const revived = await AcdService.open({ store, clock, newId: () => 'x' });
    expect((await revived.getRequest(request.id)).offer?.operator).toBe('alice');
  });
});

describe('AcdService voice reachability', () => {
  async function openUnreachable(store = new InMemoryStore(), clock = new FakeClock()) {
    let n = 0;
    const service = await AcdService.open(
      { store, clock, newId: () => `id-${++n}-${clock.now()}`, operatorsStartReachable: false },
      declared,
    );
    return { service, store, clock };
  }

  it('operators start reachable by default', async () => {
    const { service } = await open();
    expect(service.getOperator('alice').voiceReachable).toBe(true);
  });

  it('a READY operator without a phone gets no call; registering offers it, durably, before resolving', async () => {
    const { service, store } = await openUnreachable();
    await service.setOperatorStatus('alice', 'READY');
    expect(service.getOperator('alice')).toMatchObject({ status: 'READY', voiceReachable: false });
    const { request } = await service.createRequest({ queue: 'MainQueue', kind: 'call', phone: '+15550001' });
    expect(request.state).toBe('waiting');
    const events: AcdEvent[] = [];
    service.subscribe((e) => events.push(e));
    await service.setOperatorReachable('alice', true);
    expect(events.map((e) => e.type)).toEqual(['OperatorReachabilityChanged', 'Offered']);
    expect((await store.getRequest(request.id))?.state).toBe('offered');
    expect(service.getOperator('alice').voiceReachable).toBe(true);
  });

  it('an unknown operator is NotFound', async () => {
    const { service } = await openUnreachable();
    await expect(service.setOperatorReachable('nobody', true)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is not stored: a restart starts from the option again; a reload after a failed commit keeps it', async () => {
    const { service, store, clock } = await openUnreachable();
    await service.setOperatorReachable('alice', true);
    store.failNextCommit = new Error('disk full');
    await expect(service.createRequest({ queue: 'MainQueue', kind: 'task' })).rejects.toThrow('disk full');
    expect(service.getOperator('alice').voiceReachable).toBe(true);
    expect(service.getOperator('bob').voiceReachable).toBe(false);
    const { service: revived } = await openUnreachable(store, clock);
    expect(revived.getOperator('alice').voiceReachable).toBe(false);
  });
});
