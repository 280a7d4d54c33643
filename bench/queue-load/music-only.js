/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/triple-slash-reference -- a classic
   VoxEngine script, like scenarios/*.js: require(Modules.ACD) and the typings reference are how scenarios are written */
// @ts-check
/// <reference path="../../types/holdless-scenario.d.ts" />
/* global VoxEngine, AppEvents, CallEvents, Modules, require */
/*
 * bench:queue-load --variant music-only: the shipped callback-queue.js without speech. The call is answered and
 * queued, and hears the looping hold music at once; no announcement, no status every 30 s. Comparing it with the
 * shipped scenario at the same level separates what TTS (synthesis, resampling, the cache) costs from what holding a
 * call with music costs.
 */

require(Modules.ACD);

VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  const call = e.call;
  call.addEventListener(CallEvents.Connected, function () {
    VoxEngine.enqueueACDRequest('MainQueue', call.callerid());
    call.startPlayback('media:hold-music', true);
  });
  call.addEventListener(CallEvents.Disconnected, function () {
    VoxEngine.terminate();
  });
  call.answer();
});
