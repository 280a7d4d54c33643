/**
 * The scenarios holdless ships (scenarios/callback-queue.js, scenarios/web-callback.js), run for real: each in its own
 * isolated-vm session (ScenarioSession), on a fake clock, against a fake telephony + ACD port that records every
 * command. The tests play the part of the caller, the operator and the ACD by pushing events, and check what the
 * scenario asks for (PRODUCT.md "The core flow", VOXENGINE.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/lib/fake-clock.js';
import type { CallInfo, ScenarioServices } from '../../src/scenario/session/scenario-services.js';
import { ScenarioSession } from '../../src/scenario/session/scenario-session.js';

const scenario = (file: string) => readFileSync(fileURLToPath(new URL(`../../scenarios/${file}`, import.meta.url)), 'utf8');
const CALLBACK_QUEUE = scenario('callback-queue.js');
const WEB_CALLBACK = scenario('web-callback.js');

/** The scenario's source with one CONFIG line changed (and a check that the line exists, so the test cannot rot). */
function withConfig(source: string, from: string, to: string): string {
  expect(source).toContain(from);
  return source.replace(from, to);
}
const russian = (source: string) => withConfig(source, "language: 'en',", "language: 'ru',");

const EN = 'usenglishfemale'; // Language.US_ENGLISH_FEMALE
const RU = 'ruinternalfemale'; // Language.RU_RUSSIAN_FEMALE
const CALLER = '+14155550123';
const INBOUND: CallInfo = { id: 'in-1', callerid: CALLER, destination: '+18005550100', incoming: true };
const OPERATOR: CallInfo = { id: 'op-1', callerid: CALLER, number: 'alice', incoming: false };

const sessions: ScenarioSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.terminate('test over');
});

/** Lets `VoxEngine.terminate()` (which ends the session after the current code block) take effect. */
const flush = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * A session of a shipped scenario with a recording fake of the telephony and ACD layers. `commands` reads like a call
 * log: `in-1.answer()`, `enqueue MainQueue +1415... {}`, `req-1.getStatus`, `bridge in-1 op-1`, ...
 */
function run(filename: string, source: string, customData = '') {
  const clock = new FakeClock();
  const commands: string[] = [];
  const said: string[] = [];
  const log: string[] = [];
  const ended: string[] = [];
  let dialed = 0;
  const services: ScenarioServices = {
    callCommand: (_s, callId, method, args) => {
      if (method === 'say') said.push(`${callId}: ${String(args[0])} [${String(args[1])}]`);
      const shown = args.filter((a) => a !== null && a !== undefined).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
      commands.push(method === 'say' ? `${callId}.say` : `${callId}.${method}(${shown.join(', ')})`);
    },
    callPSTN: (_s, number, callerid) => {
      commands.push(`callPSTN ${number} ${callerid ?? '(trunk caller ID)'}`);
      return { id: `pstn-${++dialed}`, number, incoming: false };
    },
    callUser: (_s, params) => {
      commands.push(`callUser ${params.username}`);
      return { id: `user-${++dialed}`, incoming: false };
    },
    callSIP: (_s, uri) => {
      commands.push(`callSIP ${uri}`);
      return { id: `sip-${++dialed}`, incoming: false };
    },
    sendMediaBetween: (_s, a, b) => void commands.push(`bridge ${a} ${b}`),
    stopMediaBetween: (_s, a, b) => void commands.push(`unbridge ${a} ${b}`),
    enqueue: (_s, queue, callerid, options) => {
      const entries: Array<[string, unknown]> = Object.entries(options);
      const o = Object.fromEntries(entries.filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0)));
      commands.push(`enqueue ${queue} ${callerid} ${JSON.stringify(o)}`);
      return { id: 'req-1' };
    },
    acdCommand: (_s, requestId, method) => void commands.push(`${requestId}.${method}`),
    log: (_s, _file, message) => void log.push(message),
  };
  const s = new ScenarioSession({ id: 's1', filename, source, services, clock, customData, onEnded: (why) => ended.push(why) });
  sessions.push(s);
  s.start();
  /** Commands issued from now on (clears the record). */
  const next = () => commands.splice(0);
  const nextSaid = () => said.splice(0);
  return { s, clock, commands, said, log, ended, next, nextSaid };
}

type Run = ReturnType<typeof run>;

