/**
 * The port through which the HTTP API starts scenarios. The scenario runtime lives below the API and may not be
 * imported from here, so the composition root (server.ts) adapts the runtime to this interface and translates the
 * runtime's own "no such rule" error into {@link UnknownRuleError}.
 */

/** A routing rule that can start a session over HTTP. `id` is what Voximplant clients send as `rule_id`. */
export interface ScenarioRule {
  id: number;
  name: string;
}

/** A rule named by name (`rule`, `rule_name`) or by id (`rule_id`). */
export type ScenarioRuleRef = { name: string } | { id: number };

export interface ScenarioStarted {
  /** The new session's id; opaque to the API. */
  sessionId: string;
}

export interface ScenarioStarter {
  /** The rules that can be started, in the order of the configuration. */
  rules(): ScenarioRule[];
  /**
   * Starts a new session of the rule's scenario; it receives `customData` through `VoxEngine.customData()`.
   * Resolves once the session exists (not when the scenario finishes). Rejects with {@link UnknownRuleError} when no
   * rule matches.
   */
  start(rule: ScenarioRuleRef, customData: string): Promise<ScenarioStarted>;
}

/** No rule has this name or id. The API answers 404. */
export class UnknownRuleError extends Error {
  readonly rule: ScenarioRuleRef;

  constructor(rule: ScenarioRuleRef, options?: { cause?: unknown }) {
    super(`No rule ${describeRule(rule)}.`, options);
    this.name = 'UnknownRuleError';
    this.rule = rule;
  }
}

/** `named "Callback"` or `with id 7`, for messages. */
export function describeRule(rule: ScenarioRuleRef): string {
  return 'name' in rule ? `named ${JSON.stringify(rule.name)}` : `with id ${rule.id}`;
}
