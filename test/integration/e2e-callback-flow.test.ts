/**
 * The seed flow of PRODUCT.md end to end, with real processes on loopback: the holdless CLI with a test config, SIPp
 * as the carrier (the customer calling in, then answering the callback), baresip as alice's SIP phone (registered
 * with digest auth, auto-answer, a 440 Hz tone as its microphone, what it hears recorded by sndfile), and RTP sockets
 * as the customer's ear and mouth.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bandEnergyRatio, dominantFrequency, rmsDbfs } from '../../src/media/audio/measure.js';
import { wavToPcm8k } from '../../src/media/audio/prompt-audio.js';
import { startBaresip } from '../support/baresip.js';
import {
  customerAnswers,
  customerCalls,
  getRequest,
  historyOf,
  holdMusicFrames,
  operatorStatus,
  E2eScope,
} from '../support/e2e-harness.js';
import { peersOrCi } from '../support/peers.js';
import { RtpPeer, sine } from '../support/rtp-peer.js';

const CUSTOMER = '+15557654321';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

describe.runIf(peersOrCi('sipp', 'baresip'))('the callback flow end to end (holdless + SIPp + baresip)', () => {
  const scope = new E2eScope();
  const { phones, sipps, peers } = scope;
  afterEach(() => scope.cleanup());

  it('# keeps the place as a callback; the operator hears the whisper, the customer is dialed with the caller ID, both talk, hang-up ends it completed', async () => {
    const dir = scope.tempDir();
    const answerEar = await RtpPeer.open();
    peers.push(answerEar);
    // The carrier side that will answer the callback listens first: its port is the trunk's address.
    const callbackSipp = await customerAnswers(dir, { number: CUSTOMER, mediaPort: answerEar.port, byeTimeoutMs: 90_000 });
    sipps.push(callbackSipp);
    // RTP on two media workers: the customer dialed back must be placed on the operator's worker to be bridged.
    const e2e = await scope.start({ trunkPort: callbackSipp.port, dataDir: dir, mediaWorkers: 2, scenarioWorkers: 1 });
    const { api, sipPort, events } = e2e;

    // Without a registered phone alice cannot be offered calls.
    expect((await api<{ voiceReachable: boolean }>('GET', '/operators/alice')).body.voiceReachable).toBe(false);
    // alice's phone registers; alice is logged in but not ready, so the customer waits in line.
    const alice = await startBaresip({ user: 'alice', password: 'alice-e2e-pass', registrarPort: sipPort, answermode: 'auto' });
    phones.push(alice);
    await alice.waitForOutput(/200 OK \(\) \[1 binding\]/, 15_000);
    await events.waitFor('OperatorReachabilityChanged', (e) => e.operator === 'alice' && e.voiceReachable, 15_000, 'alice reachable once her phone registered');
    expect((await api<{ voiceReachable: boolean }>('GET', '/operators/alice')).body.voiceReachable).toBe(true);
    expect((await api('PUT', '/operators/alice/status', { status: 'ONLINE' })).status).toBe(200);

    // 1. The customer calls; the scenario answers and announces; then hold music.
    const ear = await RtpPeer.open();
    peers.push(ear);
    const call = customerCalls(dir, sipPort, { caller: CUSTOMER, dialed: '5550100', mediaPort: ear.port, byeTimeoutMs: 60_000 });
    const music = await holdMusicFrames(50);
    const musicStartsAt = (): number => ear.received.findIndex((r) => r.packet.payloadType === 0 && sameBytes(r.packet.payload, music[0]!));
    await ear.waitFor(() => musicStartsAt() >= 0 && ear.received.length > musicStartsAt() + 50, 'announcement then hold music', 40_000);
    const start = musicStartsAt();
    const announcement = ear.audio(0).subarray(0, start * 160);
    expect(announcement.length / 8000).toBeGreaterThan(2); // "You are number 1 in the queue ..." takes seconds
    expect(rmsDbfs(announcement)).toBeGreaterThan(-40); // not silence
    expect(bandEnergyRatio(announcement, 8000, 200, 3400)).toBeGreaterThan(0.7); // speech band
    const musicPackets = ear.received.slice(start, start + 50).map((r) => r.packet.payload);
    expect(musicPackets.every((p, i) => sameBytes(p, music[i]!))).toBe(true); // exactly the shipped file, in order

    // The request waits, first in line.
    const queued = await events.waitFor('Queued', (e) => e.request.phone === CUSTOMER, 20_000, 'the call is queued');
    expect(queued.duplicate).toBe(false);
    const waiting = await getRequest(api, queued.request.id);
    expect(waiting).toMatchObject({ kind: 'call', state: 'waiting', position: 1, phone: CUSTOMER });

    // 2. The customer presses # (RFC 4733): holdless says goodbye and hangs up; the request stays, now a callback.
    await ear.sendDigit('#');
    const customerLeg = await call;
    expect(customerLeg.code, customerLeg.stderr + customerLeg.stdout).toBe(0);
    const converted = await events.waitForRequest('ConvertedToCallback', waiting.id, 'the request became a callback');
    expect(converted.request).toMatchObject({ kind: 'callback', state: 'waiting' });
    expect(await getRequest(api, waiting.id)).toMatchObject({ kind: 'callback', state: 'waiting', position: 1, phone: CUSTOMER });

    // 3. alice goes ready: her phone rings and answers; she hears the whisper; the customer is dialed and answers.
    expect((await api('PUT', '/operators/alice/status', { status: 'READY' })).status).toBe(200);
    await alice.waitForEvent((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    await answerEar.waitFor(() => answerEar.received.length > 25, 'the callback is answered and audio flows to the customer', 40_000);
    // What alice says (her 440 Hz tone) reaches the customer.
    await answerEar.waitFor(() => answerEar.received.length > 100, 'two seconds of operator audio at the customer', 20_000);
    const heard = answerEar.audio(answerEar.received.length - 75);
    expect(Math.abs(dominantFrequency(heard, 8000) - 440)).toBeLessThan(15);
    // What the customer says (1 kHz) reaches alice.
    await answerEar.sendAudio(sine(1000, 2));

    // 4. alice hangs up: holdless hangs up the customer (SIPp gets its BYE and exits 0); the request is completed.
    await alice.command('hangup');
    await alice.waitForEvent((e) => e.type === 'CALL_CLOSED', 10_000);
    const answered = await callbackSipp.done;
    expect(answered.code, answered.stderr + answered.stdout).toBe(0);
    await events.waitForRequest('Ended', waiting.id, 'the request is completed');
    const done = await getRequest(api, waiting.id);
    expect(done).toMatchObject({ kind: 'callback', state: 'completed' });
    const history = (await historyOf(api, waiting.id)).map((h) => h.event);
    // In line as a call, turned into a callback, offered to alice, the customer dialed, connected, completed.
    for (const e of ['ENQUEUE', 'CONVERT', 'OFFER', 'DIAL', 'CONNECT', 'COMPLETE']) expect(history, history.join(' ')).toContain(e);

    // alice: AFTER_SERVICE (wrap-up 2 s; its event comes just before Ended), then READY again.
    const connected = await events.waitForRequest('Connected', waiting.id, 'alice and the customer were connected');
    expect(connected.operator).toBe('alice');
    await events.operatorGoesThrough('alice', ['AFTER_SERVICE', 'READY'], 15_000, { after: connected.seq });
    expect(await operatorStatus(api, 'alice')).toBe('READY');

    // What alice heard: the whisper (speech) and then the customer's 1 kHz.
    const recording = readdirSync(alice.dir).find((f) => f.endsWith('.wav') && f.includes('dec'));
    expect(recording, readdirSync(alice.dir).join(', ')).toBeDefined();
    const aliceHeard = wavToPcm8k(readFileSync(join(alice.dir, recording!)));
    expect(aliceHeard.length / 8000).toBeGreaterThan(3);
    const whisper = aliceHeard.subarray(0, 8000 * 2);
    expect(rmsDbfs(whisper)).toBeGreaterThan(-40);
    const tail = aliceHeard.subarray(Math.max(0, aliceHeard.length - 8000 * 3));
    expect(Math.abs(dominantFrequency(tail, 8000) - 1000)).toBeLessThan(15);
  }, 180_000);
});
