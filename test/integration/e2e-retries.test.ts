/**
 * Issue 5, end-to-end test 5 (the paths where an attempt fails and holdless tries again): the customer is busy when
 * called back, and an operator does not answer. Real processes on loopback: the holdless CLI, SIPp as the carrier
 * (customers calling in, or a busy customer), baresip as the operators' SIP phones (digest-registered; alice answers
 * at once, bob lets it ring), and RTP sockets as the customers' ears.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startBaresip, type Baresip } from '../support/baresip.js';
import {
  customerBusy,
  customerCallsAndHangsUp,
  eventually,
  historyOf,
  HoldMusicDetector,
  listRequests,
  operatorGoesThrough,
  requestWhen,
  startScenarios,
  E2eScope,
} from '../support/e2e-harness.js';
import { hasPeer } from '../support/peers.js';
import { RtpPeer } from '../support/rtp-peer.js';
import { freePort } from '../support/sipp.js';

const CUSTOMER = '+79161234567';
const FIRST_CALLER = '+15557650001';
const SECOND_CALLER = '+15557650002';
const peersPresent = hasPeer('sipp') && hasPeer('baresip');

describe.runIf(peersPresent || process.env.CI === 'true')('failed attempts are retried, end to end (holdless + SIPp + baresip)', () => {
  const scope = new E2eScope();
  const { phones, sipps, peers } = scope;
  afterEach(() => scope.cleanup());

  async function phone(user: string, registrarPort: number, answermode: 'auto' | 'manual'): Promise<Baresip> {
    const p = await startBaresip({ user, password: `${user}-e2e-pass`, registrarPort, answermode });
    phones.push(p);
    await p.waitForOutput(/200 OK \(\) \[1 binding\]/, 15_000);
    return p;
  }

  it('a busy customer is called again after the busy retry delay, and after maxAttempts the callback ends failed, in its history', async () => {
    const dir = scope.tempDir();
    // The carrier answers both attempts with 486 Busy Here (and checks the number and the caller ID each time).
    const busy = await customerBusy(dir, { number: CUSTOMER, attempts: 2 });
    sipps.push(busy);
    const e2e = await scope.start({
      trunkPort: busy.port,
      dataDir: dir,
      queueExtra: 'callback: {maxAttempts: 2, retryDelaySeconds: {busy: 2}}',
    });
    const { api, sipPort, server } = e2e;
    const alice = await phone('alice', sipPort, 'auto');
    expect((await api('PUT', '/operators/alice/status', { status: 'READY' })).status).toBe(200);

    const started = await startScenarios(server, { api_key: server.adminToken, rule_name: 'web-callback', script_custom_data: `${CUSTOMER}:Ivan` });
    expect(started.body).toMatchObject({ result: 1 });

    // Each attempt: alice is reached (whisper), the customer is dialed and is busy. SIPp exits 0 after two INVITEs.
    const carrier = await busy.done;
    expect(carrier.code, carrier.stderr + carrier.stdout).toBe(0);
    const [request] = await listRequests(api);
    const failed = await requestWhen(api, request!.id, (r) => r.state === 'failed', 'the callback fails after its last attempt', 30_000);
    expect(failed).toMatchObject({ kind: 'callback', phone: CUSTOMER, attempts: 2, reason: 'max-attempts:busy' });

    const history = await historyOf(api, request!.id);
    const dials = history.filter((h) => h.event === 'DIAL' || h.event === 'DIAL_FAILED' || h.event === 'REQUEUE' || h.event === 'FAIL');
    expect(dials.map((h) => `${h.event} ${h.detail ?? ''}`.trim())).toEqual([
      'DIAL attempt 1',
      'DIAL_FAILED busy attempt 1',
      'REQUEUE retry-after:busy',
      'DIAL attempt 2',
      'DIAL_FAILED busy attempt 2',
      'FAIL max-attempts:busy',
    ]);
    expect(history.filter((h) => h.event === 'OFFER').map((h) => h.operator)).toEqual(['alice', 'alice']);
    // alice took both offers; each of her calls ended (she is told, then hung up) and she is free again.
    await eventually(async () => Promise.resolve(alice.events.filter((e) => e.type === 'CALL_CLOSED').length >= 2 ? true : undefined), "alice's two calls end");
    expect(alice.events.filter((e) => e.type === 'CALL_ESTABLISHED')).toHaveLength(2);
    await eventually(async () => ((await api<{ status: string }>('GET', '/operators/alice')).body.status === 'READY' ? true : undefined), 'alice is READY');
  }, 180_000);

  it("an operator who does not answer: OperatorFailed, the request goes back to its place ahead of a later caller, and the next operator gets it", async () => {
    const dir = scope.tempDir();
    const e2e = await scope.start({
      trunkPort: await freePort(), // nobody is called back here
      dataDir: dir,
      ringTimeout: 10,
      // bob stays out of rotation after his miss (the default is 30 s), so the test does not race his return.
      queueExtra: 'noAnswer: {delaySeconds: {noAnswer: 600}}',
      operators: [
        { username: 'alice', password: 'alice-e2e-pass' },
        { username: 'bob', password: 'bob-e2e-pass' },
      ],
    });
    const { api, sipPort, server } = e2e;
    const bob = await phone('bob', sipPort, 'manual'); // rings, never answered
    const alice = await phone('alice', sipPort, 'auto');
    expect((await api('PUT', '/operators/bob/status', { status: 'READY' })).status).toBe(200);
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);

    // The first caller is offered to bob at once: his phone rings.
    const [firstEar, secondEar] = [await RtpPeer.open(), await RtpPeer.open()];
    peers.push(firstEar, secondEar);
    const first = await customerCallsAndHangsUp(dir, sipPort, { caller: FIRST_CALLER, dialed: '5550100', mediaPort: firstEar.port });
    sipps.push(first);
    await bob.waitForEvent((e) => e.type === 'CALL_INCOMING', 30_000);
    const [offered] = await listRequests(api, 'offered');
    expect(offered).toMatchObject({ phone: FIRST_CALLER });

    // A second caller arrives while bob's phone rings, and waits (alice is not READY).
    const second = await customerCallsAndHangsUp(dir, sipPort, { caller: SECOND_CALLER, dialed: '5550100', mediaPort: secondEar.port });
    sipps.push(second);
    await (await HoldMusicDetector.listen(secondEar)).wait('the second caller waits (announcement, then music)');

    // bob's ring timeout passes: his phone stops ringing, the scenario hears OperatorFailed (408), and the first
    // request is back in line at its own place, ahead of the second.
    await bob.waitForEvent((e) => e.type === 'CALL_CLOSED', 30_000);
    await eventually(
      async () => Promise.resolve(server.output().includes('operator bob did not take the call (408)') ? true : undefined),
      'the scenario logs OperatorFailed for bob',
    );
    const back = await requestWhen(api, offered!.id, (r) => r.state === 'waiting', 'the first request waits again');
    expect(back.position).toBe(1);
    const [, later] = await listRequests(api, 'waiting');
    expect(later).toMatchObject({ phone: SECOND_CALLER, position: 2 });
    expect(bob.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);

    // alice goes READY: she gets the first caller (not the second), and they are bridged.
    expect((await api('PUT', '/operators/alice/status', { status: 'READY' })).status).toBe(200);
    await alice.waitForEvent((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    const connected = await requestWhen(api, offered!.id, (r) => r.state === 'connected', 'the first caller is connected to alice');
    expect(connected.handledBy).toBe('alice');
    expect(await requestWhen(api, later!.id, () => true, 'the second request')).toMatchObject({ state: 'waiting', position: 1 });
    const events = (await historyOf(api, offered!.id)).map((h) => `${h.event}${h.operator ? ` ${h.operator}` : ''}`);
    expect(events).toEqual(['ENQUEUE', 'OFFER bob', 'RINGNOANSWER bob', 'OFFER alice', 'CONNECT alice']);

    // Both callers hang up: the first call completes (alice wraps up), the second is abandoned.
    await first.hangUp();
    expect((await first.done).code).toBe(0);
    await requestWhen(api, offered!.id, (r) => r.state === 'completed', 'the first request is completed');
    // After her wrap-up alice is free again, and the second caller, still waiting, is hers now.
    await operatorGoesThrough(api, 'alice', ['AFTER_SERVICE']);
    await requestWhen(api, later!.id, (r) => r.state === 'connected', 'the second caller is connected to alice');
    await second.hangUp();
    expect((await second.done).code).toBe(0);
    await requestWhen(api, later!.id, (r) => r.state === 'completed', 'the second request is completed');
    await operatorGoesThrough(api, 'alice', ['AFTER_SERVICE', 'READY']);
    expect(bob.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);
  }, 180_000);
});
