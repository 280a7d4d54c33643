/**
 * Issue 5, end-to-end test 5 (the paths where a caller is not served): the caller hangs up while waiting, every
 * operator is offline, the queue is full, the scenario throws. Real processes on loopback: the holdless CLI, SIPp as
 * customers calling in through the trunk, and RTP sockets as their ears.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bandEnergyRatio, rmsDbfs } from '../../src/media/audio/measure.js';
import {
  audibleSeconds,
  customerCalls,
  customerCallsAndHangsUp,
  getRequest,
  historyOf,
  HoldMusicDetector,
  listRequests,
  ROOT,
  type E2eServer,
  E2eScope,
} from '../support/e2e-harness.js';
import { peersOrCi } from '../support/peers.js';
import { RtpPeer } from '../support/rtp-peer.js';
import { freePort, runSipp } from '../support/sipp.js';

const CUSTOMER = '+15557654321';
const SECOND_CUSTOMER = '+15557650002';

/** What the caller heard was speech (loud enough, in the voice band) of `seconds` audible, and no hold music. */
async function expectSpeechOnly(heard: RtpPeer, seconds: [number, number]): Promise<void> {
  const speech = heard.audio();
  expect(rmsDbfs(speech)).toBeGreaterThan(-45);
  expect(bandEnergyRatio(speech, 8000, 200, 3400)).toBeGreaterThan(0.7);
  expect(audibleSeconds(speech)).toBeGreaterThan(seconds[0]);
  expect(audibleSeconds(speech)).toBeLessThan(seconds[1]);
  expect((await HoldMusicDetector.listen(heard)).heard()).toBe(false);
}

