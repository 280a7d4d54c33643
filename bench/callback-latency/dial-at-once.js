/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/triple-slash-reference -- a classic
   VoxEngine script, like scenarios/*.js: require(Modules.ACD) and the typings reference are how scenarios are written */
// @ts-check
/// <reference path="../../types/holdless-scenario.d.ts" />
/* global VoxEngine, AppEvents, CallEvents, ACDEvents, Modules, Logger, require */
/*
 * bench:callback-latency's scenario: scenarios/web-callback.js without the whisper. Started over HTTP
 *   POST /api/v1/scenarios/start {"rule": "bench-callback", "customData": "+15551234567:Name"}
 * it queues a callback for the number; when an operator answers (ACD.OperatorReached) it dials the customer AT ONCE
 * (the shipped scenarios first say the whisper to the operator, which takes seconds and is not what the benchmark
 * measures), bridges both when the customer answers, and ends when either side hangs up.
 */

const QUEUE = 'MainQueue';

require(Modules.ACD);

VoxEngine.addEventListener(AppEvents.Started, function () {
  const data = VoxEngine.customData();
  const colon = data.indexOf(':');
  const number = (colon < 0 ? data : data.slice(0, colon)).replace(/[\s().-]/g, '');
  if (!/^\+?\d{5,15}$/.test(number)) {
    Logger.write('bench-callback: expected customData "number:name", got "' + data + '"');
    VoxEngine.terminate();
    return;
  }
  const request = VoxEngine.enqueueACDRequest(QUEUE, number);

  request.addEventListener(ACDEvents.OperatorReached, function (ev) {
    dialNow(ev.operatorCall, number);
  });
  request.addEventListener(ACDEvents.Offline, function () {
    VoxEngine.terminate();
  });
  request.addEventListener(ACDEvents.QueueFull, function () {
    VoxEngine.terminate();
  });
  request.addEventListener(ACDEvents.Error, function (ev) {
    Logger.write('bench-callback: ' + ev.error);
    VoxEngine.terminate();
  });
});

/**
 * The callback part of web-callback.js, minus the whisper: dial the customer now, bridge on answer; when one side
 * hangs up, hang up the other; the session ends when both are gone.
 * @param {Call} operatorCall
 * @param {string} number
 */
function dialNow(operatorCall, number) {
  const customer = VoxEngine.callPSTN(number);
  /** @param {Call} c */
  const gone = (c) => c.state() === 'TERMINATED';

  customer.addEventListener(CallEvents.Connected, function () {
    VoxEngine.sendMediaBetween(operatorCall, customer);
  });
  customer.addEventListener(CallEvents.Failed, function (ev) {
    Logger.write('bench-callback: the call to ' + number + ' failed: ' + ev.code + ' ' + ev.reason);
    if (gone(operatorCall)) VoxEngine.terminate();
    else operatorCall.hangup();
  });
  customer.addEventListener(CallEvents.Disconnected, function () {
    if (gone(operatorCall)) VoxEngine.terminate();
    else operatorCall.hangup();
  });
  operatorCall.addEventListener(CallEvents.Disconnected, function () {
    if (gone(customer)) VoxEngine.terminate();
    else customer.hangup();
  });
}
