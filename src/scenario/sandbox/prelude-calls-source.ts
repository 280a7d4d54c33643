/**
 * The second part of the in-isolate runtime: `Call` and `ACDRequest` objects, `CallEvents`, `ACDEvents`, `Modules`,
 * `require(Modules.ACD)`, `Language`/`VoiceList`, and the VoxEngine call and queue functions (VOXENGINE.md). Objects
 * are thin handles: every method is a host command, every event comes from the host as `{kind: 'call'|'acd', id}`.
 * Methods are closures, not prototype methods, because scenarios pass them unbound
 * (`setInterval(request.getStatus, 30000)`).
 *
 * `__CONSTANTS__` is replaced by the host with `{ Language, VoiceList }` as JSON before compiling.
 */
export const PRELUDE_CALLS_SOURCE = String.raw`
(function (rt, constants) {
  'use strict';
  var CallEvents = Object.freeze({
    Connected: 'Call.Connected',
    Disconnected: 'Call.Disconnected',
    Failed: 'Call.Failed',
    Ringing: 'Call.Ringing',
    PlaybackFinished: 'Call.PlaybackFinished',
    ToneReceived: 'Call.ToneReceived',
    AudioStarted: 'Call.AudioStarted'
  });
  var ACDEvents = Object.freeze({
    Queued: 'ACD.Queued',
    Waiting: 'ACD.Waiting',
    OperatorCallAttempt: 'ACD.OperatorCallAttempt',
    OperatorReached: 'ACD.OperatorReached',
    OperatorFailed: 'ACD.OperatorFailed',
    Offline: 'ACD.Offline',
    QueueFull: 'ACD.QueueFull',
    Error: 'ACD.Error'
  });
  var Modules = Object.freeze({ ACD: 'ACD' });

  var calls = new Map();
  var requests = new Map();

  function makeCall(info) {
    var existing = calls.get(info.id);
    if (existing) return existing;
    var listeners = new Map();
    var state = info.state || 'ALERTING';
    var data = '';
    var id = String(info.id);
    var cmd = function (method, args) { return rt.command('call', [id, method].concat(args || [])); };
    var call = {
      id: function () { return id; },
      callerid: function () { return info.callerid || ''; },
      displayName: function () { return info.displayName || ''; },
      number: function () { return info.number || info.destination || ''; },
      incoming: function () { return !!info.incoming; },
      state: function () { return state; },
      headers: function () { return info.headers || {}; },
      getHeader: function (name) { var h = info.headers || {}; return h[name] === undefined ? null : h[name]; },
      customData: function (s) { if (s !== undefined) data = String(s); return data; },
      answer: function (extraHeaders) { cmd('answer', [extraHeaders || null]); },
      hangup: function (extraHeaders) { cmd('hangup', [extraHeaders || null]); },
      reject: function (code) { cmd('reject', [code === undefined ? 486 : code]); },
      ring: function () { cmd('ring', []); },
      // say(text, Language.X) | say(text, {language}) | say(text, {voice})
      say: function (text, voice) { cmd('say', [String(text), voice === undefined ? null : voice]); },
      // startPlayback(url, loop) | startPlayback(url, {loop})
      startPlayback: function (url, opts) {
        var loop = typeof opts === 'object' && opts !== null ? !!opts.loop : !!opts;
        cmd('startPlayback', [String(url), loop]);
      },
      stopPlayback: function () { cmd('stopPlayback', []); },
      handleTones: function (on) { cmd('handleTones', [on === undefined ? true : !!on]); },
      sendDigits: function (digits) { cmd('sendDigits', [String(digits)]); },
      addEventListener: function (event, fn) { rt.addListener(listeners, event, fn); },
      removeEventListener: function (event, fn) { rt.removeListener(listeners, event, fn); }
    };
    call.__deliver = function (event, payload) {
      if (event === CallEvents.Connected) state = 'CONNECTED';
      if (event === CallEvents.Ringing && state === 'ALERTING') state = 'PROGRESSING';
      if (event === CallEvents.Disconnected || event === CallEvents.Failed) state = 'TERMINATED';
      var list = (listeners.get(event) || []).slice();
      for (var i = 0; i < list.length; i++) rt.run(list[i], undefined, [payload]);
      if (state === 'TERMINATED') calls.delete(id);
    };
    calls.set(id, call);
    return call;
  }

  function makeRequest(id) {
    var listeners = new Map();
    var request = {
      id: function () { return id; },
      getStatus: function () { rt.command('acd', [id, 'getStatus']); },
      cancel: function () { rt.command('acd', [id, 'cancel']); },
      addEventListener: function (event, fn) { rt.addListener(listeners, event, fn); },
      removeEventListener: function (event, fn) { rt.removeListener(listeners, event, fn); }
    };
    request.__deliver = function (event, payload) {
      var list = (listeners.get(event) || []).slice();
      for (var i = 0; i < list.length; i++) rt.run(list[i], undefined, [payload]);
    };
    requests.set(id, request);
    return request;
  }

  globalThis.__callObject = function (info) { return makeCall(info); };
  globalThis.__dispatchObject = function (e) {
    var payload = e.data || {};
    payload.name = e.event;
    if (payload.operatorCall) payload.operatorCall = makeCall(payload.operatorCall);
    if (e.kind === 'call') {
      var call = calls.get(String(e.id));
      if (!call) return;
      payload.call = call;
      call.__deliver(e.event, payload);
    } else {
      var request = requests.get(String(e.id));
      if (!request) return;
      payload.request = request;
      request.__deliver(e.event, payload);
    }
  };

  var ACD = Object.freeze({ name: 'ACD' });
  var VoxEngine = globalThis.VoxEngine;
  VoxEngine.callPSTN = function (number, callerid) {
    return makeCall(rt.command('callPSTN', [String(number), callerid == null ? null : String(callerid)]));
  };
  VoxEngine.callUser = function (target, callerid) {
    var params = typeof target === 'object' && target !== null ? target : { username: String(target), callerid: callerid };
    return makeCall(rt.command('callUser', [params]));
  };
  VoxEngine.callSIP = function (uri, params) {
    var p = typeof params === 'object' && params !== null ? params : { callerid: params };
    return makeCall(rt.command('callSIP', [String(uri), p]));
  };
  VoxEngine.sendMediaBetween = function (a, b) { rt.command('sendMediaBetween', [a.id(), b.id()]); };
  VoxEngine.stopMediaBetween = function (a, b) { rt.command('stopMediaBetween', [a.id(), b.id()]); };
  VoxEngine.enqueueACDRequest = function (queue, callerid, options) {
    var o = options || {};
    var info = rt.command('enqueueACDRequest', [String(queue), callerid == null ? null : String(callerid), {
      priority: o.priority, headers: o.headers || {}, customData: o.customData,
      name: o.name == null ? undefined : String(o.name)
    }]);
    return makeRequest(String(info.id));
  };

  globalThis.CallEvents = CallEvents;
  globalThis.ACDEvents = ACDEvents;
  globalThis.Modules = Modules;
  globalThis.Language = constants.Language;
  globalThis.VoiceList = constants.VoiceList;
  globalThis.require = function (module) {
    if (module === Modules.ACD || module === 'ACD') return ACD;
    throw new Error('unknown module ' + String(module) + ' (holdless supports Modules.ACD)');
  };
})(globalThis.__rt, __CONSTANTS__);
delete globalThis.__rt;
`;
