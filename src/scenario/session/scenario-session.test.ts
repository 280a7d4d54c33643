import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import type { CallInfo, ScenarioServices } from './scenario-services.js';
import { ScenarioSession } from './scenario-session.js';

const sessions: ScenarioSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.terminate('test over');
});

function services() {
  const log: string[] = [];
  const commands: string[] = [];
  let n = 0;
  const svc: ScenarioServices = {
    callCommand: (_s, callId, method) => void commands.push(`${callId}.${method}`),
    callPSTN: (): CallInfo => ({ id: `pstn-${++n}`, incoming: false }),
    callUser: (): CallInfo => ({ id: `user-${++n}`, incoming: false }),
    callSIP: (): CallInfo => ({ id: `sip-${++n}`, incoming: false }),
    sendMediaBetween: (_s, a, b) => void commands.push(`bridge ${a} ${b}`),
    stopMediaBetween: () => undefined,
    enqueue: (_s, queue) => {
      commands.push(`enqueue ${queue}`);
      return { id: 'req-1' };
    },
    acdCommand: (_s, id, method) => void commands.push(`${id}.${method}`),
    log: (_s, _f, m) => void log.push(m),
  };
  return { svc, log, commands };
}

function session(source: string, customData = '') {
  const clock = new FakeClock();
  const { svc, log, commands } = services();
  const ended: string[] = [];
  const s = new ScenarioSession({ id: 's1', filename: 'flow.js', source, services: svc, clock, customData, onEnded: (why) => ended.push(why) });
  sessions.push(s);
  return { s, clock, log, commands, ended };
}

const flush = () => new Promise<void>((r) => queueMicrotask(r));
const INBOUND: CallInfo = { id: 'in-1', callerid: '+14155550123', destination: '+18005550100', incoming: true };

describe('scenario session lifetime (VOXENGINE.md)', () => {
  it('an inbound call not answered within 60 s is dropped, and the idle session ends 60 s later', () => {
    const t = session(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
      e.call.addEventListener(CallEvents.Disconnected, function (ev) { Logger.write('dropped: ' + ev.reason); });
    });`);
    t.s.start();
    t.s.inboundCall(INBOUND);
    t.clock.advance(60_000);
    expect(t.commands).toEqual(['in-1.reject']);
    expect(t.log).toEqual(['dropped: not answered in time']);
    t.clock.advance(59_999);
    expect(t.s.state).toBe('running');
    t.clock.advance(1);
    expect(t.ended).toEqual(['lifetime']);
  });

  it('a session with no calls but a pending ACD request lives up to 120 minutes (the caller keeps their place)', () => {
    const t = session(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
      var call = e.call;
      call.answer();
      VoxEngine.enqueueACDRequest('MainQueue', call.callerid());
    });`);
    t.s.start();
    t.s.inboundCall(INBOUND);
    t.s.callEvent('in-1', 'Call.Connected');
    t.s.callEvent('in-1', 'Call.Disconnected', { reason: 'caller pressed #' });
    t.clock.advance(119 * 60_000);
    expect(t.s.state).toBe('running');
    expect(t.s.pendingRequests).toBe(1);
    t.clock.advance(60_000);
    expect(t.ended).toEqual(['lifetime']);
    // Ending cancels the request it still held.
    expect(t.commands).toContain('req-1.cancel');
  });

  it('once the request is served the session falls back to the idle rule', () => {
    const t = session(`VoxEngine.addEventListener(AppEvents.Started, function () { VoxEngine.enqueueACDRequest('MainQueue', '+1'); });`);
    t.s.start();
    t.clock.advance(10_000);
    t.s.acdEvent('req-1', 'ACD.OperatorReached', { operatorCall: { id: 'op-1', incoming: false } });
    t.clock.advance(60_000);
    expect(t.ended).toEqual(['lifetime']);
  });

  it('VoxEngine.terminate ends the session after the current handler: Terminating, calls hung up, Terminated', async () => {
    const t = session(`
      VoxEngine.addEventListener(AppEvents.Terminating, function () { Logger.write('terminating'); });
      VoxEngine.addEventListener(AppEvents.Terminated, function () { Logger.write('terminated'); });
      VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
        e.call.answer();
        VoxEngine.terminate();
        Logger.write('still running this block');
      });`);
    t.s.start();
    t.s.inboundCall(INBOUND);
    await flush();
    expect(t.log).toEqual(['still running this block', 'terminating', 'terminated']);
    expect(t.commands).toEqual(['in-1.answer', 'in-1.hangup']);
    expect(t.s.state).toBe('terminated');
  });

  it('a failing scenario is logged with its line and ends only its own session', async () => {
    const t = session(`VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
      e.call.answer();
      undefinedFunction();
    });`);
    const other = session(`VoxEngine.addEventListener(AppEvents.Started, function () { Logger.write('other ok'); });`);
    t.s.start();
    other.s.start();
    t.s.inboundCall(INBOUND);
    await flush();
    expect(t.log[0]).toMatch(/scenario failed \(uncaught-error\) at flow\.js:3: undefinedFunction is not defined/);
    expect(t.ended).toEqual(['error']);
    expect(t.commands).toEqual(['in-1.answer', 'in-1.hangup']);
    expect(other.s.state).toBe('running');
    expect(other.log).toEqual(['other ok']);
  });

  it('customData reaches VoxEngine.customData() of an HTTP-started session', () => {
    const t = session(`VoxEngine.addEventListener(AppEvents.Started, function () { Logger.write(VoxEngine.customData()); });`, '+14155550123:Ann');
    t.s.start();
    expect(t.log).toEqual(['+14155550123:Ann']);
  });
});
