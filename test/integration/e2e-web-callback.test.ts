/**
 * Issue 5, end-to-end test 4: a web site asks for a callback through Voximplant's StartScenarios (form body, api_key),
 * the web-callback scenario queues it, and the operator-first flow serves it. Real processes on loopback: the holdless
 * CLI, SIPp as the carrier answering the callback (it checks the dialed number and the caller ID), baresip as alice's
 * SIP phone (digest-registered, auto-answer, a 440 Hz tone as its microphone, what it hears recorded by sndfile), and
 * an RTP socket as the customer's ear and mouth.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bandEnergyRatio, dominantFrequency, rmsDbfs } from '../../src/media/audio/measure.js';
import { wavToPcm8k } from '../../src/media/audio/prompt-audio.js';
import { startBaresip } from '../support/baresip.js';
import {
  customerAnswers,
  eventually,
  getRequest,
  historyOf,
  listRequests,
  operatorStatus,
  startScenarios,
  E2eScope,
} from '../support/e2e-harness.js';
import { peersOrCi } from '../support/peers.js';
import { RtpPeer, sine } from '../support/rtp-peer.js';

const CUSTOMER = '+79161234567';

describe.runIf(peersOrCi('sipp', 'baresip'))('web callback end to end (StartScenarios + holdless + SIPp + baresip)', () => {
  const scope = new E2eScope();
  const { phones, sipps, peers } = scope;
  afterEach(() => scope.cleanup());

  it('StartScenarios with "+7...:Name" queues a callback; alice goes READY, hears the whisper, the customer is dialed with the caller ID, both talk, hang-up ends it completed', async () => {
    const dir = scope.tempDir();
    const ear = await RtpPeer.open();
    peers.push(ear);
    // The carrier side that will answer the callback listens first: its port is the trunk's address.
    const callbackSipp = await customerAnswers(dir, { number: CUSTOMER, mediaPort: ear.port, byeTimeoutMs: 90_000 });
    sipps.push(callbackSipp);
    // RTP on two media workers: the scenario's callPSTN must land on the worker of the operator's call it adopted.
    const e2e = await scope.start({ trunkPort: callbackSipp.port, dataDir: dir, mediaWorkers: 2, scenarioWorkers: 2 });
    const { api, sipPort, server, events } = e2e;

    const alice = await startBaresip({ user: 'alice', password: 'alice-e2e-pass', registrarPort: sipPort, answermode: 'auto' });
    phones.push(alice);
    await alice.waitForOutput(/200 OK \(\) \[1 binding\]/, 15_000);
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);

    // The web site's "call me back" form, as Voximplant's StartScenarios takes it.
    const started = await startScenarios(server, { api_key: server.adminToken, rule_name: 'web-callback', script_custom_data: `${CUSTOMER}:Ivan` });
    expect(started.status).toBe(200);
    expect(started.body.result).toBe(1);
    expect(typeof started.body.call_session_history_id).toBe('string'); // the session's id
    expect(started.body.media_session_access_url).toMatch(/^http:\/\//);

    // The scenario queued a callback to the number, with the name as its custom data; nobody is dialed yet.
    const queuedEvent = await events.waitFor('Queued', (e) => e.request.phone === CUSTOMER, 20_000, 'the callback is queued');
    expect(queuedEvent.duplicate).toBe(false);
    const queued = await getRequest(api, queuedEvent.request.id);
    expect(queued).toMatchObject({ kind: 'callback', state: 'waiting', phone: CUSTOMER, position: 1, customData: 'Ivan' });
    expect((await listRequests(api, 'waiting')).map((r) => r.id)).toEqual([queued.id]);

    // alice goes READY: her phone rings and answers; she hears the whisper; then the customer is dialed and answers.
    expect((await api('PUT', '/operators/alice/status', { status: 'READY' })).status).toBe(200);
    const established = await alice.waitForEvent((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    // Her phone shows who she is calling back: the name from the web form, as the caller's display name.
    expect(established).toMatchObject({ peerdisplayname: 'Ivan' });
    const connected = await events.waitForRequest('Connected', queued.id, 'the customer answered and is connected to alice', 40_000);
    expect(connected.operator).toBe('alice');
    expect(await getRequest(api, queued.id)).toMatchObject({ state: 'connected', handledBy: 'alice' });
    // What alice says (her 440 Hz tone) reaches the customer.
    await ear.waitFor(
      () => ear.received.length >= 100 && Math.abs(dominantFrequency(ear.audio(ear.received.length - 75), 8000) - 440) < 15,
      "alice's 440 Hz tone at the customer",
      30_000,
    );
    // What the customer says (1 kHz) reaches alice.
    await ear.sendAudio(sine(1000, 2));

    // alice hangs up: holdless hangs up the customer (SIPp gets its BYE and exits 0); the request is completed.
    await alice.command('hangup');
    await alice.waitForEvent((e) => e.type === 'CALL_CLOSED', 10_000);
    const answered = await callbackSipp.done;
    expect(answered.code, answered.stderr + answered.stdout).toBe(0);
    await events.waitForRequest('Ended', queued.id, 'the request is completed');
    const done = await getRequest(api, queued.id);
    expect(done).toMatchObject({ state: 'completed', kind: 'callback', handledBy: 'alice', attempts: 1 });
    const history = (await historyOf(api, queued.id)).map((h) => h.event);
    expect(history, history.join(' ')).toEqual(['ENQUEUE', 'OFFER', 'DIAL', 'CONNECT', 'COMPLETE']);
    await events.operatorGoesThrough('alice', ['AFTER_SERVICE', 'READY'], 20_000, { after: connected.seq });
    expect(await operatorStatus(api, 'alice')).toBe('READY');

    // What alice heard: the whisper (speech) first, then the customer's 1 kHz.
    // Polled: baresip writes its recording on its own; neither the server nor baresip's events tell when it is there.
    const recording = await eventually(
      async () => Promise.resolve(readdirSync(alice.dir).find((f) => f.endsWith('.wav') && f.includes('dec'))),
      'baresip wrote what alice heard',
    );
    const aliceHeard = wavToPcm8k(readFileSync(join(alice.dir, recording)));
    expect(aliceHeard.length / 8000).toBeGreaterThan(3);
    const whisper = aliceHeard.subarray(0, 8000 * 2);
    expect(rmsDbfs(whisper)).toBeGreaterThan(-40);
    expect(bandEnergyRatio(whisper, 8000, 200, 3400)).toBeGreaterThan(0.7);
    const tail = aliceHeard.subarray(Math.max(0, aliceHeard.length - 8000 * 2));
    expect(Math.abs(dominantFrequency(tail, 8000) - 1000)).toBeLessThan(15);
  }, 180_000);
});
