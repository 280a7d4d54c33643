import { UnknownRuleError, type ScenarioRule, type ScenarioRuleRef, type ScenarioStarter } from '../scenario-starter.js';

/** A ScenarioStarter over a fixed rule list that records each start and names sessions `session-1`, `session-2`... */
export class FakeScenarioStarter implements ScenarioStarter {
  readonly starts: { rule: ScenarioRule; customData: string; sessionId: string }[] = [];
  /** Set to make the next start reject with this error (after the rule was found). */
  failNext: Error | undefined;

  constructor(
    private readonly ruleList: ScenarioRule[] = [
      { id: 1, name: 'Inbound' },
      { id: 7, name: 'WebCallback' },
    ],
  ) {}

  rules(): ScenarioRule[] {
    return this.ruleList.map((r) => ({ ...r }));
  }

  start(ref: ScenarioRuleRef, customData: string): Promise<{ sessionId: string }> {
    const rule = this.ruleList.find((r) => ('name' in ref ? r.name === ref.name : r.id === ref.id));
    if (!rule) return Promise.reject(new UnknownRuleError(ref));
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) return Promise.reject(failure);
    const sessionId = `session-${this.starts.length + 1}`;
    this.starts.push({ rule, customData, sessionId });
    return Promise.resolve({ sessionId });
  }
}
