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
  getRequest,
  historyOf,
  HoldMusicDetector,
  listRequests,
  operatorStatus,
  startScenarios,
  E2eScope,
} from '../support/e2e-harness.js';
import { peersOrCi } from '../support/peers.js';
import { RtpPeer } from '../support/rtp-peer.js';
import { freePort } from '../support/sipp.js';

const CUSTOMER = '+79161234567';
const FIRST_CALLER = '+15557650001';
const SECOND_CALLER = '+15557650002';

describe.runIf(peersOrCi('sipp', 'baresip'))('failed attempts are retried, end to end (holdless + SIPp + baresip)', () => {
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
      // The sessions on the main thread (scenarios.workers 0); the other e2e suites run them on workers.
      scenarioWorkers: 0,
      queueExtra: 'callback: {maxAttempts: 2, retryDelaySeconds: {busy: 2}}',
    });
    const { api, sipPort, server, events } = e2e;
    const alice = await phone('alice', sipPort, 'auto');
    expect((await api('PUT', '/operators/alice/status', { status: 'READY' })).status).toBe(200);

    const started = await startScenarios(server, { api_key: server.adminToken, rule_name: 'web-callback', script_custom_data: `${CUSTOMER}:Ivan` });
    expect(started.body).toMatchObject({ result: 1 });
    const { request } = await events.waitFor('Queued', (e) => e.request.phone === CUSTOMER, 20_000, 'the callback is queued');

    // Each attempt: alice is reached (whisper), the customer is dialed and is busy. SIPp exits 0 after two INVITEs.
    const carrier = await busy.done;
    expect(carrier.code, carrier.stderr + carrier.stdout).toBe(0);
    const firstFailure = await events.waitForRequest('CustomerDialFailed', request.id, 'the first attempt fails', 30_000);
    expect(firstFailure).toMatchObject({ outcome: 'busy' });
    expect(firstFailure.retryAt).not.toBeNull();
    const lastDial = await events.waitFor('DialCustomer', (e) => e.request.id === request.id && e.attempt === 2, 30_000, 'the customer is dialed again');
    const lastFailure = await events.waitForRequest('CustomerDialFailed', request.id, 'the last attempt fails', 30_000, { after: lastDial.seq });
    expect(lastFailure).toMatchObject({ outcome: 'busy', retryAt: null });
    await events.waitForRequest('Ended', request.id, 'the callback fails after its last attempt', 30_000);
    const failed = await getRequest(api, request.id);
    expect(failed).toMatchObject({ state: 'failed', kind: 'callback', phone: CUSTOMER, attempts: 2, reason: 'max-attempts:busy' });
    expect((await listRequests(api)).map((r) => r.id)).toEqual([request.id]);

    const history = await historyOf(api, request.id);
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
    // alice took both offers; each of her calls ended (she is told, then hung up) and she is free again: reached for
    // the second attempt she is IN_SERVICE, and the failed dial frees her at once (READY, no wrap-up).
    await alice.waitForEvent(() => alice.events.filter((e) => e.type === 'CALL_CLOSED').length >= 2, 20_000);
    expect(alice.events.filter((e) => e.type === 'CALL_ESTABLISHED')).toHaveLength(2);
    await events.operatorGoesThrough('alice', ['IN_SERVICE', 'READY'], 20_000, { after: firstFailure.seq });
    expect(await operatorStatus(api, 'alice')).toBe('READY');
  }, 180_000);

  it("an operator who does not answer: OperatorFailed, the request goes back to its place ahead of a later caller, and the next operator gets it", async () => {
    const dir = scope.tempDir();
    const e2e = await scope.start({
      trunkPort: await freePort(), // nobody is called back here
      dataDir: dir,
      // The sessions on the main thread (scenarios.workers 0); the other e2e suites run them on workers.
      scenarioWorkers: 0,
      ringTimeout: 10,
      // bob stays out of rotation after his miss (the default is 30 s), so the test does not race his return.
      queueExtra: 'noAnswer: {delaySeconds: {noAnswer: 600}}',
      operators: [
        { username: 'alice', password: 'alice-e2e-pass' },
        { username: 'bob', password: 'bob-e2e-pass' },
      ],
    });
    const { api, sipPort, server, events } = e2e;
    const bob = await phone('bob', sipPort, 'manual'); // rings, never answered
    const alice = await phone('alice', sipPort, 'auto');
    expect((await api('PUT', '/operators/bob/status', { status: 'READY' })).status).toBe(200);
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);

    // The first caller is offered to bob at once: his phone rings.
    const [firstEar, secondEar] = [await RtpPeer.open(), await RtpPeer.open()];
    peers.push(firstEar, secondEar);
    const first = await customerCallsAndHangsUp(dir, sipPort, { caller: FIRST_CALLER, dialed: '5550100', mediaPort: firstEar.port });
    sipps.push(first);
    const offeredToBob = await events.waitFor('Offered', (e) => e.offer.operator === 'bob', 30_000, 'the first caller is offered to bob');
    await bob.waitForEvent((e) => e.type === 'CALL_INCOMING', 30_000);
    const offered = await getRequest(api, offeredToBob.request.id);
    expect(offered).toMatchObject({ state: 'offered', phone: FIRST_CALLER });
    expect((await listRequests(api, 'offered')).map((r) => r.id)).toEqual([offered.id]);

    // A second caller arrives while bob's phone rings, and waits (alice is not READY).
    const second = await customerCallsAndHangsUp(dir, sipPort, { caller: SECOND_CALLER, dialed: '5550100', mediaPort: secondEar.port });
    sipps.push(second);
    await (await HoldMusicDetector.listen(secondEar)).wait('the second caller waits (announcement, then music)');
    const { request: later } = await events.waitFor('Queued', (e) => e.request.phone === SECOND_CALLER, 20_000, 'the second call is queued');

    // bob's ring timeout passes: his phone stops ringing, the scenario hears OperatorFailed (408), and the first
    // request is back in line at its own place, ahead of the second.
    await bob.waitForEvent((e) => e.type === 'CALL_CLOSED', 30_000);
    const failed = await events.waitFor('OperatorFailed', (e) => e.request.id === offered.id, 30_000, 'the ACD reports OperatorFailed for bob');
    expect(failed).toMatchObject({ operator: 'bob', cause: 'no-answer', statusCode: 408 });
    // A log-line wait: that the scenario heard OperatorFailed is told only by its own log line, not by the API or an
    // event (the event above is the ACD's).
    await server.waitForOutput(/operator bob did not take the call \(408\)/, 'the scenario logs OperatorFailed for bob');
    await events.waitForRequest('Requeued', offered.id, 'the first request waits again');
    expect(await getRequest(api, offered.id)).toMatchObject({ state: 'waiting', position: 1 });
    expect(await getRequest(api, later.id)).toMatchObject({ state: 'waiting', phone: SECOND_CALLER, position: 2 });
    expect((await listRequests(api, 'waiting')).map((r) => r.id)).toEqual([offered.id, later.id]);
    expect(bob.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);

    // alice goes READY: she gets the first caller (not the second), and they are bridged.
    expect((await api('PUT', '/operators/alice/status', { status: 'READY' })).status).toBe(200);
    await alice.waitForEvent((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    const firstConnected = await events.waitForRequest('Connected', offered.id, 'the first caller is connected to alice');
    expect(firstConnected.operator).toBe('alice');
    expect(await getRequest(api, offered.id)).toMatchObject({ state: 'connected', handledBy: 'alice' });
    expect(await getRequest(api, later.id)).toMatchObject({ state: 'waiting', position: 1 });
    const history = (await historyOf(api, offered.id)).map((h) => `${h.event}${h.operator ? ` ${h.operator}` : ''}`);
    expect(history).toEqual(['ENQUEUE', 'OFFER bob', 'RINGNOANSWER bob', 'OFFER alice', 'CONNECT alice']);

    // Both callers hang up: the first call completes (alice wraps up), the second is abandoned.
    await first.hangUp();
    expect((await first.done).code).toBe(0);
    await events.waitForRequest('Ended', offered.id, 'the first request is completed');
    expect(await getRequest(api, offered.id)).toMatchObject({ state: 'completed', handledBy: 'alice' });
    // After her wrap-up alice is free again, and the second caller, still waiting, is hers now.
    const wrapUp = await events.operatorGoesThrough('alice', ['AFTER_SERVICE'], 20_000, { after: firstConnected.seq });
    const secondConnected = await events.waitForRequest('Connected', later.id, 'the second caller is connected to alice', 20_000, { after: wrapUp.seq });
    expect(secondConnected.operator).toBe('alice');
    expect(await getRequest(api, later.id)).toMatchObject({ state: 'connected', handledBy: 'alice' });
    await second.hangUp();
    expect((await second.done).code).toBe(0);
    await events.waitForRequest('Ended', later.id, 'the second request is completed');
    expect(await getRequest(api, later.id)).toMatchObject({ state: 'completed', handledBy: 'alice' });
    await events.operatorGoesThrough('alice', ['AFTER_SERVICE', 'READY'], 20_000, { after: secondConnected.seq });
    expect(await operatorStatus(api, 'alice')).toBe('READY');
    expect(bob.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);
  }, 180_000);
});
