// @ts-check
/// <reference path="../types/holdless-scenario.d.ts" />
/* global VoxEngine, AppEvents, CallEvents, ACDEvents, Modules, Language, Logger, require, setInterval, clearInterval */
/*
 * callback-queue.js: the inbound call flow holdless ships (docs/scenarios.md).
 *
 *   1. A customer calls; we answer and put the call in the queue.
 *   2. The caller hears their place and the estimated wait, then hold music; the status repeats every 30 s.
 *   3. Pressing # ends the call but KEEPS the request in the queue: when its turn comes, holdless rings an operator,
 *      the operator hears a short whisper, and then we dial the customer back and connect them.
 *   4. A caller who simply waits is connected to the operator directly.
 *
 * It uses only VoxEngine-compatible globals, so the same file runs on Voximplant.
 */

// ---------------------------------------------------------------------------------------------------------------
// Settings: change these for your contact center.
// ---------------------------------------------------------------------------------------------------------------
const CONFIG = {
  /** The ACD queue callers wait in (a queue name from holdless.yaml). */
  queue: 'MainQueue',
  /** Language of everything the caller and the operator hear: 'en' or 'ru'. */
  language: 'en',
  /** How often the caller hears their place and wait again, in ms. */
  statusIntervalMs: 30000,
  /** Hold music: 'media:hold-music' is the file set by `media.holdMusic` in holdless.yaml; an http(s) URL also works. */
  holdMusic: 'media:hold-music',
  /** Caller ID shown to the customer when we call back; null or '' uses the trunk's configured caller ID. */
  callerId: null,
  /** Everything said, per language. The announcement is built by announce() below (it needs numbers). */
  texts: {
    en: {
      voice: Language.US_ENGLISH_FEMALE,
      goodbye: 'We will call you back. Goodbye.',
      offline: 'All operators are offline. Please call later.',
      queueFull: 'All our operators are busy and the queue is full. Please call later.',
      error: 'We are sorry, something went wrong. Please call later.',
      whisper: 'Please wait, connecting you to the customer.',
      notAnswered: 'The customer did not answer.',
    },
    ru: {
      voice: Language.RU_RUSSIAN_FEMALE,
      goodbye: 'Мы вам перезвоним. До свидания.',
      offline: 'Сейчас нет операторов на линии. Пожалуйста, позвоните позже.',
      queueFull: 'Все операторы заняты, и очередь переполнена. Пожалуйста, позвоните позже.',
      error: 'Извините, произошла ошибка. Пожалуйста, позвоните позже.',
      whisper: 'Пожалуйста, подождите, соединяю с клиентом.',
      notAnswered: 'Клиент не ответил.',
    },
  },
};

const TEXT = CONFIG.language === 'ru' ? CONFIG.texts.ru : CONFIG.texts.en;

// ---------------------------------------------------------------------------------------------------------------
// What the caller hears while waiting.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The status announcement for a place in line and an estimated wait in whole minutes (ACD.Waiting's `ewt`, rounded
 * up, so "less than N minutes" is honest; 0 means "less than a minute"; unknown leaves the sentence out).
 * @param {number} position
 * @param {number | null | undefined} ewt
 * @param {boolean} offerCallback
 */
function announce(position, ewt, offerCallback) {
  const known = typeof ewt === 'number' && ewt >= 0;
  if (CONFIG.language === 'ru') {
    // "Ваш номер в очереди: N" reads correctly for any N (an ordinal would need a gendered form per number).
    let text = 'Ваш номер в очереди: ' + position + '.';
    if (known) {
      text += ewt === 0 ? ' Оператор ответит менее чем через минуту.' : ' Оператор ответит менее чем через ' + ewt + ' ' + ruMinutes(ewt) + '.';
    }
    if (offerCallback) text += ' Нажмите решётку, положите трубку, и мы вам перезвоним, сохранив ваше место в очереди.';
    return text;
  }
  let text = 'You are number ' + position + ' in the queue.';
  if (known) {
    text += ewt === 0 ? ' An operator will answer in less than a minute.' : ' An operator will answer in less than ' + ewt + (ewt === 1 ? ' minute.' : ' minutes.');
  }
  if (offerCallback) text += ' Press the hash key, hang up, and we will call you back, keeping your place.';
  return text;
}

/**
 * "минуту / минуты / минут" after "через N" (Russian uses the accusative there: через 1 минуту, 2 минуты, 5 минут,
 * 11 минут, 21 минуту). The last two digits decide: 11-14 always take "минут".
 * @param {number} n
 */
function ruMinutes(n) {
  const lastTwo = n % 100;
  const last = n % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return 'минут';
  if (last === 1) return 'минуту';
  if (last >= 2 && last <= 4) return 'минуты';
  return 'минут';
}

// ---------------------------------------------------------------------------------------------------------------
// The flow.
// ---------------------------------------------------------------------------------------------------------------

require(Modules.ACD);

VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  const call = e.call;
  const number = call.callerid();
  // A callback needs a number to dial: anonymous callers wait on the line and are not offered #.
  const canCallBack = /\d{3,}/.test(number);

  /**
   * Where the caller is: 'answering' → 'waiting' (queued, hearing status and music) → one of
   *   'leaving'  (pressed #, hearing goodbye) → 'callback' (hung up; the request keeps its place),
   *   'bridged'  (talking to the operator),
   *   'closing'  (hearing why we cannot take the call, then hang up).
   * @type {'answering' | 'waiting' | 'leaving' | 'callback' | 'bridged' | 'closing'}
   */
  let phase = 'answering';
  /** What the caller is hearing, so PlaybackFinished knows what just ended. @type {'announcement' | 'music' | 'other' | null} */
  let playing = null;
  /** @type {ACDRequest | null} */
  let request = null;
  /** @type {number | null} */
  let statusTimer = null;
  /** The operator's call once the caller is bridged to it. @type {Call | null} */
  let operator = null;

  function stopStatus() {
    if (statusTimer !== null) clearInterval(statusTimer);
    statusTimer = null;
  }

  /** Says why the call ends, then hangs up (PlaybackFinished below) and ends the session. @param {string} text */
  function closeWith(text) {
    stopStatus();
    phase = 'closing';
    playing = 'other';
    call.say(text, TEXT.voice);
  }

  call.addEventListener(CallEvents.Connected, function () {
    call.handleTones(true); // deliver the caller's key presses (ToneReceived)
    request = VoxEngine.enqueueACDRequest(CONFIG.queue, number);

    request.addEventListener(ACDEvents.Queued, function (ev) {
      phase = 'waiting';
      ev.request.getStatus(); // → ACD.Waiting with the place and the wait
      // Methods work unbound, as in VoxEngine: the interval calls request.getStatus() every 30 s.
      statusTimer = setInterval(ev.request.getStatus, CONFIG.statusIntervalMs);
    });

    request.addEventListener(ACDEvents.Waiting, function (ev) {
      if (phase !== 'waiting') return; // the caller has left or is already talking
      playing = 'announcement'; // a new announcement replaces the music; the music resumes after it
      call.say(announce(ev.position, ev.ewt, canCallBack), TEXT.voice);
    });

    request.addEventListener(ACDEvents.OperatorReached, function (ev) {
      stopStatus();
      if (phase === 'waiting' || phase === 'leaving') {
        // The caller is still on the line (even one hearing goodbye): connect them now. Bridging stops the music.
        phase = 'bridged';
        operator = ev.operatorCall;
        VoxEngine.sendMediaBetween(call, operator);
        operator.addEventListener(CallEvents.Disconnected, function () {
          call.hangup();
          VoxEngine.terminate();
        });
      } else {
        // The caller chose a callback and hung up: whisper to the operator, then dial the customer.
        callBack(ev.operatorCall, number, TEXT.whisper);
      }
    });

    request.addEventListener(ACDEvents.OperatorFailed, function (ev) {
      // Notification only: the ACD moves on to the next operator by itself.
      Logger.write('operator ' + ev.operatorUserName + ' did not take the call (' + ev.statusCode + ')');
    });

    // The request was refused (not queued) or broke: tell a caller who is still here, or just end.
    /** @param {string} why @param {string} text */
    function refused(why, text) {
      Logger.write('request ' + why);
      if (phase === 'callback') VoxEngine.terminate();
      else closeWith(text);
    }
    request.addEventListener(ACDEvents.Offline, function () {
      refused('refused: no operator of ' + CONFIG.queue + ' is logged in', TEXT.offline);
    });
    request.addEventListener(ACDEvents.QueueFull, function () {
      refused('refused: ' + CONFIG.queue + ' is full', TEXT.queueFull);
    });
    request.addEventListener(ACDEvents.Error, function (ev) {
      refused('failed: ' + ev.error, TEXT.error);
    });
  });

  call.addEventListener(CallEvents.PlaybackFinished, function (ev) {
    const ended = playing;
    playing = null;
    if (phase === 'waiting' && ended === 'announcement') {
      // The announcement is over (or could not be said): hold music, looped, until the next status.
      playing = 'music';
      call.startPlayback(CONFIG.holdMusic, true);
    } else if (phase === 'waiting' && ended === 'music') {
      // Looped music only ends when it cannot be played. Do not restart it here (that would spin);
      // the next status announcement tries again.
      Logger.write('hold music failed: ' + (ev.error || 'unknown error'));
    } else if (phase === 'leaving' || phase === 'closing') {
      call.hangup(); // after goodbye (or at once if it could not be said)
      if (phase === 'closing') VoxEngine.terminate();
    }
  });

  call.addEventListener(CallEvents.ToneReceived, function (ev) {
    if (ev.tone !== '#' || phase !== 'waiting' || !canCallBack) return;
    // The caller wants a callback: say goodbye, hang up, and KEEP the request. holdless turns a queued request whose
    // caller hung up into a callback that keeps its place. Do not call request.cancel() here or in Disconnected.
    phase = 'leaving';
    stopStatus();
    playing = 'other';
    call.say(TEXT.goodbye, TEXT.voice);
  });

  call.addEventListener(CallEvents.Disconnected, function () {
    stopStatus();
    if (phase === 'leaving') {
      // Our own hangup after goodbye: the session lives on without calls until the operator is reached.
      phase = 'callback';
      Logger.write('caller ' + number + ' chose a callback; the request keeps its place');
    } else if (phase === 'bridged') {
      // The conversation is over: hang up the operator too.
      if (operator) operator.hangup();
      VoxEngine.terminate();
    } else if (phase !== 'callback') {
      // The caller hung up without pressing #: they no longer want to be served.
      if (request && (phase === 'answering' || phase === 'waiting')) request.cancel();
      VoxEngine.terminate();
    }
  });

  call.answer();
});

// ---------------------------------------------------------------------------------------------------------------
// Calling back: the operator is on the line (ACD.OperatorReached) and the customer is not.
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
