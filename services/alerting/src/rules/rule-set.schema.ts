import { Type } from '@sinclair/typebox';

const Level = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);
const Tier = Type.Union([Type.Literal('diamond'), Type.Literal('gold'), Type.Literal('silver'), Type.Literal('basic')]);
const Reason = Type.Union([Type.Literal('risk-level'), Type.Literal('probability-jump'), Type.Literal('multi-signal')]);
const Queue = Type.Union([Type.Literal('vip-team'), Type.Literal('account-manager'), Type.Literal('automated-campaign')]);
const Share = Type.Number({ minimum: 0, maximum: 1 });

/**
 * The JSON Schema of a rule-set file (rules/alert-rules.json). Structure only; the domain's
 * `ruleSetProblems` adds the cross-field checks. Unknown fields are refused: a typo must not
 * silently fall back to a default.
 */
export const AlertRuleSetSchema = Type.Object(
  {
    version: Type.String({ minLength: 1, maxLength: 64, description: 'Recorded on every alert (ruleVersion)' }),
    open: Type.Object(
      {
        onLevels: Type.Array(Level, { minItems: 1, uniqueItems: true }),
        probabilityJump: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1 }), Type.Null()]),
        minSignals: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
    autoResolve: Type.Object({ belowProbability: Share, onPurchase: Type.Boolean() }, { additionalProperties: false }),
    tierWeights: Type.Object({ diamond: Type.Number(), gold: Type.Number(), silver: Type.Number(), basic: Type.Number() }, { additionalProperties: false }),
    accountManagerTiers: Type.Array(Tier, { uniqueItems: true }),
    contactFatigue: Type.Object({ maxAlerts: Type.Integer({ minimum: 0 }), windowDays: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    controlGroupShare: Share,
    outcomeWindowDays: Type.Integer({ minimum: 1, maximum: 3_650 }),
    suggestedActions: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
          when: Type.Object({ reason: Type.Optional(Reason), queue: Type.Optional(Queue), level: Type.Optional(Level), tier: Type.Optional(Tier) }, { additionalProperties: false }),
          action: Type.String({ minLength: 1, maxLength: 500 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { $id: 'AlertRuleSet', additionalProperties: false },
);
