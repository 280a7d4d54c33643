import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { KeepAliveMonitor, type ProbeOutcome } from './keep-alive-monitor.js';

function setup(failuresBeforeDown = 3) {
  const clock = new FakeClock();
  const pending: Array<{ target: string; done: (o: ProbeOutcome) => void }> = [];
  const monitor = new KeepAliveMonitor<string, string>(clock, (target, done) => pending.push({ target, done }), { intervalSeconds: 10, failuresBeforeDown });
  const changes: Array<[string, string]> = [];
  monitor.events.on('state', (k, s) => changes.push([k, s]));
  const answerAll = (o: ProbeOutcome) => {
    for (const p of pending.splice(0)) p.done(o);
  };
  return { clock, monitor, pending, changes, answerAll };
}

describe('KeepAliveMonitor (OPTIONS keep-alive)', () => {
  it('probes at once and then every interval of the injected clock', () => {
    const { clock, monitor, pending, answerAll } = setup();
    monitor.add('trunk', '192.0.2.1');
    expect(pending).toHaveLength(1);
    answerAll('alive');
    clock.advance(9_999);
    expect(pending).toHaveLength(0);
    clock.advance(1);
    expect(pending).toHaveLength(1);
  });

  it('a success marks the target up; K failures in a row mark it down; a success brings it back up', () => {
    const { clock, monitor, changes, answerAll } = setup(3);
    monitor.add('t', 'x');
    answerAll('alive');
    expect(monitor.state('t')).toBe('up');
    for (let i = 0; i < 2; i++) {
      clock.advance(10_000);
      answerAll('failed');
    }
    expect(monitor.state('t')).toBe('up');
    clock.advance(10_000);
    answerAll('failed');
    expect(monitor.state('t')).toBe('down');
    clock.advance(10_000);
    answerAll('alive');
    expect(changes).toEqual([
      ['t', 'up'],
      ['t', 'down'],
      ['t', 'up'],
    ]);
  });

  it('failures that are not consecutive do not mark a target down', () => {
    const { clock, monitor, answerAll } = setup(2);
    monitor.add('t', 'x');
    answerAll('failed');
    clock.advance(10_000);
    answerAll('alive');
    clock.advance(10_000);
    answerAll('failed');
    expect(monitor.state('t')).toBe('up');
  });

  it('does not start a second probe while one is in flight, and forgets removed targets', () => {
    const { clock, monitor, pending } = setup();
    monitor.add('t', 'x');
    clock.advance(30_000);
    expect(pending).toHaveLength(1);
    monitor.remove('t');
    pending[0]!.done('failed');
    expect(monitor.state('t')).toBe('unknown');
    clock.advance(30_000);
    expect(pending).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('stop() clears every timer', () => {
    const { clock, monitor } = setup();
    monitor.add('a', 'x');
    monitor.add('b', 'y');
    monitor.stop();
    expect(clock.pending).toBe(0);
    monitor.add('c', 'z');
    expect(clock.pending).toBe(0);
  });
});
