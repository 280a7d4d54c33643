import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { DEFAULT_TIMERS } from './timer-values.js';

type Res = { status: number };
const r = (status: number): Res => ({ status });

function invite(reliable = false) {
  const clock = new FakeClock();
  const log: string[] = [];
  const sendTimes: number[] = [];
  const tx = new InviteClientTransaction<Res>(
    { clock, timers: DEFAULT_TIMERS, reliable },
    {
      send: () => {
        log.push('send');
        sendTimes.push(clock.now() - start);
      },
      sendAck: (res) => log.push(`ack:${res.status}`),
      onResponse: (res) => log.push(`tu:${res.status}`),
      onFailure: (why) => log.push(`fail:${why}`),
      onTerminated: () => log.push('terminated'),
    },
  );
  const start = clock.now();
  tx.start();
  return { clock, log, tx, sendTimes };
}

function nonInvite(reliable = false) {
  const clock = new FakeClock();
  const log: string[] = [];
  const sendTimes: number[] = [];
  const start = clock.now();
  const tx = new NonInviteClientTransaction<Res>(
    { clock, timers: DEFAULT_TIMERS, reliable },
    {
      send: () => {
        log.push('send');
        sendTimes.push(clock.now() - start);
      },
      onResponse: (res) => log.push(`tu:${res.status}`),
      onFailure: (why) => log.push(`fail:${why}`),
      onTerminated: () => log.push('terminated'),
    },
  );
  tx.start();
  return { clock, log, tx, sendTimes };
}

describe('INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 §7.2)', () => {
  it('§17.1.1.2: over UDP the INVITE is retransmitted at T1, 2T1, 4T1... until Timer B (64*T1) fires and the TU is told of the timeout', () => {
    const { clock, log, tx, sendTimes } = invite();
    clock.advance(64 * 500);
    expect(sendTimes).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(log.slice(-2)).toEqual(['fail:timeout', 'terminated']);
    expect(tx.state).toBe('terminated');
    expect(clock.pending).toBe(0);
  });

  it('§17.1.1.2: over a reliable transport the INVITE is sent once (no Timer A)', () => {
    const { clock, sendTimes } = invite(true);
    clock.advance(40_000);
    expect(sendTimes).toEqual([0]);
  });

  it('§17.1.1.2: a provisional response moves to Proceeding, is passed to the TU, and stops retransmissions', () => {
    const { clock, log, tx, sendTimes } = invite();
    clock.advance(600);
    tx.receive(r(180));
    clock.advance(60_000);
    expect(tx.state).toBe('proceeding');
    expect(sendTimes).toEqual([0, 500]);
    expect(log).toContain('tu:180');
    expect(log).not.toContain('fail:timeout');
  });

  it('§17.1.1.2: a 300-699 response generates an ACK, goes to the TU once, and retransmissions re-send the ACK only', () => {
    const { clock, log, tx } = invite();
    tx.receive(r(100));
    tx.receive(r(486));
    tx.receive(r(486));
    expect(tx.state).toBe('completed');
    expect(log.filter((l) => l === 'tu:486')).toHaveLength(1);
    expect(log.filter((l) => l === 'ack:486')).toHaveLength(2);
    clock.advance(31_999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('§17.1.1.2: Timer D is zero over reliable transports', () => {
    const { clock, tx } = invite(true);
    tx.receive(r(603));
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });

  it('RFC 6026 §7.2: a 2xx moves to Accepted, retransmitted 2xx are passed to the TU, and Timer M (64*T1) terminates', () => {
    const { clock, log, tx } = invite();
    tx.receive(r(200));
    tx.receive(r(200));
    expect(tx.state).toBe('accepted');
    expect(log.filter((l) => l === 'tu:200')).toHaveLength(2);
    expect(log.some((l) => l.startsWith('ack'))).toBe(false);
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });

  it('§17.1.4: a transport error in Calling terminates the transaction and informs the TU', () => {
    const { log, tx } = invite();
    tx.transportError();
    expect(log.slice(-2)).toEqual(['fail:transport-error', 'terminated']);
  });

  it('§17.1.1.2: Timer B does not fire after a provisional response moved the transaction to Proceeding', () => {
    const { clock, log, tx } = invite();
    tx.receive(r(183));
    clock.advance(64 * 500 + 1);
    expect(log).not.toContain('fail:timeout');
    expect(tx.state).toBe('proceeding');
  });
});

describe('non-INVITE client transaction (RFC 3261 §17.1.2)', () => {
  it('§17.1.2.2: in Trying the request is retransmitted with intervals doubling up to T2, until Timer F (64*T1) fires', () => {
    const { clock, log, sendTimes } = nonInvite();
    clock.advance(32_000);
    // Intervals 500, 1000, 2000, 4000, 4000, ... (capped at T2).
    expect(sendTimes.slice(0, 7)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500]);
    expect(log.slice(-2)).toEqual(['fail:timeout', 'terminated']);
  });

  it('§17.1.2.2: in Proceeding retransmissions happen every T2', () => {
    const { clock, tx, sendTimes } = nonInvite();
    clock.advance(600);
    tx.receive(r(100));
    const before = sendTimes.length;
    clock.advance(8_400);
    // Timer E was armed at 500 for 1000 (fires at 1500), then every T2 = 4000: 5500, 9000 is beyond.
    expect(sendTimes.slice(before)).toEqual([1500, 5500]);
  });

  it('§17.1.2.2: a final response goes to the TU; retransmissions of it are absorbed in Completed; Timer K is T4', () => {
    const { clock, log, tx } = nonInvite();
    tx.receive(r(200));
    tx.receive(r(200));
    expect(log.filter((l) => l === 'tu:200')).toHaveLength(1);
    clock.advance(4_999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('§17.1.2.2: over a reliable transport there is no Timer E and Timer K is zero', () => {
    const { clock, tx, sendTimes } = nonInvite(true);
    clock.advance(10_000);
    expect(sendTimes).toEqual([0]);
    tx.receive(r(401));
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });
});
