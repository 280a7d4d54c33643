/**
 * Issue 5, end-to-end test 3: a caller who waits on the line (no `#`) is bridged straight to the operator. Real
 * processes on loopback: the holdless CLI, SIPp as the customer calling in through the trunk (it hangs up by itself
 * when the test says so), baresip as alice's SIP phone (digest-registered, auto-answer, a 440 Hz tone as its
 * microphone, what it hears recorded by sndfile), and an RTP socket as the customer's ear and mouth.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dominantFrequency, rmsDbfs } from '../../src/media/audio/measure.js';
import { wavToPcm8k } from '../../src/media/audio/prompt-audio.js';
import { startBaresip } from '../support/baresip.js';
import {
  audibleSeconds,
  customerCallsAndHangsUp,
  eventually,
  getRequest,
  historyOf,
  HoldMusicDetector,
  listRequests,
  operatorStatus,
  E2eScope,
} from '../support/e2e-harness.js';
import { peersOrCi } from '../support/peers.js';
import { RtpPeer, sine } from '../support/rtp-peer.js';
import { freePort } from '../support/sipp.js';

const CUSTOMER = '+15557654321';

describe.runIf(peersOrCi('sipp', 'baresip'))('a waiting caller is bridged straight to the operator (holdless + SIPp + baresip)', () => {
  const scope = new E2eScope();
  const { phones, sipps, peers } = scope;
  afterEach(() => scope.cleanup());

  it('without #: alice goes READY after the announcement, her phone answers, both hear each other, the customer hangs up, alice is hung up, the call completes', async () => {
    const dir = scope.tempDir();
    // No callback is dialed in this flow: the trunk's address only has to be valid.
    // RTP on two media workers: alice's call must be placed on the waiting caller's worker to be bridged.
    const e2e = await scope.start({ trunkPort: await freePort(), dataDir: dir, mediaWorkers: 2 });
    const { api, sipPort, events } = e2e;

    const alice = await startBaresip({ user: 'alice', password: 'alice-e2e-pass', registrarPort: sipPort, answermode: 'auto' });
    phones.push(alice);
    await alice.waitForOutput(/200 OK \(\) \[1 binding\]/, 15_000);
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);

    // The customer calls and hears the announcement, then the hold music.
    const ear = await RtpPeer.open();
    peers.push(ear);
    const customer = await customerCallsAndHangsUp(dir, sipPort, { caller: CUSTOMER, dialed: '5550100', mediaPort: ear.port });
    sipps.push(customer);
    await (await HoldMusicDetector.listen(ear)).wait('announcement then hold music');
    const queued = await events.waitFor('Queued', (e) => e.request.phone === CUSTOMER, 20_000, 'the call is queued');
    const waiting = await getRequest(api, queued.request.id);
    expect(waiting).toMatchObject({ kind: 'call', state: 'waiting', phone: CUSTOMER, position: 1 });
    expect((await listRequests(api, 'waiting')).map((r) => r.id)).toEqual([waiting.id]);

    // alice goes READY: her phone rings and answers, and the waiting caller is bridged to her (no whisper, no dial).
    expect((await api('PUT', '/operators/alice/status', { status: 'READY' })).status).toBe(200);
    await alice.waitForEvent((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    const connected = await events.waitForRequest('Connected', waiting.id, 'the call is connected to alice');
    expect(connected.operator).toBe('alice');
    expect(await getRequest(api, waiting.id)).toMatchObject({ state: 'connected', handledBy: 'alice' });

    // What alice says (her 440 Hz tone) reaches the customer in place of the music.
    const bridgedFrom = ear.received.length;
    await ear.waitFor(
      () => ear.received.length - bridgedFrom >= 100 && Math.abs(dominantFrequency(ear.audio(ear.received.length - 75), 8000) - 440) < 15,
      "alice's 440 Hz tone at the customer",
      30_000,
    );
    // What the customer says (1 kHz) reaches alice.
    await ear.sendAudio(sine(1000, 2));

    // The customer hangs up: holdless ends alice's call too, and the request completes.
    await customer.hangUp();
    const leg = await customer.done;
    expect(leg.code, leg.stderr + leg.stdout).toBe(0); // SIPp sent BYE and got its 200 (holdless did not hang up first)
    await alice.waitForEvent((e) => e.type === 'CALL_CLOSED', 15_000);
    await events.waitForRequest('Ended', waiting.id, 'the request is completed');
    const done = await getRequest(api, waiting.id);
    expect(done).toMatchObject({ state: 'completed', kind: 'call', handledBy: 'alice', attempts: 0 }); // a live call, never a callback
    const history = (await historyOf(api, waiting.id)).map((h) => h.event);
    expect(history, history.join(' ')).toEqual(['ENQUEUE', 'OFFER', 'CONNECT', 'COMPLETE']);

    // alice: AFTER_SERVICE (wrap-up 2 s), then READY again.
    await events.operatorGoesThrough('alice', ['AFTER_SERVICE', 'READY'], 20_000, { after: connected.seq });
    expect(await operatorStatus(api, 'alice')).toBe('READY');

    // What alice heard: the customer's 2 s of 1 kHz, and nothing else (no whisper: a live caller is bridged at once).
    // Polled: baresip writes its recording on its own; neither the server nor baresip's events tell when it is there.
    const recording = await eventually(
      async () => Promise.resolve(readdirSync(alice.dir).find((f) => f.endsWith('.wav') && f.includes('dec'))),
      'baresip wrote what alice heard',
    );
    const aliceHeard = wavToPcm8k(readFileSync(join(alice.dir, recording)));
    expect(audibleSeconds(aliceHeard)).toBeGreaterThan(1);
    expect(audibleSeconds(aliceHeard)).toBeLessThan(3);
    expect(rmsDbfs(aliceHeard)).toBeGreaterThan(-40);
    expect(Math.abs(dominantFrequency(aliceHeard, 8000) - 1000)).toBeLessThan(15);
  }, 180_000);
});
