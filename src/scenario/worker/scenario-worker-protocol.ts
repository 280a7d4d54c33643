/**
 * Messages between the main thread and a scenario worker thread (scenario-worker.ts). Sessions run in the worker;
 * everything they do to calls and the ACD crosses as a `RemoteCommand`, in the order the script did it, and every
 * call or ACD event crosses the other way. Ids the script must know at once (a new call's, a new request's) are
 * chosen in the worker, so no command waits for an answer.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SandboxLimits } from '../sandbox/scenario-sandbox.js';
import type { SandboxFailure } from '../sandbox/sandbox-error.js';
import type { CallInfo, EnqueueOptions, UserCallParams } from '../session/scenario-services.js';
import type { SessionLifetime } from '../session/session-lifetime.js';

export interface ScenarioWorkerInit {
  limits?: Partial<SandboxLimits> | undefined;
  lifetime?: Partial<SessionLifetime> | undefined;
}

/** What the worker is started with: the init, and the port its messages to the main thread go through. */
export interface ScenarioWorkerData extends ScenarioWorkerInit {
  /**
   * A MessagePort of its own rather than the worker's built-in channel, so that the main thread can also take the
   * worker's messages synchronously (`receiveMessageOnPort`) between its own events, instead of only when its busy
   * event loop next gets round to them (ScenarioWorkerClient.drain).
   */
  replies: MessagePort;
}

/** A SandboxError as it crosses threads. */
export interface WireSandboxError {
  reason: SandboxFailure;
  message: string;
  location?: string | undefined;
}


export type RemoteCommand =
  | { name: 'log'; message: string }
  | { name: 'call'; callId: string; method: string; args: unknown[] }
  | { name: 'callPSTN'; callId: string; number: string; callerid: string | null }
  | { name: 'callUser'; callId: string; params: UserCallParams }
  | { name: 'callSIP'; callId: string; uri: string; params: Record<string, unknown> }
  | { name: 'sendMediaBetween'; a: string; b: string }
  | { name: 'stopMediaBetween'; a: string; b: string }
  | { name: 'enqueue'; requestId: string; queue: string; callerid: string | null; options: EnqueueOptions }
  | { name: 'acd'; requestId: string; method: 'getStatus' | 'cancel' };

export interface SessionStart {
  sessionId: string;
  filename: string;
  source: string;
  customData: string;
}

export type ToScenarioWorker =
  | { op: 'start'; start: SessionStart }
  | { op: 'inbound'; sessionId: string; info: CallInfo }
  | { op: 'adopt'; sessionId: string; info: CallInfo }
  | { op: 'callEvent'; sessionId: string; callId: string; event: string; data: Record<string, unknown> }
  | { op: 'acdEvent'; sessionId: string; requestId: string; event: string; data: Record<string, unknown> }
  | { op: 'terminate'; sessionId: string; reason: string }
  /** Answered with `flushed` once everything sent before it has been handled. */
  | { op: 'flush'; seq: number }
  /** End every session left and let the thread finish by itself (stopping it from outside can abort the process). */
  | { op: 'exit' };

export type FromScenarioWorker =
  | { ev: 'ready' }
  | { ev: 'started'; sessionId: string }
  | { ev: 'startFailed'; sessionId: string; error: WireSandboxError }
  | { ev: 'command'; sessionId: string; command: RemoteCommand }
  | { ev: 'ended'; sessionId: string; reason: string; error?: WireSandboxError | undefined }
  | { ev: 'flushed'; seq: number };
