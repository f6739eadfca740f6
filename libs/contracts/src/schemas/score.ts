import { type Static, Type } from '@sinclair/typebox';
import { CurrencyCode, CustomerId, Identifier, MinorUnits, UtcInstant } from './common';

const Quintile = Type.Integer({ minimum: 1, maximum: 5 });

export const RfmSegmentName = Type.Union(
  [
    Type.Literal('Champions'),
    Type.Literal('Loyal'),
    Type.Literal('Potential Loyalist'),
    Type.Literal('New'),
    Type.Literal('Promising'),
    Type.Literal('Need Attention'),
    Type.Literal('About to Sleep'),
    Type.Literal('At Risk'),
    Type.Literal('Cannot Lose Them'),
    Type.Literal('Hibernating'),
    Type.Literal('Lost'),
  ],
  { description: 'The standard RFM segment map' },
);

export const ValueTierName = Type.Union([Type.Literal('diamond'), Type.Literal('gold'), Type.Literal('silver'), Type.Literal('basic')]);

export const LifecycleStageName = Type.Union([
  Type.Literal('prospect'),
  Type.Literal('new'),
  Type.Literal('active'),
  Type.Literal('silent'),
  Type.Literal('potential-churn'),
  Type.Literal('dormant'),
  Type.Literal('deep-dormant'),
  Type.Literal('churned'),
]);

const UtcDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

/**
 * The customer's purchase history as day-based aggregates with no model parameter in them
 * (libs/domain PurchasePattern): churn-prediction computes its features from it at any later
 * as-of day, exactly as training computes them from transactions. Added in 1.1 (optional).
 */
export const PurchasePatternV1 = Type.Object(
  {
    firstPurchaseDay: UtcDate('UTC date of the first purchase day'),
    lastPurchaseDay: UtcDate('UTC date of the last purchase day'),
    purchaseDays: Type.Integer({ minimum: 1, description: 'Purchase days after same-day merging and refunds' }),
    meanOrderMinor: Type.Number({ minimum: 0, description: 'Mean net spend per purchase day (first included), minor units' }),
    lastOrderVsAverage: Type.Number({ description: 'Last purchase day spend over the mean of the earlier days, minus 1' }),
    spendTrend: Type.Number({ description: 'Mean spend of the later half of the purchase days over the earlier half, minus 1' }),
    meanIntervalDays: Type.Number({ minimum: 0, description: 'Mean days between purchase days; 0 without a repeat purchase' }),
    intervalVariation: Type.Number({ minimum: 0, description: 'Coefficient of variation of the intervals' }),
    refundCount: Type.Integer({ minimum: 0 }),
    grossSpendMinor: Type.Integer({ minimum: 0 }),
    refundedMinor: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type PurchasePatternV1 = Static<typeof PurchasePatternV1>;

/** The BG/NBD parameters a score was computed with, in `timeUnit`. Added in 1.1 (optional). */
export const BgNbdParametersV1 = Type.Object(
  { r: Type.Number({ exclusiveMinimum: 0 }), alpha: Type.Number({ exclusiveMinimum: 0 }), a: Type.Number({ exclusiveMinimum: 0 }), b: Type.Number({ exclusiveMinimum: 0 }) },
  { additionalProperties: false },
);

/** Why a score was computed: a purchase/refund arrived, a caller asked (churn clock), or a refit. */
export const ScoreTrigger = Type.Union([Type.Literal('event'), Type.Literal('rescore'), Type.Literal('refit')]);

/**
 * What scoring publishes to scores.v1 after every change of a customer's history, re-score or
 * refit: value, RFM and lifecycle as of `asOf`. Consumers keep the newest per customer by
 * (`stateVersion`, `computedAt`): a later computation over the same history supersedes an
 * earlier one, and a computation over a newer history supersedes any over an older one.
 */
export const ScoreV1 = Type.Object(
  {
    eventId: Type.String({ ...Identifier, description: 'Unique per published score; the idempotency key.' }),
    customerId: CustomerId,
    asOf: Type.String({ format: 'date-time', description: 'Start (00:00Z) of the UTC day the score describes: summaries count whole days' }),
    computedAt: UtcInstant,
    stateVersion: Type.Integer({ minimum: 1, description: 'Increases with every change of the stored purchase history of the customer' }),
    trigger: ScoreTrigger,
    currency: Type.Union([CurrencyCode, Type.Null()], { description: 'Null only while the customer has no purchase' }),
    frequency: Type.Integer({ minimum: 0, description: 'Repeat purchase days' }),
    recency: Type.Number({ minimum: 0, description: 'Age at the last purchase day, in the model time unit' }),
    T: Type.Number({ minimum: 0, description: 'Age at asOf, in the model time unit' }),
    monetaryMinor: Type.Union([Type.Integer(), Type.Null()], { description: 'Mean net spend per repeat purchase day, minor units, rounded; null without a repeat purchase' }),
    purchaseCount: Type.Integer({ minimum: 0 }),
    netSpendMinor: Type.Integer({ description: 'Gross spend minus refunds, minor units' }),
    lastPurchaseAt: Type.Union([UtcInstant, Type.Null()]),
    daysSinceLastPurchase: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    rfm: Type.Object({ recency: Quintile, frequency: Quintile, monetary: Quintile, segment: RfmSegmentName }, { additionalProperties: false }),
    tier: ValueTierName,
    stage: LifecycleStageName,
    pAlive: Type.Number({ minimum: 0, maximum: 1, description: 'Probability the customer is still active (BG/NBD)' }),
    expectedPurchases90d: Type.Number({ minimum: 0, description: 'Expected purchases in the next 90 days (BG/NBD)' }),
    clvMinor: MinorUnits,
    parametersVersion: Type.String({ minLength: 1, description: 'The parameter set scored with, e.g. "prior-v1" or "fit-3"' }),
    parametersSource: Type.Union([Type.Literal('prior'), Type.Literal('fitted')]),
    pattern: Type.Optional(PurchasePatternV1),
    bgNbd: Type.Optional(BgNbdParametersV1),
    timeUnit: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')], { description: 'Unit of recency, T and the BG/NBD parameters' })),
  },
  { $id: 'ScoreV1', title: 'Customer score v1', additionalProperties: false },
);
export type ScoreV1 = Static<typeof ScoreV1>;
