import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { DEFAULT_TIMERS, TRYING_DELAY } from './timer-values.js';

type Res = { status: number };
const r = (status: number): Res => ({ status });

/**
 * An INVITE server transaction. By default the TU stays silent for 200 ms, so the 100 Trying has gone out when the
 * test begins (`sent` times count from then); `{ silentFor: 0 }` starts right at the INVITE.
 */
function inviteServer(reliable = false, { silentFor = TRYING_DELAY } = {}) {
  const clock = new FakeClock();
  let start = clock.now();
  const sent: Array<[number, number]> = [];
  const log: string[] = [];
  const tx = new InviteServerTransaction<Res>(
    { clock, timers: DEFAULT_TIMERS, reliable },
    {
      send: (res) => sent.push([clock.now() - start, res.status]),
      trying: () => r(100),
      onAck: () => log.push('ack-to-tu'),
      onFailure: (why) => log.push(`fail:${why}`),
      onTerminated: () => log.push('terminated'),
    },
  );
  tx.start();
  clock.advance(silentFor);
  start = clock.now();
  return { clock, sent, log, tx };
}

describe('INVITE server transaction (RFC 3261 §17.2.1, RFC 6026 §7.1)', () => {
  it('§17.2.1: the server transaction sends 100 Trying and re-sends the most recent provisional on a retransmitted INVITE', () => {
    const { sent, tx } = inviteServer();
    tx.receiveRequest();
    tx.respond(r(180));
    tx.receiveRequest();
    expect(sent.map(([, s]) => s)).toEqual([100, 100, 180, 180]);
  });

  it('§17.2.1: a 300-699 response is retransmitted on Timer G (T1 doubling to T2) until an ACK arrives', () => {
    const { clock, sent, tx } = inviteServer();
    tx.respond(r(486));
    clock.advance(8_000);
    expect(sent.filter(([, s]) => s === 486).map(([t]) => t)).toEqual([0, 500, 1500, 3500, 7500]);
    tx.receiveAck();
    expect(tx.state).toBe('confirmed');
    clock.advance(60_000);
    expect(sent.filter(([, s]) => s === 486)).toHaveLength(5);
  });

  it('§17.2.1: in Confirmed further ACKs are absorbed and Timer I (T4) terminates', () => {
    const { clock, log, tx } = inviteServer();
    tx.respond(r(603));
    tx.receiveAck();
    tx.receiveAck();
    expect(log).not.toContain('ack-to-tu');
    clock.advance(4_999);
    expect(tx.state).toBe('confirmed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('§17.2.1: when Timer H (64*T1) fires in Completed without an ACK, the TU is informed of the failure', () => {
    const { clock, log, tx } = inviteServer();
    tx.respond(r(480));
    clock.advance(32_000);
    expect(log).toEqual(['fail:no-ack', 'terminated']);
    expect(tx.state).toBe('terminated');
  });

  it('§17.2.1: a retransmitted INVITE in Completed makes the transaction send the final response again', () => {
    const { sent, tx } = inviteServer(true);
    tx.respond(r(404));
    tx.receiveRequest();
    expect(sent.map(([, s]) => s)).toEqual([100, 404, 404]);
  });

  it('§17.2.1: over a reliable transport Timer G is not used', () => {
    const { clock, sent, tx } = inviteServer(true);
    tx.respond(r(486));
    clock.advance(10_000);
    expect(sent.filter(([, s]) => s === 486)).toHaveLength(1);
  });

  it('RFC 6026 §7.1: after a 2xx, retransmitted INVITEs are absorbed, the ACK goes to the TU, 2xx retransmissions pass, Timer L ends it', () => {
    const { clock, sent, log, tx } = inviteServer();
    tx.respond(r(200));
    tx.receiveRequest();
    tx.respond(r(200));
    tx.receiveAck();
    expect(tx.state).toBe('accepted');
    expect(sent.map(([, s]) => s)).toEqual([100, 200, 200]);
    expect(log).toContain('ack-to-tu');
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });
});

describe('100 Trying of the INVITE server transaction (RFC 3261 §17.2.1: "unless ... within 200 ms")', () => {
  it('sends 100 Trying when the TU has sent nothing within 200 ms, not before', () => {
    const { clock, sent } = inviteServer(false, { silentFor: 0 });
    clock.advance(TRYING_DELAY - 1);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toEqual([[TRYING_DELAY, 100]]);
    clock.advance(10_000);
    expect(sent).toHaveLength(1);
  });

  it('sends no 100 when the TU answers within 200 ms (final or provisional)', () => {
    for (const status of [200, 486, 180]) {
      const { clock, sent, tx } = inviteServer(true, { silentFor: 0 });
      clock.advance(150);
      tx.respond(r(status));
      clock.advance(1_000);
      expect(sent.map(([, s]) => s)).toEqual([status]);
    }
  });

  it('answers an INVITE retransmitted before the 200 ms with 100 Trying at once, and only once', () => {
    const { clock, sent, tx } = inviteServer(false, { silentFor: 0 });
    clock.advance(100);
    tx.receiveRequest();
    clock.advance(1_000);
    expect(sent).toEqual([[100, 100]]);
  });

  it('leaves no timer behind once a final response sent before the 200 ms is acknowledged and Timer I fires', () => {
    const { clock, tx } = inviteServer(false, { silentFor: 0 });
    tx.respond(r(486));
    tx.receiveAck();
    clock.advance(DEFAULT_TIMERS.T4);
    expect(tx.state).toBe('terminated');
    expect(clock.pending).toBe(0);
  });
});

describe('non-INVITE server transaction (RFC 3261 §17.2.2)', () => {
  function server(reliable = false) {
    const clock = new FakeClock();
    const sent: number[] = [];
    const tx = new NonInviteServerTransaction<Res>(
      { clock, timers: DEFAULT_TIMERS, reliable },
      { send: (res) => sent.push(res.status), onFailure: () => undefined, onTerminated: () => undefined },
    );
    return { clock, sent, tx };
  }

  it('§17.2.2: in Trying, retransmissions of the request are discarded', () => {
    const { sent, tx } = server();
    tx.receiveRequest();
    expect(sent).toEqual([]);
  });

  it('§17.2.2: in Proceeding and Completed a retransmission gets the most recent response again', () => {
    const { sent, tx } = server();
    tx.respond(r(100));
    tx.receiveRequest();
    tx.respond(r(200));
    tx.receiveRequest();
    expect(sent).toEqual([100, 100, 200, 200]);
  });

  it('§17.2.2: final responses from the TU after the first are not sent; Timer J is 64*T1 over UDP', () => {
    const { clock, sent, tx } = server();
    tx.respond(r(200));
    tx.respond(r(500));
    expect(sent).toEqual([200]);
    clock.advance(31_999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('§17.2.2: Timer J is zero over a reliable transport', () => {
    const { clock, tx } = server(true);
    tx.respond(r(200));
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });
});
