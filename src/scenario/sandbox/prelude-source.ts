/**
 * The JavaScript that runs first inside every scenario isolate: the VoxEngine-compatible globals a scenario sees
 * (VOXENGINE.md), built on four host functions injected as `__host`. It is plain JavaScript in a string because it
 * executes in another V8 isolate, never in Node.
 *
 * Host → isolate: the host calls `__dispatch(json)` with `{ kind: 'app' | 'timer', ... }`.
 * Isolate → host: `__host.command(name, json)` (returns JSON), `__host.timer(id, ms)`, `__host.clearTimer(id)`,
 * `__host.fail(message, stack)` (a handler threw: the host ends this session).
 */
export const PRELUDE_SOURCE = String.raw`
(function (host) {
  'use strict';
  var appListeners = new Map();
  var timers = new Map();
  var nextTimer = 1;

  function toJson(v) { return JSON.stringify(v === undefined ? null : v); }
  function command(name, args) {
    var out = host.command(name, toJson(args || []));
    return out === undefined || out === null ? undefined : JSON.parse(out);
  }
  function checkHandler(fn) {
    if (typeof fn !== 'function') throw new TypeError('event handler must be a function, got ' + typeof fn);
  }

  var AppEvents = Object.freeze({
    Started: 'Application.Started',
    CallAlerting: 'Application.CallAlerting',
    Terminating: 'Application.Terminating',
    Terminated: 'Application.Terminated',
    HttpRequest: 'Application.HttpRequest'
  });

  function addListener(map, event, fn) {
    checkHandler(fn);
    var list = map.get(event) || [];
    list.push(fn);
    map.set(event, list);
  }
  function removeListener(map, event, fn) {
    if (fn === undefined) { map.delete(event); return; }
    var list = map.get(event);
    if (list) map.set(event, list.filter(function (f) { return f !== fn; }));
  }

  var customData = '';
  var VoxEngine = {
    addEventListener: function (event, fn) { addListener(appListeners, event, fn); },
    removeEventListener: function (event, fn) { removeListener(appListeners, event, fn); },
    // Arrow-free but self-contained: scripts pass it unbound, e.g. call.addEventListener(ev, VoxEngine.terminate).
    terminate: function () { command('terminate', []); },
    customData: function (value) {
      if (value !== undefined) { customData = String(value); return customData; }
      return customData;
    }
  };

  function setTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('timer callback must be a function');
    var id = nextTimer++;
    var delay = Math.max(0, Number(ms) || 0);
    if (repeat) delay = Math.max(100, delay); // VOXENGINE.md: intervals under 100 ms run at 100 ms
    timers.set(id, { fn: fn, args: args, repeat: repeat, delay: delay });
    host.timer(id, delay);
    return id;
  }
  function clearTimer(id) {
    if (timers.delete(id)) host.clearTimer(id);
  }

  var Logger = { write: function (msg) { command('log', [String(msg)]); } };

  globalThis.VoxEngine = VoxEngine;
  globalThis.AppEvents = AppEvents;
  globalThis.Logger = Logger;
  globalThis.setTimeout = function (fn, ms) { return setTimer(fn, ms, Array.prototype.slice.call(arguments, 2), false); };
  globalThis.setInterval = function (fn, ms) { return setTimer(fn, ms, Array.prototype.slice.call(arguments, 2), true); };
  globalThis.clearTimeout = clearTimer;
  globalThis.clearInterval = clearTimer;

  function run(fn, self, args) {
    try {
      fn.apply(self, args);
    } catch (e) {
      host.fail(String(e && e.message || e), String(e && e.stack || ''));
    }
  }

  globalThis.__setCustomData = function (value) { customData = value; };
  globalThis.__dispatch = function (json) {
    var e = JSON.parse(json);
    if (e.kind === 'timer') {
      var t = timers.get(e.id);
      if (!t) return;
      if (t.repeat) host.timer(e.id, t.delay); else timers.delete(e.id);
      run(t.fn, undefined, t.args);
      return;
    }
    if (e.kind === 'call' || e.kind === 'acd') {
      if (globalThis.__dispatchObject) globalThis.__dispatchObject(e);
      return;
    }
    if (e.kind === 'app') {
      var list = (appListeners.get(e.event) || []).slice();
      var payload = e.data || {};
      payload.name = e.event;
      if (payload.call && globalThis.__callObject) payload.call = globalThis.__callObject(payload.call);
      for (var i = 0; i < list.length; i++) run(list[i], undefined, [payload]);
    }
  };
  globalThis.__timerCount = function () { return timers.size; };
  // For the calls-and-ACD prelude that runs next (and then removes this handle).
  globalThis.__rt = { command: command, addListener: addListener, removeListener: removeListener, run: run, checkHandler: checkHandler };
})(globalThis.__host);
delete globalThis.__host;
`;
