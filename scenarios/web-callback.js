// @ts-check
/// <reference path="../types/holdless-scenario.d.ts" />
/* global VoxEngine, AppEvents, CallEvents, ACDEvents, Modules, Language, Logger, require */
/*
 * web-callback.js: a "call me back" request from a web site (docs/scenarios.md).
 *
 * Started over HTTP, not by a call:
 *   POST /api/v1/scenarios/start  {"rule": "web-callback", "customData": "+15551234567:John"}
 * (or Voximplant's StartScenarios with script_custom_data=+15551234567:John).
 *
 *   1. Read "number:name" from VoxEngine.customData() (the name is optional).
 *   2. Put a request for that number in the queue. With no caller on the line it waits as a callback.
 *   3. When its turn comes, holdless rings an operator; the operator hears "connecting you to John",
 *      then we dial the customer and connect them.
 *
 * It uses only VoxEngine-compatible globals, so the same file runs on Voximplant.
 */

// ---------------------------------------------------------------------------------------------------------------
// Settings: change these for your contact center.
// ---------------------------------------------------------------------------------------------------------------
const CONFIG = {
  /** The ACD queue the callback waits in (a queue name from holdless.yaml). */
  queue: 'MainQueue',
  /** Language of what the operator hears: 'en' or 'ru'. */
  language: 'en',
  /** Caller ID shown to the customer when we call; null or '' uses the trunk's configured caller ID. */
  callerId: null,
  texts: {
    en: {
      voice: Language.US_ENGLISH_FEMALE,
      /** @param {string} name */
      whisper: (name) => (name ? 'Please wait, connecting you to ' + name + '.' : 'Please wait, connecting you to the customer.'),
      notAnswered: 'The customer did not answer.',
    },
    ru: {
      voice: Language.RU_RUSSIAN_FEMALE,
      // "с клиентом: Иван" keeps the sentence grammatical whatever the name's case ending would be.
      /** @param {string} name */
      whisper: (name) => 'Пожалуйста, подождите, соединяю с клиентом' + (name ? ': ' + name + '.' : '.'),
      notAnswered: 'Клиент не ответил.',
    },
  },
};

const TEXT = CONFIG.language === 'ru' ? CONFIG.texts.ru : CONFIG.texts.en;

/**
 * "+15551234567:John" → {number: '+15551234567', name: 'John'}; the name is optional ("+15551234567").
 * Spaces, dashes, dots and brackets in the number are ignored. Returns null when there is no usable number.
 * @param {string} data
 */
function parseRequest(data) {
  const colon = data.indexOf(':');
  const rawNumber = colon < 0 ? data : data.slice(0, colon);
  const name = colon < 0 ? '' : data.slice(colon + 1).trim().slice(0, 100);
  const number = rawNumber.replace(/[\s().-]/g, '');
  if (!/^\+?\d{5,15}$/.test(number)) return null;
  return { number: number, name: name };
}

require(Modules.ACD);

VoxEngine.addEventListener(AppEvents.Started, function () {
  const input = parseRequest(VoxEngine.customData());
  if (!input) {
    Logger.write('web-callback: expected customData "number:name", got "' + VoxEngine.customData() + '"');
    VoxEngine.terminate();
    return;
  }
  const number = input.number;
  const name = input.name;

  // No live call in this session: holdless keeps the request as a callback to `number`.
  // `name` shows on the operator's phone (a holdless extension; Voximplant ignores it).
  const request = VoxEngine.enqueueACDRequest(CONFIG.queue, number, { customData: name, name: name });

  request.addEventListener(ACDEvents.Queued, function () {
    Logger.write('callback to ' + number + ' queued in ' + CONFIG.queue + ' as ' + request.id());
  });
  request.addEventListener(ACDEvents.OperatorReached, function (ev) {
    callBack(ev.operatorCall, number, TEXT.whisper(name));
  });
  request.addEventListener(ACDEvents.OperatorFailed, function (ev) {
    // Notification only: the ACD moves on to the next operator by itself.
    Logger.write('operator ' + ev.operatorUserName + ' did not take the callback (' + ev.statusCode + ')');
  });
  request.addEventListener(ACDEvents.Offline, function () {
    Logger.write('callback to ' + number + ' refused: no operator of ' + CONFIG.queue + ' is logged in');
    VoxEngine.terminate();
  });
  request.addEventListener(ACDEvents.QueueFull, function () {
    Logger.write('callback to ' + number + ' refused: ' + CONFIG.queue + ' is full');
    VoxEngine.terminate();
  });
  request.addEventListener(ACDEvents.Error, function (ev) {
    Logger.write('callback to ' + number + ' failed: ' + ev.error);
    VoxEngine.terminate();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Calling back: the operator is on the line (ACD.OperatorReached) and the customer is not.
// (The same function as in callback-queue.js: scenarios are single files.)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Whispers to the operator, dials the customer, and bridges them when the customer answers. If the customer does not
 * answer, the operator is told and hung up. When one side hangs up, the other is hung up; the session ends when both
 * are gone. (The runtime reports the outcome of the customer's call to the ACD itself.)
 * @param {Call} operatorCall
 * @param {string} number the customer's number
 * @param {string} whisper what the operator hears first
 */
function callBack(operatorCall, number, whisper) {
  /** @type {Call | null} */
  let customer = null;
  /** @type {'whisper' | 'dialing' | 'talking' | 'notAnswered'} */
  let step = 'whisper';

  /** @param {Call | null} c */
  const gone = (c) => c === null || c.state() === 'TERMINATED';

  operatorCall.addEventListener(CallEvents.PlaybackFinished, function () {
    if (step === 'whisper') {
      // Whisper over (or it could not be said: dial anyway, the customer is waiting for us).
      step = 'dialing';
      customer = CONFIG.callerId ? VoxEngine.callPSTN(number, CONFIG.callerId) : VoxEngine.callPSTN(number);
      const dialed = customer;
      dialed.addEventListener(CallEvents.Connected, function () {
        step = 'talking';
        VoxEngine.sendMediaBetween(operatorCall, dialed);
      });
      dialed.addEventListener(CallEvents.Failed, function (ev) {
        Logger.write('callback to ' + number + ' failed: ' + ev.code + ' ' + ev.reason);
        if (gone(operatorCall)) {
          VoxEngine.terminate();
          return;
        }
        step = 'notAnswered';
        operatorCall.say(TEXT.notAnswered, TEXT.voice);
      });
      dialed.addEventListener(CallEvents.Disconnected, function () {
        if (gone(operatorCall)) VoxEngine.terminate();
        else operatorCall.hangup();
      });
    } else if (step === 'notAnswered') {
      operatorCall.hangup();
    }
  });

  operatorCall.addEventListener(CallEvents.Disconnected, function () {
    if (gone(customer)) VoxEngine.terminate();
    else if (customer) customer.hangup();
  });

  operatorCall.say(whisper, TEXT.voice);
}
