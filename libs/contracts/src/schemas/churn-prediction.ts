import { type Static, Type } from '@sinclair/typebox';
import { CurrencyCode, CustomerId, Identifier, MinorUnits, UtcInstant } from './common';
import { ValueTierName } from './score';

export const RiskLevel = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')], {
  description: 'high: act immediately; medium: act within 48 h; low: routine follow-up',
});
export type RiskLevel = Static<typeof RiskLevel>;

/**
 * The documented early-warning signals (domain.md section 2). A prediction lists those that hold
 * for the customer at its as-of time; 3 or more at once route an alert to the VIP team.
 */
export const WarningSignal = Type.Union([
  Type.Literal('long-gap'),
  Type.Literal('order-drop'),
  Type.Literal('spend-decline'),
  Type.Literal('few-purchases'),
  Type.Literal('complaint-without-repurchase'),
  Type.Literal('unresolved-complaint'),
  Type.Literal('nps-detractor'),
  Type.Literal('low-satisfaction'),
  Type.Literal('engagement-drop'),
  Type.Literal('refunds'),
]);
export type WarningSignal = Static<typeof WarningSignal>;

/** One reason behind a prediction, in words an account manager can act on. */
export const ChurnDriverV1 = Type.Object(
  {
    feature: Type.String({ minLength: 1, description: 'Model feature name' }),
    contribution: Type.Number({ description: 'Change in the log-odds of churn caused by this feature' }),
    direction: Type.Union([Type.Literal('raises risk'), Type.Literal('lowers risk')]),
    text: Type.String({ minLength: 1, description: 'e.g. "no purchase for 94 days, 3x the usual gap of 31 days"' }),
  },
  { additionalProperties: false },
);
export type ChurnDriverV1 = Static<typeof ChurnDriverV1>;

/** Why a prediction was made: a new score, a new interaction, or the clock ageing a silent customer. */
export const PredictionTrigger = Type.Union([Type.Literal('score'), Type.Literal('interaction'), Type.Literal('clock')]);

/** What churn-prediction publishes to churn-predictions.v1 for every (re-)prediction of a customer. */
export const ChurnPredictionV1 = Type.Object(
  {
    eventId: Type.String({ ...Identifier, description: 'Unique per prediction; the idempotency key.' }),
    customerId: CustomerId,
    asOf: UtcInstant,
    predictedAt: UtcInstant,
    trigger: PredictionTrigger,
    probability: Type.Number({ minimum: 0, maximum: 1, description: 'P(no purchase within horizonDays after asOf)' }),
    previousProbability: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'The customer’s previous prediction, null for the first' }),
    riskLevel: RiskLevel,
    horizonDays: Type.Integer({ minimum: 1 }),
    drivers: Type.Array(ChurnDriverV1, { maxItems: 3, description: 'Top drivers, strongest first' }),
    signals: Type.Array(WarningSignal, { uniqueItems: true, description: 'Warning signals that hold at asOf' }),
    modelVersion: Type.String({ minLength: 1 }),
    tier: ValueTierName,
    clvMinor: MinorUnits,
    currency: Type.Union([CurrencyCode, Type.Null()]),
    scoreStateVersion: Type.Integer({ minimum: 1, description: 'stateVersion of the scores.v1 record predicted from' }),
  },
  { $id: 'ChurnPredictionV1', title: 'Churn prediction v1', additionalProperties: false },
);
export type ChurnPredictionV1 = Static<typeof ChurnPredictionV1>;
