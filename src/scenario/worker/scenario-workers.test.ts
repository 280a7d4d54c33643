/**
 * Sessions on scenario worker threads (real threads, real isolates): the script's commands reach the main thread in
 * its order with the ids it was given, events reach the script, failures end only their session with the line named,
 * the host's terminate hangs up and cancels, and a worker stopping under its sessions loses them visibly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxError } from '../sandbox/sandbox-error.js';
import type { CallInfo } from '../session/scenario-services.js';
import type { RemoteSession } from './remote-session.js';
import type { RemoteCommand } from './scenario-worker-protocol.js';
import { ScenarioWorkers } from './scenario-workers.js';

const INBOUND: CallInfo = { id: 'in-1', callerid: '+14155550123', destination: '+18005550100', incoming: true };

let workers: ScenarioWorkers | undefined;
afterEach(async () => {
  await workers?.stop();
  workers = undefined;
});

/** Checks of the conditions tests wait for, run whenever a worker's message reaches a session's sink. */
const waiting = new Set<() => void>();
const arrived = (): void => {
  for (const check of [...waiting]) check();
};

/** Waits until a worker's messages make `ok` true, failing with what was seen after `ms`. */
function until(what: string, ok: () => boolean, seen: () => unknown, ms = 5000): Promise<void> {
  if (ok()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(check);
      reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(seen())}`));
    }, ms);
    const check = (): void => {
      if (!ok()) return;
      waiting.delete(check);
      clearTimeout(timer);
      resolve();
    };
    waiting.add(check);
  });
}

async function open(source: string, o: { threads?: number; customData?: string; sessionId?: string } = {}) {
  workers ??= await ScenarioWorkers.start({ threads: o.threads ?? 1, limits: { handlerTimeoutMs: 200 } });
  const commands: RemoteCommand[] = [];
  const ended: Array<{ reason: string; error?: SandboxError | undefined }> = [];
  const lost: string[][] = [];
  const session = workers.open(
    { sessionId: o.sessionId ?? 's1', filename: 'flow.js', source, customData: o.customData ?? '' },
    {
      onCommand: (_s: RemoteSession, c) => {
        commands.push(c);
        arrived();
      },
      onEnded: (reason, error) => {
        ended.push({ reason, error });
        arrived();
      },
      onLost: (_s, callIds) => {
        lost.push(callIds);
        arrived();
      },
    },
  );
  const names = () => commands.map((c) => (c.name === 'call' ? `${c.callId}.${c.method}` : c.name === 'log' ? `log ${c.message}` : c.name));
  return { session, commands, ended, lost, names };
}

const ANSWER_AND_QUEUE = `
VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var call = e.call;
  call.answer();
  call.addEventListener(CallEvents.Connected, function () {
    var request = VoxEngine.enqueueACDRequest('MainQueue', call.callerid(), { name: 'Ivan' });
    Logger.write('request ' + request.id());
    request.addEventListener(ACDEvents.Waiting, function (ev) { Logger.write('position ' + ev.position); });
    request.addEventListener(ACDEvents.OperatorReached, function (ev) {
      var customer = VoxEngine.callPSTN('+14155550123', '+18005550100');
      Logger.write('dialing ' + customer.id() + ' ' + customer.number() + ' from ' + customer.callerid());
      VoxEngine.sendMediaBetween(ev.operatorCall, customer);
    });
  });
  call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
});`;

describe('scenario sessions on a worker thread', () => {
  it('carries commands out in the script order with the ids the script saw, and events in', async () => {
    const t = await open(ANSWER_AND_QUEUE);
    await t.session.ready;
    t.session.inboundCall(INBOUND);
    await until('the answer', () => t.names().includes('in-1.answer'), t.names);
    t.session.callEvent('in-1', 'Call.Connected', {});
    await until('the enqueue', () => t.commands.some((c) => c.name === 'log'), t.names);
    const enqueue = t.commands.find((c) => c.name === 'enqueue');
    expect(enqueue).toMatchObject({ name: 'enqueue', queue: 'MainQueue', callerid: '+14155550123', options: { name: 'Ivan' } });
    const requestId = enqueue!.name === 'enqueue' ? enqueue!.requestId : '';
    expect(t.names()).toEqual(['in-1.answer', 'enqueue', `log request ${requestId}`]);

    t.session.acdEvent(requestId, 'ACD.Waiting', { position: 3, ewt: 2 });
    t.session.adoptCall({ id: 'op-1', incoming: false, number: 'alice' });
    t.session.acdEvent(requestId, 'ACD.OperatorReached', { operatorCall: { id: 'op-1', incoming: false, number: 'alice', state: 'CONNECTED' } });
    await until('the bridge', () => t.commands.some((c) => c.name === 'sendMediaBetween'), t.names);
    const dial = t.commands.find((c) => c.name === 'callPSTN');
    const customerId = dial!.name === 'callPSTN' ? dial!.callId : '';
    expect(dial).toMatchObject({ number: '+14155550123', callerid: '+18005550100' });
    expect(t.names().slice(3)).toEqual(['log position 3', 'callPSTN', `log dialing ${customerId} +14155550123 from +18005550100`, 'sendMediaBetween']);
    expect(t.commands.at(-1)).toEqual({ name: 'sendMediaBetween', a: 'op-1', b: customerId });
    // The main thread's view of the calls the session owns follows what crossed.
    expect(t.session.callIds).toEqual(['in-1', 'op-1', customerId]);

    t.session.callEvent('in-1', 'Call.Disconnected', {});
    await t.session.whenEnded();
    expect(t.ended).toEqual([{ reason: 'terminated by the scenario', error: undefined }]);
    expect(t.session.state).toBe('terminated');
    // Terminating hung up the calls it still had.
    expect(t.names().filter((n) => n.endsWith('.hangup'))).toEqual(['op-1.hangup', `${customerId}.hangup`]);
  });

  it('settled() resolves after the script handled what was sent before it (its cancel has arrived)', async () => {
    const t = await open(`
      var request;
      VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
        request = VoxEngine.enqueueACDRequest('MainQueue', '');
        e.call.addEventListener(CallEvents.Disconnected, function () { request.cancel(); });
      });`);
    t.session.inboundCall(INBOUND);
    t.session.callEvent('in-1', 'Call.Disconnected', {});
    await t.session.settled();
    expect(t.names()).toEqual(['enqueue', 'acd']);
    expect(t.commands[1]).toMatchObject({ name: 'acd', method: 'cancel' });
  });

  it("drain() takes the worker's commands in synchronously, while this thread's event loop is held up", async () => {
    const t = await open(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) { e.call.answer(); });`);
    await t.session.ready;
    t.session.inboundCall(INBOUND);
    // Busy here from now on (no await, no event-loop turn), as the main thread is under load.
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const deadline = Date.now() + 5000;
    while (!t.names().includes('in-1.answer') && Date.now() < deadline) {
      Atomics.wait(gate, 0, 0, 10);
      workers!.drain();
    }
    expect(t.names()).toEqual(['in-1.answer']);
  });

  it('a top level that throws fails the start with the line named; the worker goes on with the next session', async () => {
    const t = await open('var x = 1;\nthrow new Error("broken scenario");');
    await expect(t.session.ready).rejects.toMatchObject({ reason: 'compile-error', location: 'flow.js:2' });
    await t.session.whenEnded();
    expect(t.ended[0]?.error?.message).toMatch(/broken scenario/);

    const next = await open(`VoxEngine.addEventListener(AppEvents.Started, function () { Logger.write('custom ' + VoxEngine.customData()); });`, {
      sessionId: 's2',
      customData: '+79991234567:Ivan',
    });
    await next.session.ready;
    await until('the log line', () => next.commands.length > 0, next.names);
    expect(next.names()).toEqual(['log custom +79991234567:Ivan']);
  });

  it('an endless loop in a handler ends that session only, with its line', async () => {
    const looping = await open(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {\n  while (true) {}\n});`,
      { threads: 1, sessionId: 'loops' },
    );
    const calm = await open(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) { e.call.answer(); });`, { sessionId: 'calm' });
    looping.session.inboundCall(INBOUND);
    await looping.session.whenEnded();
    expect(looping.ended[0]).toMatchObject({ reason: 'error', error: { reason: 'timeout', location: 'flow.js:2' } });
    calm.session.inboundCall({ ...INBOUND, id: 'in-2' });
    await until('the answer', () => calm.names().includes('in-2.answer'), calm.names);
    expect(calm.session.state).toBe('running');
  });

  it("the host's terminate runs the script's Terminating handler, hangs up and cancels, then ends", async () => {
    const t = await open(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) { e.call.answer(); VoxEngine.enqueueACDRequest('MainQueue', ''); });
      VoxEngine.addEventListener(AppEvents.Terminating, function () { Logger.write('bye'); });`);
    t.session.inboundCall(INBOUND);
    await until('the enqueue', () => t.names().includes('enqueue'), t.names);
    t.session.terminate('server shutting down');
    expect(t.session.state).toBe('terminating');
    await t.session.whenEnded();
    expect(t.names()).toEqual(['in-1.answer', 'enqueue', 'log bye', 'in-1.hangup', 'acd']);
    expect(t.ended).toEqual([{ reason: 'server shutting down', error: undefined }]);
  });

  it('sessions spread over the workers; stopping the workers ends the sessions left like a shutdown', async () => {
    const a = await open(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) { e.call.answer(); });`, { threads: 2, sessionId: 'a' });
    const b = await open(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) { e.call.answer(); });`, { sessionId: 'b' });
    await Promise.all([a.session.ready, b.session.ready]);
    expect(workers!.threads).toBe(2);
    expect(workers!.sessions).toBe(2);
    a.session.inboundCall(INBOUND);
    await until('the answer', () => a.names().includes('in-1.answer'), a.names);
    await workers!.stop();
    expect(a.ended).toEqual([{ reason: 'server shutting down', error: undefined }]);
    expect(a.names()).toEqual(['in-1.answer', 'in-1.hangup']);
    expect(b.ended).toEqual([{ reason: 'server shutting down', error: undefined }]);
    expect([a.lost, b.lost]).toEqual([[], []]);
  });

  it('a worker that dies loses its sessions with their calls, and a new worker takes the next session', async () => {
    const a = await open(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) { e.call.answer(); });`, { sessionId: 'a' });
    await a.session.ready;
    a.session.inboundCall(INBOUND);
    await until('the answer', () => a.names().includes('in-1.answer'), a.names);
    await workers!.kill(0);
    await until('the loss', () => a.lost.length > 0, () => a.ended);
    expect(a.lost).toEqual([['in-1']]);
    expect(a.ended[0]).toMatchObject({ error: { reason: 'disposed' } });
    expect(a.session.state).toBe('terminated');

    const next = await open(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) { e.call.answer(); });`, { sessionId: 'next' });
    await next.session.ready;
    next.session.inboundCall({ ...INBOUND, id: 'in-2' });
    await until('the answer on the new worker', () => next.names().includes('in-2.answer'), next.names);
  });
});