/** callback-queue.js up to the caller waiting in the queue, with the opening announcement and hold music playing. */
function waitingCaller(source = CALLBACK_QUEUE, inbound: CallInfo = INBOUND): Run {
  const t = run('callback-queue.js', source);
  t.s.inboundCall(inbound);
  t.s.callEvent(inbound.id, 'Call.Connected');
  t.s.acdEvent('req-1', 'ACD.Queued');
  t.s.acdEvent('req-1', 'ACD.Waiting', { position: 3, ewt: 4 });
  t.s.callEvent(inbound.id, 'Call.PlaybackFinished');
  t.next();
  t.nextSaid();
  return t;
}

/**
 * The ACD reached an operator for req-1. As the scenario host does (ScenarioHost.adopt), the operator's call becomes the
 * session's before `OperatorReached` reaches the script, so its later events (PlaybackFinished, Disconnected) do too.
 */
function reachOperator(t: Run, operatorCall: CallInfo = OPERATOR): void {
  t.s.adoptCall(operatorCall);
  t.s.acdEvent('req-1', 'ACD.OperatorReached', { operatorCall });
}

/** The caller of a waiting session presses # and hangs up after goodbye: the request stays in the queue. */
function chooseCallback(t: Run): void {
  t.s.callEvent('in-1', 'Call.ToneReceived', { tone: '#' });
  t.s.callEvent('in-1', 'Call.PlaybackFinished');
  t.s.callEvent('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 40 });
  t.next();
  t.nextSaid();
}

describe('scenarios/callback-queue.js: waiting in the queue', () => {
  it("answers, enqueues the caller's number in MainQueue, announces place and wait, then plays hold music", () => {
    const t = run('callback-queue.js', CALLBACK_QUEUE);
    t.s.inboundCall(INBOUND);
    expect(t.next()).toEqual(['in-1.answer()']);
    t.s.callEvent('in-1', 'Call.Connected');
    expect(t.next()).toEqual(['in-1.handleTones(true)', `enqueue MainQueue ${CALLER} {}`]);
    t.s.acdEvent('req-1', 'ACD.Queued');
    expect(t.next()).toEqual(['req-1.getStatus']);
    t.s.acdEvent('req-1', 'ACD.Waiting', { position: 3, ewt: 4 });
    expect(t.next()).toEqual(['in-1.say']);
    expect(t.nextSaid()).toEqual([
      'in-1: You are number 3 in the queue. An operator will answer in less than 4 minutes. ' +
        `Press the hash key, hang up, and we will call you back, keeping your place. [${EN}]`,
    ]);
    // The music starts only once the announcement has ended.
    t.s.callEvent('in-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['in-1.startPlayback(media:hold-music, true)']);
    expect(t.s.state).toBe('running');
  });

  it('repeats the status every 30 s (setInterval(request.getStatus, 30000), unbound); a new announcement replaces the music, which then resumes', () => {
    const t = waitingCaller();
    t.clock.advance(29_999);
    expect(t.next()).toEqual([]);
    t.clock.advance(1);
    expect(t.next()).toEqual(['req-1.getStatus']);
    t.s.acdEvent('req-1', 'ACD.Waiting', { position: 2, ewt: 3 });
    expect(t.next()).toEqual(['in-1.say']);
    expect(t.nextSaid()[0]).toMatch(/^in-1: You are number 2 in the queue\. An operator will answer in less than 3 minutes\./);
    t.s.callEvent('in-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['in-1.startPlayback(media:hold-music, true)']);
    t.clock.advance(30_000);
    expect(t.next()).toEqual(['req-1.getStatus']);
    expect(t.log).toEqual([]);
  });

  it('says the wait in English: less than a minute for 0, "1 minute", "N minutes"; leaves it out when unknown', () => {
    const t = waitingCaller();
    const announce = (position: number, ewt: number | null) => {
      t.s.acdEvent('req-1', 'ACD.Waiting', { position, ewt });
      t.s.callEvent('in-1', 'Call.PlaybackFinished');
      return t.nextSaid()[0]!.replace(/^in-1: /, '').replace(/ Press the hash key.*$/, '');
    };
    expect(announce(1, 0)).toBe('You are number 1 in the queue. An operator will answer in less than a minute.');
    expect(announce(1, 1)).toBe('You are number 1 in the queue. An operator will answer in less than 1 minute.');
    expect(announce(12, 21)).toBe('You are number 12 in the queue. An operator will answer in less than 21 minutes.');
    expect(announce(5, null)).toBe('You are number 5 in the queue.');
  });

  it('speaks Russian with the right plural of "минута" after "через" (1/21 минуту, 2 минуты, 5/11/12 минут) and a place that fits any number', () => {
    const t = waitingCaller(russian(CALLBACK_QUEUE));
    const cases: [number, number, string][] = [
      [1, 0, 'Ваш номер в очереди: 1. Оператор ответит менее чем через минуту.'],
      [1, 1, 'Ваш номер в очереди: 1. Оператор ответит менее чем через 1 минуту.'],
      [2, 2, 'Ваш номер в очереди: 2. Оператор ответит менее чем через 2 минуты.'],
      [3, 5, 'Ваш номер в очереди: 3. Оператор ответит менее чем через 5 минут.'],
      [7, 11, 'Ваш номер в очереди: 7. Оператор ответит менее чем через 11 минут.'],
      [11, 12, 'Ваш номер в очереди: 11. Оператор ответит менее чем через 12 минут.'],
      [21, 14, 'Ваш номер в очереди: 21. Оператор ответит менее чем через 14 минут.'],
      [22, 21, 'Ваш номер в очереди: 22. Оператор ответит менее чем через 21 минуту.'],
      [40, 22, 'Ваш номер в очереди: 40. Оператор ответит менее чем через 22 минуты.'],
      [101, 111, 'Ваш номер в очереди: 101. Оператор ответит менее чем через 111 минут.'],
    ];
    for (const [position, ewt, text] of cases) {
      t.s.acdEvent('req-1', 'ACD.Waiting', { position, ewt });
      t.s.callEvent('in-1', 'Call.PlaybackFinished');
      expect(t.nextSaid()).toEqual([
        `in-1: ${text} Нажмите решётку, положите трубку, и мы вам перезвоним, сохранив ваше место в очереди. [${RU}]`,
      ]);
    }
  });

  it('does not restart hold music that cannot be played (no spinning); the next status tries again', () => {
    const t = waitingCaller();
    t.s.callEvent('in-1', 'Call.PlaybackFinished', { error: 'media:hold-music: not found' });
    expect(t.next()).toEqual([]);
    expect(t.log).toEqual(['hold music failed: media:hold-music: not found']);
    t.clock.advance(30_000);
    t.s.acdEvent('req-1', 'ACD.Waiting', { position: 1, ewt: 1 });
    t.s.callEvent('in-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['req-1.getStatus', 'in-1.say', 'in-1.startPlayback(media:hold-music, true)']);
  });

  it('an anonymous caller is not offered a callback, and # does nothing', () => {
    const t = waitingCaller(CALLBACK_QUEUE, { ...INBOUND, callerid: '' });
    t.s.acdEvent('req-1', 'ACD.Waiting', { position: 2, ewt: 2 });
    expect(t.nextSaid()).toEqual([`in-1: You are number 2 in the queue. An operator will answer in less than 2 minutes. [${EN}]`]);
    t.s.callEvent('in-1', 'Call.PlaybackFinished');
    t.next();
    t.s.callEvent('in-1', 'Call.ToneReceived', { tone: '#' });
    expect(t.next()).toEqual([]);
  });

  it('logs OperatorFailed and nothing else (the ACD moves on by itself)', () => {
    const t = waitingCaller();
    t.s.acdEvent('req-1', 'ACD.OperatorFailed', { operatorUserName: 'bob', statusCode: 408 });
    expect(t.next()).toEqual([]);
    expect(t.log).toEqual(['operator bob did not take the call (408)']);
  });
});

describe('scenarios/callback-queue.js: # keeps the place, hanging up gives it up', () => {
  it('# → "We will call you back. Goodbye.", hangs up after it, and keeps the request (no cancel, the session lives on)', async () => {
    const t = waitingCaller();
    t.s.callEvent('in-1', 'Call.ToneReceived', { tone: '5' });
    expect(t.next()).toEqual([]);
    t.s.callEvent('in-1', 'Call.ToneReceived', { tone: '#' });
    expect(t.next()).toEqual(['in-1.say']);
    expect(t.nextSaid()).toEqual([`in-1: We will call you back. Goodbye. [${EN}]`]);
    t.s.callEvent('in-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['in-1.hangup()']);
    // holdless fires Disconnected for the scenario's own hangup: the handler must not cancel the request.
    t.s.callEvent('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 40 });
    await flush();
    expect(t.next()).toEqual([]);
    expect(t.log).toEqual([`caller ${CALLER} chose a callback; the request keeps its place`]);
    expect(t.s.state).toBe('running');
    expect(t.s.liveCalls).toBe(0);
    expect(t.s.pendingRequests).toBe(1);
    // No more status requests for a caller who has gone.
    t.clock.advance(5 * 60_000);
    expect(t.next()).toEqual([]);
  });

  it('# hangs up at once when goodbye cannot be said, still keeping the request', async () => {
    const t = waitingCaller();
    t.s.callEvent('in-1', 'Call.ToneReceived', { tone: '#' });
    t.s.callEvent('in-1', 'Call.PlaybackFinished', { error: 'tts failed' });
    t.s.callEvent('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 40 });
    await flush();
    expect(t.next()).toEqual(['in-1.say', 'in-1.hangup()']);
    expect(t.s.pendingRequests).toBe(1);
    expect(t.s.state).toBe('running');
  });

  it('a caller who hangs up without # cancels the request and ends the session', async () => {
    const t = waitingCaller();
    t.s.callEvent('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'caller hung up', duration: 25 });
    expect(t.next()).toEqual(['req-1.cancel']); // from the scenario's handler, before the session ends
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('a caller who hangs up before the request is queued just ends the session', async () => {
    const t = run('callback-queue.js', CALLBACK_QUEUE);
    t.s.inboundCall(INBOUND);
    t.s.callEvent('in-1', 'Call.Connected');
    t.s.callEvent('in-1', 'Call.ToneReceived', { tone: '#' }); // not queued yet: no callback to keep
    t.s.callEvent('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'caller hung up', duration: 1 });
    expect(t.next()).toEqual(['in-1.answer()', 'in-1.handleTones(true)', `enqueue MainQueue ${CALLER} {}`, 'req-1.cancel']);
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });
});

describe('scenarios/callback-queue.js: the operator is reached', () => {
  it('bridges a caller still on the line to the operator (the music stops), and ends both when the caller hangs up', async () => {
    const t = waitingCaller();
    reachOperator(t);
    expect(t.next()).toEqual(['bridge in-1 op-1']);
    t.clock.advance(60_000);
    expect(t.next()).toEqual([]); // no status while talking
    t.s.callEvent('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 300 });
    expect(t.next()).toEqual(['op-1.hangup()']);
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('bridges a caller who pressed # but is still hearing goodbye, instead of hanging up on them', () => {
    const t = waitingCaller();
    t.s.callEvent('in-1', 'Call.ToneReceived', { tone: '#' });
    reachOperator(t);
    t.s.callEvent('in-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['in-1.say', 'bridge in-1 op-1']);
  });

  it('hangs up the caller when the operator hangs up', async () => {
    const t = waitingCaller();
    reachOperator(t);
    t.next();
    t.s.callEvent('op-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 300 });
    expect(t.next()).toEqual(['in-1.hangup()']);
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('after a callback choice: whispers to the operator, then dials the caller with the trunk caller ID and bridges on answer', async () => {
    const t = waitingCaller();
    chooseCallback(t);
    t.clock.advance(10 * 60_000); // the request keeps its place while the session has no call
    reachOperator(t);
    expect(t.next()).toEqual(['op-1.say']);
    expect(t.nextSaid()).toEqual([`op-1: Please wait, connecting you to the customer. [${EN}]`]);
    // The operator's call now belongs to the session: its events reach the scenario and it keeps the session alive.
    expect(t.s.liveCalls).toBe(1);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual([`callPSTN ${CALLER} (trunk caller ID)`]);
    t.s.callEvent('pstn-1', 'Call.Ringing');
    t.s.callEvent('pstn-1', 'Call.Connected');
    expect(t.next()).toEqual(['bridge op-1 pstn-1']);
    // The customer hangs up: the operator is hung up, and the session ends once both are gone.
    t.s.callEvent('pstn-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 120 });
    expect(t.next()).toEqual(['op-1.hangup()']);
    expect(t.s.state).toBe('running');
    t.s.callEvent('op-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 125 });
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('after a callback choice: the operator hanging up hangs up the customer', async () => {
    const t = waitingCaller();
    chooseCallback(t);
    reachOperator(t);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    t.s.callEvent('pstn-1', 'Call.Connected');
    t.next();
    t.s.callEvent('op-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 60 });
    expect(t.next()).toEqual(['pstn-1.hangup()']);
    t.s.callEvent('pstn-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 55 });
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('when the customer does not answer, tells the operator ("The customer did not answer.") and hangs the operator up', async () => {
    const t = waitingCaller();
    chooseCallback(t);
    reachOperator(t);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    t.next();
    t.nextSaid();
    t.s.callEvent('pstn-1', 'Call.Failed', { code: 480, reason: 'Temporarily Unavailable' });
    expect(t.nextSaid()).toEqual([`op-1: The customer did not answer. [${EN}]`]);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['op-1.say', 'op-1.hangup()']);
    t.s.callEvent('op-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 30 });
    await flush();
    expect(t.log).toContain(`callback to ${CALLER} failed: 480 Temporarily Unavailable`);
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it("dials with CONFIG.callerId when one is set, and whispers in Russian", () => {
    const t = waitingCaller(withConfig(russian(CALLBACK_QUEUE), 'callerId: null,', "callerId: '+442079460000',"));
    chooseCallback(t);
    reachOperator(t);
    expect(t.nextSaid()).toEqual([`op-1: Пожалуйста, подождите, соединяю с клиентом. [${RU}]`]);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['op-1.say', `callPSTN ${CALLER} +442079460000`]);
  });
});

describe('scenarios/callback-queue.js: refused or failed requests', () => {
  const refusal = async (event: string, data: Record<string, unknown>, source = CALLBACK_QUEUE) => {
    const t = run('callback-queue.js', source);
    t.s.inboundCall(INBOUND);
    t.s.callEvent('in-1', 'Call.Connected');
    t.next();
    t.s.acdEvent('req-1', event, data);
    const said = t.nextSaid();
    t.s.callEvent('in-1', 'Call.PlaybackFinished');
    t.s.callEvent('in-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 5 });
    await flush();
    return { t, said, commands: t.next() };
  };

  it('Offline: "All operators are offline. Please call later.", then hangs up and ends', async () => {
    const { t, said, commands } = await refusal('ACD.Offline', {});
    expect(said).toEqual([`in-1: All operators are offline. Please call later. [${EN}]`]);
    expect(commands).toEqual(['in-1.say', 'in-1.hangup()']);
    expect(t.log).toEqual(['request refused: no operator of MainQueue is logged in']);
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('QueueFull: says the queue is full, then hangs up and ends', async () => {
    const { t, said, commands } = await refusal('ACD.QueueFull', {});
    expect(said).toEqual([`in-1: All our operators are busy and the queue is full. Please call later. [${EN}]`]);
    expect(commands).toEqual(['in-1.say', 'in-1.hangup()']);
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('Error: apologises, hangs up and ends', async () => {
    const { t, said, commands } = await refusal('ACD.Error', { error: 'store unavailable' });
    expect(said).toEqual([`in-1: We are sorry, something went wrong. Please call later. [${EN}]`]);
    expect(commands).toEqual(['in-1.say', 'in-1.hangup()']);
    expect(t.log).toEqual(['request failed: store unavailable']);
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('says the refusals in Russian', async () => {
    expect((await refusal('ACD.Offline', {}, russian(CALLBACK_QUEUE))).said).toEqual([
      `in-1: Сейчас нет операторов на линии. Пожалуйста, позвоните позже. [${RU}]`,
    ]);
    expect((await refusal('ACD.QueueFull', {}, russian(CALLBACK_QUEUE))).said).toEqual([
      `in-1: Все операторы заняты, и очередь переполнена. Пожалуйста, позвоните позже. [${RU}]`,
    ]);
  });

  it('an error after the caller chose a callback just ends the session', async () => {
    const t = waitingCaller();
    chooseCallback(t);
    t.s.acdEvent('req-1', 'ACD.Error', { error: 'request lost' });
    await flush();
    expect(t.next()).toEqual([]);
    expect(t.ended).toEqual(['terminated by the scenario']);
  });
});

describe('scenarios/web-callback.js', () => {
  it('parses "number:name" from customData and enqueues a callback to that number with the name', () => {
    const t = run('web-callback.js', WEB_CALLBACK, '+15551234567:John');
    expect(t.next()).toEqual(['enqueue MainQueue +15551234567 {"customData":"John","name":"John"}']);
    t.s.acdEvent('req-1', 'ACD.Queued');
    expect(t.log).toEqual(['callback to +15551234567 queued in MainQueue as req-1']);
    expect(t.s.pendingRequests).toBe(1);
    expect(t.s.state).toBe('running');
  });

  it('accepts a number without a name, and a formatted number', () => {
    expect(run('web-callback.js', WEB_CALLBACK, '+15551234567').next()).toEqual(['enqueue MainQueue +15551234567 {"customData":"","name":""}']);
    expect(run('web-callback.js', WEB_CALLBACK, ' +1 (555) 123-4567 : Mary Ann ').next()).toEqual([
      'enqueue MainQueue +15551234567 {"customData":"Mary Ann","name":"Mary Ann"}',
    ]);
  });

  it.each(['', 'John', 'call me:John', '12:John', '+1555123456789012:Too long'])('rejects customData %j: logs it and ends', async (data) => {
    const t = run('web-callback.js', WEB_CALLBACK, data);
    await flush();
    expect(t.next()).toEqual([]);
    expect(t.log).toEqual([`web-callback: expected customData "number:name", got "${data}"`]);
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('whispers the name to the operator, dials the customer, and bridges them on answer', async () => {
    const t = run('web-callback.js', WEB_CALLBACK, '+15551234567:John');
    t.next();
    reachOperator(t, { ...OPERATOR, callerid: '+15551234567' });
    expect(t.nextSaid()).toEqual([`op-1: Please wait, connecting you to John. [${EN}]`]);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['op-1.say', 'callPSTN +15551234567 (trunk caller ID)']);
    t.s.callEvent('pstn-1', 'Call.Connected');
    expect(t.next()).toEqual(['bridge op-1 pstn-1']);
    t.s.callEvent('op-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 90 });
    expect(t.next()).toEqual(['pstn-1.hangup()']);
    t.s.callEvent('pstn-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 85 });
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it('without a name the operator hears "the customer"; in Russian the name follows a colon', () => {
    const en = run('web-callback.js', WEB_CALLBACK, '+15551234567');
    reachOperator(en);
    expect(en.nextSaid()).toEqual([`op-1: Please wait, connecting you to the customer. [${EN}]`]);
    const ru = run('web-callback.js', russian(WEB_CALLBACK), '+79161234567:Иван');
    reachOperator(ru);
    expect(ru.nextSaid()).toEqual([`op-1: Пожалуйста, подождите, соединяю с клиентом: Иван. [${RU}]`]);
  });

  it('when the customer does not answer, tells the operator and hangs the operator up', async () => {
    const t = run('web-callback.js', WEB_CALLBACK, '+15551234567:John');
    reachOperator(t);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    t.next();
    t.nextSaid();
    t.s.callEvent('pstn-1', 'Call.Failed', { code: 486, reason: 'Busy Here' });
    expect(t.nextSaid()).toEqual([`op-1: The customer did not answer. [${EN}]`]);
    t.s.callEvent('op-1', 'Call.PlaybackFinished');
    expect(t.next()).toEqual(['op-1.say', 'op-1.hangup()']);
    t.s.callEvent('op-1', 'Call.Disconnected', { internalCode: 200, reason: 'hangup', duration: 20 });
    await flush();
    expect(t.ended).toEqual(['terminated by the scenario']);
  });

  it.each([
    ['ACD.Offline', {}, 'callback to +15551234567 refused: no operator of MainQueue is logged in'],
    ['ACD.QueueFull', {}, 'callback to +15551234567 refused: MainQueue is full'],
    ['ACD.Error', { error: 'store unavailable' }, 'callback to +15551234567 failed: store unavailable'],
  ])('%s: logs and ends the session', async (event, data, line) => {
    const t = run('web-callback.js', WEB_CALLBACK, '+15551234567:John');
    t.next();
    t.s.acdEvent('req-1', event, data);
    await flush();
    expect(t.next()).toEqual([]);
    expect(t.log).toEqual([line]);
    expect(t.ended).toEqual(['terminated by the scenario']);
  });
});
