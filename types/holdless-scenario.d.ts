// Type declarations for holdless scenarios: the VoxEngine-compatible globals a scenario script sees.
// Reference this file from a scenario (`/// <reference path="../types/holdless-scenario.d.ts" />`) or add it to your
// editor's jsconfig/tsconfig to get completion and checks. Written for holdless; the API follows Voximplant's
// VoxEngine so existing scenarios run unchanged (see docs/scenarios.md).

declare const AppEvents: {
  readonly Started: 'Application.Started';
  readonly CallAlerting: 'Application.CallAlerting';
  readonly Terminating: 'Application.Terminating';
  readonly Terminated: 'Application.Terminated';
  readonly HttpRequest: 'Application.HttpRequest';
};

declare const CallEvents: {
  readonly Connected: 'Call.Connected';
  readonly Disconnected: 'Call.Disconnected';
  readonly Failed: 'Call.Failed';
  readonly Ringing: 'Call.Ringing';
  readonly PlaybackFinished: 'Call.PlaybackFinished';
  readonly ToneReceived: 'Call.ToneReceived';
  readonly AudioStarted: 'Call.AudioStarted';
};

declare const ACDEvents: {
  readonly Queued: 'ACD.Queued';
  readonly Waiting: 'ACD.Waiting';
  readonly OperatorCallAttempt: 'ACD.OperatorCallAttempt';
  readonly OperatorReached: 'ACD.OperatorReached';
  readonly OperatorFailed: 'ACD.OperatorFailed';
  readonly Offline: 'ACD.Offline';
  readonly QueueFull: 'ACD.QueueFull';
  readonly Error: 'ACD.Error';
};

declare const Modules: { readonly ACD: 'ACD' };

/** Legacy voice ids, e.g. `Language.RU_RUSSIAN_FEMALE`, `Language.US_ENGLISH_FEMALE`. */
declare const Language: { readonly [name: string]: string };
/** Namespaced voices, e.g. `VoiceList.Default.ru_RU_Female`; treated as opaque voice ids. */
declare const VoiceList: { readonly [provider: string]: { readonly [voice: string]: string } };

type HoldlessVoice = string | { language: string } | { voice: string };

interface AppEventBase {
  name: string;
}
interface StartedEvent extends AppEventBase {
  sessionId: string;
}
interface CallAlertingEvent extends AppEventBase {
  call: Call;
  callerid: string;
  destination: string;
  displayName: string;
  headers: Record<string, string>;
}

interface CallEventBase {
  name: string;
  call: Call;
}
interface DisconnectedEvent extends CallEventBase {
  internalCode: number;
  reason: string;
  duration: number;
}
interface FailedEvent extends CallEventBase {
  /** 486 busy, 487 cancelled, 404 bad number, 480 unavailable, 603 rejected, 408 not answered in time. */
  code: 404 | 408 | 480 | 486 | 487 | 603;
  reason: string;
}
interface PlaybackFinishedEvent extends CallEventBase {
  error?: string;
}
interface ToneReceivedEvent extends CallEventBase {
  tone: string;
}

interface Call {
  id(): string;
  callerid(): string;
  displayName(): string;
  number(): string;
  incoming(): boolean;
  state(): 'ALERTING' | 'PROGRESSING' | 'CONNECTED' | 'TERMINATED';
  headers(): Record<string, string>;
  getHeader(name: string): string | null;
  customData(value?: string): string;
  answer(extraHeaders?: Record<string, string>): void;
  hangup(extraHeaders?: Record<string, string>): void;
  reject(code?: number): void;
  ring(): void;
  say(text: string, voice?: HoldlessVoice): void;
  startPlayback(url: string, loop?: boolean | { loop?: boolean }): void;
  stopPlayback(): void;
  handleTones(enable?: boolean): void;
  sendDigits(digits: string): void;
  addEventListener(event: 'Call.Disconnected', fn: (e: DisconnectedEvent) => void): void;
  addEventListener(event: 'Call.Failed', fn: (e: FailedEvent) => void): void;
  addEventListener(event: 'Call.PlaybackFinished', fn: (e: PlaybackFinishedEvent) => void): void;
  addEventListener(event: 'Call.ToneReceived', fn: (e: ToneReceivedEvent) => void): void;
  addEventListener(event: string, fn: (e: CallEventBase) => void): void;
  removeEventListener(event: string, fn?: (e: never) => void): void;
}

interface ACDWaitingEvent {
  name: string;
  request: ACDRequest;
  /** 1-based place in line. */
  position: number;
  /** Estimated wait in whole minutes (may be 0). */
  ewt: number;
}
interface ACDOperatorEvent {
  name: string;
  request: ACDRequest;
  operatorCall: Call;
}
interface ACDOperatorFailedEvent {
  name: string;
  request: ACDRequest;
  operatorUserName: string;
  statusCode: number;
}
interface ACDErrorEvent {
  name: string;
  request: ACDRequest;
  error: string;
}

interface ACDRequest {
  id(): string;
  /** Asks for an `ACD.Waiting` event; safe to pass unbound: `setInterval(request.getStatus, 30000)`. */
  getStatus(): void;
  cancel(): void;
  addEventListener(event: 'ACD.Waiting', fn: (e: ACDWaitingEvent) => void): void;
  addEventListener(event: 'ACD.OperatorCallAttempt' | 'ACD.OperatorReached', fn: (e: ACDOperatorEvent) => void): void;
  addEventListener(event: 'ACD.OperatorFailed', fn: (e: ACDOperatorFailedEvent) => void): void;
  addEventListener(event: 'ACD.Error', fn: (e: ACDErrorEvent) => void): void;
  addEventListener(event: string, fn: (e: { name: string; request: ACDRequest }) => void): void;
  removeEventListener(event: string, fn?: (e: never) => void): void;
}

interface CallUserParams {
  username: string;
  callerid?: string;
  displayName?: string;
  extraHeaders?: Record<string, string>;
}

declare const VoxEngine: {
  addEventListener(event: 'Application.Started', fn: (e: StartedEvent) => void): void;
  addEventListener(event: 'Application.CallAlerting', fn: (e: CallAlertingEvent) => void): void;
  addEventListener(event: string, fn: (e: AppEventBase) => void): void;
  removeEventListener(event: string, fn?: (e: never) => void): void;
  /** Ends the session after the current code block: calls are hung up, pending ACD requests cancelled. */
  terminate(): void;
  /** The data a session was started with over HTTP (`script_custom_data`, `customData`). */
  customData(value?: string): string;
  callPSTN(number: string, callerid?: string): Call;
  callUser(username: string, callerid?: string): Call;
  callUser(params: CallUserParams): Call;
  callSIP(uri: string, callerid?: string | { callerid?: string; displayName?: string; headers?: Record<string, string> }): Call;
  sendMediaBetween(a: Call, b: Call): void;
  stopMediaBetween(a: Call, b: Call): void;
  enqueueACDRequest(
    queue: string,
    callerid: string,
    options?: {
      priority?: number;
      headers?: Record<string, string>;
      customData?: string;
      /**
       * holdless extension (Voximplant ignores it): the customer's name, shown on the operator's phone as the caller's
       * display name and in the API. Default: the inbound caller's display name, if any.
       */
      name?: string;
    },
  ): ACDRequest;
};

declare const Logger: { write(message: string): void };

declare function require(module: 'ACD'): object;
declare function setTimeout(fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
declare function setInterval(fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
declare function clearTimeout(id: number): void;
declare function clearInterval(id: number): void;