describe.runIf(peersOrCi('sipp'))('callers who are not served, end to end (holdless + SIPp)', () => {
  const scope = new E2eScope();
  const { sipps, peers } = scope;
  afterEach(() => scope.cleanup());

  async function start(options: { queueExtra?: string; firstRules?: (dir: string) => string } = {}): Promise<E2eServer> {
    const dir = scope.tempDir();
    // Nobody is called back in these tests: the trunk's address only has to be valid.
    const e2e = await scope.start({
      trunkPort: await freePort(),
      dataDir: dir,
      // The failure paths with the sessions on a scenario worker: a failed start, a throwing handler, Offline, QueueFull.
      scenarioWorkers: 1,
      ...(options.queueExtra ? { queueExtra: options.queueExtra } : {}),
      ...(options.firstRules ? { firstRules: options.firstRules(dir) } : {}),
    });
    return e2e;
  }

  async function ear(): Promise<RtpPeer> {
    const peer = await RtpPeer.open();
    peers.push(peer);
    return peer;
  }

  it('a caller who hangs up while waiting, without #, abandons the request: it is not kept as a callback', async () => {
    const { api, sipPort, events } = await start();
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);
    const heard = await ear();
    const customer = await customerCallsAndHangsUp(scope.dir, sipPort, { caller: CUSTOMER, dialed: '5550100', mediaPort: heard.port });
    sipps.push(customer);
    await (await HoldMusicDetector.listen(heard)).wait('announcement then hold music');
    const queued = await events.waitFor('Queued', (e) => e.request.phone === CUSTOMER, 20_000, 'the call is queued');
    const waiting = await getRequest(api, queued.request.id);
    expect(waiting).toMatchObject({ kind: 'call', state: 'waiting', phone: CUSTOMER, position: 1 });

    await customer.hangUp();
    const leg = await customer.done;
    expect(leg.code, leg.stderr + leg.stdout).toBe(0); // SIPp's BYE was answered
    await events.waitForRequest('Ended', waiting.id, 'the request leaves the line');
    const ended = await getRequest(api, waiting.id);
    expect(ended).toMatchObject({ state: 'abandoned', reason: 'caller-hung-up', kind: 'call' });
    const history = (await historyOf(api, waiting.id)).map((h) => h.event);
    expect(history, history.join(' ')).toEqual(['ENQUEUE', 'ABANDON']);
    expect(await listRequests(api, 'waiting,offered,connected')).toEqual([]);
  }, 120_000);

  it('with every operator offline, the caller hears the Offline message and is hung up; the request is recorded as rejected, never queued', async () => {
    const { api, sipPort, events } = await start(); // alice stays OFFLINE
    const heard = await ear();
    const leg = await customerCalls(scope.dir, sipPort, { caller: CUSTOMER, dialed: '5550100', mediaPort: heard.port, byeTimeoutMs: 30_000 });
    expect(leg.code, leg.stderr + leg.stdout).toBe(0); // holdless hung up (BYE)

    // "All operators are offline. Please call later.": one short sentence of speech, no music, nothing after it.
    // The Offline sentence lasts about 2.6 s (the queue-full one about 3.8 s): its length tells which was said.
    await expectSpeechOnly(heard, [2, 3.3]);

    await events.waitFor('Offline', (e) => e.request.phone === CUSTOMER, 20_000, 'the request is refused: everyone is offline');
    expect(events.events.some((e) => e.type === 'Queued')).toBe(false);
    const all = await listRequests(api);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ kind: 'call', state: 'rejected', reason: 'offline', phone: CUSTOMER });
    expect((await historyOf(api, all[0]!.id)).map((h) => h.event)).toEqual(['OFFLINE']);
  }, 120_000);

  it('with the queue full (maxQueueSize 1), a second caller is told so and hung up, and the first keeps waiting first in line', async () => {
    const { api, sipPort, events } = await start({ queueExtra: 'maxQueueSize: 1' });
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);
    const firstEar = await ear();
    const first = await customerCallsAndHangsUp(scope.dir, sipPort, { caller: CUSTOMER, dialed: '5550100', mediaPort: firstEar.port });
    sipps.push(first);
    await (await HoldMusicDetector.listen(firstEar)).wait('the first caller waits (announcement, then music)');
    const queued = await events.waitFor('Queued', (e) => e.request.phone === CUSTOMER, 20_000, 'the first call is queued');
    const waiting = await getRequest(api, queued.request.id);
    expect(waiting).toMatchObject({ state: 'waiting', phone: CUSTOMER, position: 1 });

    const secondEar = await ear();
    const second = await customerCalls(scope.dir, sipPort, { caller: SECOND_CUSTOMER, dialed: '5550100', mediaPort: secondEar.port, byeTimeoutMs: 30_000 });
    expect(second.code, second.stderr + second.stdout).toBe(0); // holdless hung up (BYE)
    // "All our operators are busy and the queue is full. Please call later.": speech, no music. About 3.8 s: longer
    // than the Offline sentence (about 2.6 s).
    await expectSpeechOnly(secondEar, [3.3, 5]);

    const full = await events.waitFor('QueueFull', (e) => e.request.phone === SECOND_CUSTOMER, 20_000, 'the second call is refused: the queue is full');
    expect(full.cause).toBe('size');
    expect(await getRequest(api, full.request.id)).toMatchObject({ kind: 'call', state: 'rejected', reason: 'queue-full:size', phone: SECOND_CUSTOMER });
    expect(await getRequest(api, waiting.id)).toMatchObject({ state: 'waiting', position: 1 });

    // The first caller leaves too; the line is empty.
    await first.hangUp();
    expect((await first.done).code).toBe(0);
    await events.waitForRequest('Ended', waiting.id, 'the first request is abandoned');
    expect(await getRequest(api, waiting.id)).toMatchObject({ state: 'abandoned', reason: 'caller-hung-up' });
    expect(await listRequests(api, 'waiting,offered,connected')).toEqual([]);
  }, 120_000);

  it('a scenario that throws ends its own session only: its caller is hung up (or refused when it fails at load), and the next call is served', async () => {
    const { api, sipPort, server, events } = await start({
      firstRules: (d) => {
        // Throws in a handler, after answering: line 4 calls what does not exist.
        writeFileSync(
          join(d, 'throws-in-handler.js'),
          [
            'VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {',
            '  e.call.addEventListener(CallEvents.Connected, function () {',
            "    e.call.say('This scenario is about to fail.', Language.US_ENGLISH_FEMALE);",
            '    notDefinedAnywhere();',
            '  });',
            '  e.call.answer();',
            '});',
            '',
          ].join('\n'),
        );
        // Throws while it loads (its top level), before any handler exists.
        writeFileSync(join(d, 'throws-at-load.js'), "const settings = null;\nsettings.queue = 'MainQueue';\n");
        return [
          `  - { name: throws-in-handler, pattern: '^666$', scenario: '${join(d, 'throws-in-handler.js')}' }`,
          `  - { name: throws-at-load, pattern: '^667$', scenario: '${join(d, 'throws-at-load.js')}' }`,
        ].join('\n');
      },
    });
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);

    // Answered, then the handler throws: the session ends and hangs up its call.
    const brokenEar = await ear();
    const broken = await customerCalls(scope.dir, sipPort, { caller: CUSTOMER, dialed: '666', mediaPort: brokenEar.port, byeTimeoutMs: 30_000 });
    expect(broken.code, broken.stderr + broken.stdout).toBe(0); // holdless hung up (BYE)
    // A log-line wait: the scenario's failure (file and line) is told only in the server's log, neither by the API
    // nor by an event.
    await server.waitForOutput(/throws-in-handler\.js:4\b/, 'the failure is logged with the scenario file and line');

    // Fails while loading: the session never starts, and its call is refused with 500 Server Internal Error.
    const refusal = join(scope.dir, 'expect-500.xml');
    writeFileSync(refusal, readFileSync(join(ROOT, 'test/sipp/uac-expect-status.xml.template'), 'utf8').replaceAll('@STATUS@', '500'));
    const refused = await runSipp(['-sf', refusal, '-s', '667', '-m', '1', '-timeout', '30', '-timeout_error', `127.0.0.1:${sipPort}`], 40_000);
    expect(refused.code, refused.stderr + refused.stdout).toBe(0);
    expect(server.output()).toMatch(/throws-at-load\.js:2\b/);

    // The server keeps serving: the next caller is answered by the shipped scenario and waits in line.
    const nextEar = await ear();
    const next = await customerCallsAndHangsUp(scope.dir, sipPort, { caller: SECOND_CUSTOMER, dialed: '5550100', mediaPort: nextEar.port });
    sipps.push(next);
    await (await HoldMusicDetector.listen(nextEar)).wait('the next caller hears the announcement and the music');
    await events.waitFor('Queued', (e) => e.request.phone === SECOND_CUSTOMER, 20_000, 'the next call is queued');
    const queued = await listRequests(api);
    expect(queued.map((r) => [r.phone, r.state])).toEqual([[SECOND_CUSTOMER, 'waiting']]); // the broken calls queued nothing
    await next.hangUp();
    expect((await next.done).code).toBe(0);
  }, 150_000);
});
