import { z } from 'zod';
import { MAX_CUSTOM_DATA_BYTES, customDataTooLarge } from '../scenario-starts.js';
import { listOf, text } from './common.js';
import { named } from './registry.js';

/** Rule names as configured; bounded like other names read from requests. */
export const RuleName = text(128);

/** Free text for the scenario (`VoxEngine.customData()`): any characters, at most 64 KiB of UTF-8. */
const TOO_LARGE = `At most ${MAX_CUSTOM_DATA_BYTES} bytes (64 KiB) of UTF-8.`;
export const CustomData = z
  .string()
  // The character bound documents the limit in the OpenAPI document; the byte bound is the rule.
  .max(MAX_CUSTOM_DATA_BYTES, { error: TOO_LARGE, abort: true })
  .refine((value) => !customDataTooLarge(value), TOO_LARGE);

export const StartScenarioBodySchema = named(
  'StartScenario',
  z.strictObject({
    rule: RuleName.meta({ description: 'The name of the rule whose scenario starts.' }),
    customData: CustomData.optional().meta({
      description: 'Read by the scenario with `VoxEngine.customData()`; default empty. At most 64 KiB of UTF-8.',
    }),
  }),
  'Starts a new session of a rule\'s scenario.',
);

export const ScenarioStartedSchema = named(
  'ScenarioStarted',
  z.strictObject({
    result: z.literal(1),
    sessionId: z.string().meta({ description: 'The new session.' }),
    rule: z.string().meta({ description: 'The rule that was started.' }),
  }),
);

export const ScenarioRuleSchema = named(
  'ScenarioRule',
  z.strictObject({
    id: z.int().meta({ description: 'What Voximplant clients send as `rule_id`.' }),
    name: z.string(),
  }),
);

export const ScenarioRuleListSchema = named('ScenarioRuleList', listOf(ScenarioRuleSchema));
