import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { ScenarioSandbox } from './scenario-sandbox.js';
import type { SandboxError } from './sandbox-error.js';

const open: ScenarioSandbox[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.dispose();
});

function sandbox(source: string, limits = {}) {
  const clock = new FakeClock();
  const commands: Array<[string, unknown[]]> = [];
  const failures: SandboxError[] = [];
  const s = new ScenarioSandbox({
    filename: 'scenarios/test-flow.js',
    source,
    clock,
    limits,
    onCommand: (name, args) => {
      commands.push([name, args]);
      return undefined;
    },
    onFailure: (e) => failures.push(e),
  });
  open.push(s);
  return { s, clock, commands, failures, logs: () => commands.filter(([n]) => n === 'log').map(([, a]) => a[0]) };
}

describe('scenario sandbox (isolated-vm)', () => {
  it('runs a scenario: Started with customData, Logger.write, timers on the injected clock', () => {
    const t = sandbox(`
      VoxEngine.addEventListener(AppEvents.Started, function (e) {
        Logger.write('started ' + e.sessionId + ' ' + VoxEngine.customData());
        setTimeout(function () { Logger.write('later'); }, 5000);
      });
    `);
    t.s.run('+14155550123:Ann');
    t.s.dispatchApp('Application.Started', { sessionId: 's1' });
    expect(t.logs()).toEqual(['started s1 +14155550123:Ann']);
    t.clock.advance(4999);
    expect(t.logs()).toHaveLength(1);
    t.clock.advance(1);
    expect(t.logs()).toEqual(['started s1 +14155550123:Ann', 'later']);
    expect(t.failures).toEqual([]);
  });

  it('VoxEngine.terminate works unbound, as scripts pass it (setTimeout(VoxEngine.terminate, ...))', () => {
    const t = sandbox(`VoxEngine.addEventListener(AppEvents.Started, function () { setTimeout(VoxEngine.terminate, 100); });`);
    t.s.run();
    t.s.dispatchApp('Application.Started');
    t.clock.advance(100);
    expect(t.commands.map(([n]) => n)).toEqual(['terminate']);
  });

  it('intervals under 100 ms run at 100 ms, and clearInterval stops them', () => {
    const t = sandbox(`
      var n = 0;
      var id = setInterval(function () { n++; Logger.write('tick ' + n); if (n === 3) clearInterval(id); }, 10);
    `);
    t.s.run();
    t.clock.advance(1000);
    expect(t.logs()).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(t.s.pendingTimers).toBe(0);
  });

  it('has no process, Buffer, fetch or host handle; require knows only Modules.ACD', () => {
    const t = sandbox(`
      Logger.write([typeof process, typeof Buffer, typeof fetch, typeof __host, typeof __rt].join(','));
      Logger.write(typeof require(Modules.ACD));
      try { require('fs'); } catch (e) { Logger.write(e.message); }
    `);
    t.s.run();
    expect(t.logs()).toEqual(['undefined,undefined,undefined,undefined,undefined', 'object', 'unknown module fs (holdless supports Modules.ACD)']);
  });

  it('a handler that throws ends the session with the scenario file and line', () => {
    const t = sandbox(`VoxEngine.addEventListener(AppEvents.Started, function () {
      var x = null;
      x.boom();
    });`);
    t.s.run();
    t.s.dispatchApp('Application.Started');
    expect(t.failures).toHaveLength(1);
    expect(t.failures[0]!.reason).toBe('uncaught-error');
    expect(t.failures[0]!.location).toBe('test-flow.js:3');
    // After a failure the sandbox refuses further work.
    t.s.dispatchApp('Application.Started');
    expect(t.failures).toHaveLength(1);
  });

  it('an endless loop in a handler is stopped at the time limit and ends only that session', () => {
    const t = sandbox(`VoxEngine.addEventListener(AppEvents.Started, function () { for (;;) {} });`, { handlerTimeoutMs: 50 });
    const other = sandbox(`VoxEngine.addEventListener(AppEvents.Started, function () { Logger.write('fine'); });`);
    t.s.run();
    other.s.run();
    t.s.dispatchApp('Application.Started');
    other.s.dispatchApp('Application.Started');
    expect(t.failures[0]!.reason).toBe('timeout');
    expect(other.logs()).toEqual(['fine']);
    expect(other.failures).toEqual([]);
  });

  it('a script that allocates without bound hits the memory limit', () => {
    const t = sandbox(`var a = []; for (;;) { a.push(new Array(100000).fill(1)); }`, { memoryMb: 16, handlerTimeoutMs: 10_000 });
    t.s.run();
    expect(t.failures[0]!.reason).toBe('memory-limit');
  });

  it('too many pending timers end the session', () => {
    const t = sandbox(`for (var i = 0; i < 20; i++) setTimeout(function () {}, 1000);`, { maxTimers: 10 });
    t.s.run();
    expect(t.failures[0]!.reason).toBe('timer-limit');
  });

  it('a syntax error is a compile error naming the line', () => {
    const t = sandbox(`var ok = 1;\nvar = broken;`);
    t.s.run();
    expect(t.failures[0]!.reason).toBe('compile-error');
    expect(t.failures[0]!.location).toBe('test-flow.js:2');
  });

  it('a non-function handler is refused at registration with the line', () => {
    const t = sandbox(`var notAFunction = 42;\nVoxEngine.addEventListener(AppEvents.Started, notAFunction);`);
    t.s.run();
    expect(t.failures[0]!.message).toMatch(/must be a function/);
    expect(t.failures[0]!.location).toBe('test-flow.js:2');
  });

  it('removeEventListener without a handler removes every handler of the event', () => {
    const t = sandbox(`
      VoxEngine.addEventListener(AppEvents.Started, function () { Logger.write('a'); });
      VoxEngine.addEventListener(AppEvents.Started, function () { Logger.write('b'); });
      VoxEngine.removeEventListener(AppEvents.Started);
    `);
    t.s.run();
    t.s.dispatchApp('Application.Started');
    expect(t.logs()).toEqual([]);
  });
});
