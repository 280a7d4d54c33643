import { clientIdOf, type Principal } from './auth/principal.js';
import type { CallbackRateLimit } from './callback-rate-limit.js';
import { HttpProblem } from './problem-details.js';
import type { ScenarioRule, ScenarioRuleRef, ScenarioStarted, ScenarioStarter } from './scenario-starter.js';

/** Custom data handed to a scenario: at most this many bytes of UTF-8. */
export const MAX_CUSTOM_DATA_BYTES = 64 * 1024;

/**
 * Body limit of the scenario-start routes: 64 KiB of custom data may grow sixfold when escaped in JSON (`\u0001`)
 * and threefold when percent-encoded in a form, plus room for the other fields.
 */
export const SCENARIO_BODY_LIMIT_BYTES = 6 * MAX_CUSTOM_DATA_BYTES + 4096;

export function customDataTooLarge(customData: string): boolean {
  return Buffer.byteLength(customData, 'utf8') > MAX_CUSTOM_DATA_BYTES;
}

/**
 * What both scenario-start endpoints (the REST one and Voximplant's StartScenarios) share: the 503 when no scenario
 * runtime is wired in, and the client's rate limit. A start that fails (unknown rule, runtime error) is uncounted.
 */
export class ScenarioStarts {
  constructor(
    private readonly starter: ScenarioStarter | undefined,
    private readonly limit: CallbackRateLimit,
  ) {}

  rules(): ScenarioRule[] {
    return this.enabled().rules();
  }

  async start(principal: Principal, rule: ScenarioRuleRef, customData: string): Promise<ScenarioStarted> {
    const starter = this.enabled();
    const uncount = this.limit.takeClient(clientIdOf(principal));
    try {
      return await starter.start(rule, customData);
    } catch (error) {
      uncount();
      throw error;
    }
  }

  private enabled(): ScenarioStarter {
    if (!this.starter) throw scenariosDisabledProblem();
    return this.starter;
  }
}

export function scenariosDisabledProblem(): HttpProblem {
  return new HttpProblem({
    status: 503,
    slug: 'scenarios-disabled',
    title: 'Scenarios are not enabled',
    detail: 'scenarios are not enabled: this server runs without a scenario runtime.',
  });
}
