import { AcdEngine, type AcdEngineOptions, type EnqueueInput } from './engine.js';
import type { AcdEvent } from './events.js';
import { resolveQueueSettings, type QueueSettingsInput } from './queue-defaults.js';
import type { ChosenStatus, Request } from './types.js';

export const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

/**
 * A small driver for engine tests: one queue 'Q' (or more), named operators, a clock that moves only when told, and
 * the events drained after every step so tests read like the sequence of things that happened.
 */
export function harness(
  settings?: QueueSettingsInput,
  operators: Array<string | { username: string; skill: number }> = ['alice', 'bob'],
  options?: AcdEngineOptions,
) {
  let now = T0;
  let n = 0;
  const engine = new AcdEngine(() => `r${++n}`, options);
  engine.putQueue({ name: 'Q', settings: resolveQueueSettings(settings) }, now);
  for (const o of operators) {
    const { username, skill } = typeof o === 'string' ? { username: o, skill: 0 } : o;
    engine.putOperator({ username, displayName: username, queues: [{ queue: 'Q', skill }] }, now);
  }
  const log: AcdEvent[] = [];
  const drain = (): AcdEvent[] => {
    const out = engine.drain().events;
    log.push(...out);
    return out;
  };
  drain();
  const h = {
    engine,
    log,
    now: () => now,
    drain,
    /** Moves time forward and runs what fell due. */
    advance(seconds: number): AcdEvent[] {
      now += seconds * 1000;
      engine.tick(now);
      return drain();
    },
    status(username: string, status: ChosenStatus): AcdEvent[] {
      engine.setOperatorStatus(username, status, now);
      return drain();
    },
    /** The operator's phone registers (true) or goes away (false). */
    reachable(username: string, reachable: boolean): AcdEvent[] {
      engine.setOperatorReachable(username, reachable, now);
      return drain();
    },
    ready(...usernames: string[]): AcdEvent[] {
      const out: AcdEvent[] = [];
      for (const u of usernames) out.push(...h.status(u, 'READY'));
      return out;
    },
    enqueue(input: Partial<EnqueueInput> = {}): Request {
      const r = engine.enqueue({ queue: 'Q', kind: 'call', ...input }, now).request;
      drain();
      return r;
    },
    callback(phone: string, input: Partial<EnqueueInput> = {}): Request {
      return h.enqueue({ kind: 'callback', phone, ...input });
    },
    /** The request currently offered (ringing) to the operator, if any. */
    offerOf(username: string): Request | undefined {
      for (const r of engine.operatorState(username).assignments.values()) if (r.offer?.phase === 'ringing') return r;
      return undefined;
    },
    statusOf(username: string) {
      return engine.operatorState(username).status();
    },
    types(events: AcdEvent[]): string[] {
      return events.map((e) => e.type);
    },
  };
  return h;
}
