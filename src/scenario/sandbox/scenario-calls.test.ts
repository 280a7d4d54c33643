import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { ScenarioSandbox } from './scenario-sandbox.js';
import type { SandboxError } from './sandbox-error.js';

const open: ScenarioSandbox[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.dispose();
});

/** A sandbox whose host answers commands like the telephony and ACD layers would, recording them. */
function sandbox(source: string) {
  const clock = new FakeClock();
  const commands: unknown[][] = [];
  const failures: SandboxError[] = [];
  let nextCall = 1;
  const s = new ScenarioSandbox({
    filename: 'flow.js',
    source,
    clock,
    onCommand: (name, args) => {
      commands.push([name, ...args]);
      if (name === 'callPSTN' || name === 'callUser' || name === 'callSIP') return { id: `out-${nextCall++}`, incoming: false };
      if (name === 'enqueueACDRequest') return { id: 'req-1' };
      return undefined;
    },
    onFailure: (e) => failures.push(e),
  });
  open.push(s);
  const logs = () => commands.filter((c) => c[0] === 'log').map((c) => c[1]);
  const calls = () => commands.filter((c) => c[0] !== 'log');
  return { s, clock, commands, failures, logs, calls };
}

const INBOUND = { id: 'in-1', callerid: '+14155550123', destination: '+18005550100', displayName: 'Ann', incoming: true, headers: {} };

describe('scenario calls and ACD objects', () => {
  it('CallAlerting gives a Call whose methods become host commands; events reach its listeners', () => {
    const t = sandbox(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
        var call = e.call;
        Logger.write(call.callerid() + ' ' + call.number() + ' ' + call.state());
        call.addEventListener(CallEvents.Connected, function (ev) {
          Logger.write('connected ' + ev.call.state());
          ev.call.say('Hello', Language.US_ENGLISH_FEMALE);
          ev.call.startPlayback('https://example.invalid/music.mp3', true);
        });
        call.answer();
      });
    `);
    t.s.run();
    t.s.dispatchApp('Application.CallAlerting', { call: INBOUND, callerid: INBOUND.callerid, destination: INBOUND.destination });
    t.s.dispatchCall('in-1', 'Call.Connected');
    expect(t.logs()).toEqual(['+14155550123 +18005550100 ALERTING', 'connected CONNECTED']);
    expect(t.calls()).toEqual([
      ['call', 'in-1', 'answer', null],
      ['call', 'in-1', 'say', 'Hello', 'usenglishfemale'],
      ['call', 'in-1', 'startPlayback', 'https://example.invalid/music.mp3', true],
    ]);
  });

  it('say accepts {language} and {voice}; startPlayback accepts {loop}', () => {
    const t = sandbox(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
        e.call.say('a', { language: Language.RU_RUSSIAN_FEMALE });
        e.call.say('b', { voice: VoiceList.Default.ru_RU_Female });
        e.call.startPlayback('x.wav', { loop: true });
      });
    `);
    t.s.run();
    t.s.dispatchApp('Application.CallAlerting', { call: INBOUND });
    const says = t.calls().map((c) => c.slice(2));
    expect(says[0]).toEqual(['say', 'a', { language: 'ruinternalfemale' }]);
    expect(says[1]![0]).toBe('say');
    expect(says[2]).toEqual(['startPlayback', 'x.wav', true]);
  });

  it('enqueueACDRequest returns a request whose getStatus works unbound in setInterval, and ACD events reach it', () => {
    const t = sandbox(`
      require(Modules.ACD);
      VoxEngine.addEventListener(AppEvents.Started, function () {
        var request = VoxEngine.enqueueACDRequest('MainQueue', '+14155550123', { priority: 5 });
        request.addEventListener(ACDEvents.Waiting, function (e) { Logger.write('position ' + e.position + ' ewt ' + e.ewt + ' ' + e.request.id()); });
        request.addEventListener(ACDEvents.OperatorReached, function (e) { VoxEngine.sendMediaBetween(e.operatorCall, e.operatorCall); });
        setInterval(request.getStatus, 30000);
      });
    `);
    t.s.run();
    t.s.dispatchApp('Application.Started', { sessionId: 's' });
    t.clock.advance(60_000);
    t.s.dispatchAcd('req-1', 'ACD.Waiting', { position: 3, ewt: 4 });
    t.s.dispatchAcd('req-1', 'ACD.OperatorReached', { operatorCall: { id: 'op-1', incoming: false } });
    expect(t.calls()).toEqual([
      ['enqueueACDRequest', 'MainQueue', '+14155550123', { priority: 5, headers: {} }],
      ['acd', 'req-1', 'getStatus'],
      ['acd', 'req-1', 'getStatus'],
      ['sendMediaBetween', 'op-1', 'op-1'],
    ]);
    expect(t.logs()).toEqual(['position 3 ewt 4 req-1']);
  });

  it('callUser takes the positional and the object form; callPSTN returns a call to listen on', () => {
    const t = sandbox(`
      VoxEngine.addEventListener(AppEvents.Started, function () {
        VoxEngine.callUser('alice', '+18005550100');
        VoxEngine.callUser({ username: 'bob', callerid: '+18005550100', displayName: 'Queue' });
        var c = VoxEngine.callPSTN('+14155550123', '+18005550100');
        c.addEventListener(CallEvents.Failed, function (e) { Logger.write('failed ' + e.code + ' ' + c.state()); });
      });
    `);
    t.s.run();
    t.s.dispatchApp('Application.Started');
    t.s.dispatchCall('out-3', 'Call.Failed', { code: 486, reason: 'Busy' });
    expect(t.calls().slice(0, 3)).toEqual([
      ['callUser', { username: 'alice', callerid: '+18005550100' }],
      ['callUser', { username: 'bob', callerid: '+18005550100', displayName: 'Queue' }],
      ['callPSTN', '+14155550123', '+18005550100'],
    ]);
    expect(t.logs()).toEqual(['failed 486 TERMINATED']);
  });

  it('call.addEventListener(CallEvents.Disconnected, VoxEngine.terminate) works unbound', () => {
    const t = sandbox(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
        e.call.addEventListener(CallEvents.Disconnected, VoxEngine.terminate);
      });
    `);
    t.s.run();
    t.s.dispatchApp('Application.CallAlerting', { call: INBOUND });
    t.s.dispatchCall('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'Normal', duration: 30 });
    expect(t.calls()).toEqual([['terminate']]);
    expect(t.failures).toEqual([]);
  });
});
