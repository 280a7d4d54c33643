import { MANAGERS } from '../auth/principal.js';
import type { RouteDeps } from '../route-deps.js';
import { API_PREFIX, defineRoute, ok, principalOf, type AnyRoute } from '../route-spec.js';
import { SCENARIO_BODY_LIMIT_BYTES } from '../scenario-starts.js';
import { ScenarioRuleListSchema, ScenarioStartedSchema, StartScenarioBodySchema } from '../schemas/scenario.js';

const tag = 'scenarios';
const DISABLED = 'Without a scenario runtime the server answers 503 `scenarios-disabled`.';

export function scenarioRoutes(d: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/scenarios/start`,
      operationId: 'startScenario',
      summary: "Start a rule's scenario",
      description:
        'Starts a new session of the rule\'s scenario, which reads `customData` with `VoxEngine.customData()`, and ' +
        'answers once the session exists. An unknown rule is 404. Each start counts against the client\'s ' +
        '`callbacksPerClientPerMinute` allowance (429 with `Retry-After`); a start that fails is not counted. Starts ' +
        `are not idempotent: a retry starts another session. ${DISABLED}`,
      tag,
      access: MANAGERS,
      body: StartScenarioBodySchema,
      bodyLimit: SCENARIO_BODY_LIMIT_BYTES,
      responses: [{ status: 200, description: 'The session started.', schema: ScenarioStartedSchema }],
      problems: [404, 429, 503],
      handle: async (ctx) => {
        const { rule, customData } = ctx.body;
        const { sessionId } = await d.scenarios.start(principalOf(ctx), { name: rule }, customData ?? '');
        return ok({ result: 1, sessionId, rule });
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/scenarios/rules`,
      operationId: 'listScenarioRules',
      summary: 'List the rules that can be started',
      description: `In the order of the configuration. ${DISABLED}`,
      tag,
      access: MANAGERS,
      responses: [{ status: 200, description: 'The rules.', schema: ScenarioRuleListSchema }],
      problems: [503],
      handle: () => ok({ items: d.scenarios.rules().map(({ id, name }) => ({ id, name })) }),
    }),
  ];
}
