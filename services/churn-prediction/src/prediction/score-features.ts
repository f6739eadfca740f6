import type { PurchasePatternV1, ScoreV1 } from '@churn/contracts';
import {
  type ChurnFeatures,
  type Interaction,
  type InteractionSignals,
  MS_PER_DAY,
  type PurchasePattern,
  churnFeaturesFromPattern,
  interactionSignals,
  utcDayIndex,
} from '@churn/domain';

/** A score's pattern in the domain's form (dates back to UTC day indexes). */
export function patternOf(pattern: PurchasePatternV1, currency: string): PurchasePattern {
  const { firstPurchaseDay, lastPurchaseDay, ...rest } = pattern;
  return { ...rest, currency, firstPurchaseDay: utcDayIndex(Date.parse(`${firstPurchaseDay}T00:00:00Z`)), lastPurchaseDay: utcDayIndex(Date.parse(`${lastPurchaseDay}T00:00:00Z`)) };
}

/**
 * The churn features of a customer from their latest score and stored interactions at an as-of
 * day: the same domain functions training uses, with the BG/NBD parameters the score was
 * computed with. Interactions count through the end of the as-of day (features count whole days).
 */
export function featuresFromScore(score: ScoreV1, interactions: readonly Interaction[], asOf: number, horizonDays: number): { features: ChurnFeatures; signals: InteractionSignals } {
  if (!score.pattern || !score.bgNbd || !score.timeUnit || score.currency === null) throw new RangeError('score without pattern');
  const endOfDay = (utcDayIndex(asOf) + 1) * MS_PER_DAY - 1;
  const lastPurchaseAt = score.lastPurchaseAt === null ? undefined : Date.parse(score.lastPurchaseAt);
  const signals = interactionSignals(interactions, endOfDay, lastPurchaseAt);
  const features = churnFeaturesFromPattern(
    score.customerId,
    patternOf(score.pattern, score.currency),
    { asOf, bgNbd: score.bgNbd, timeUnit: score.timeUnit, horizonDays },
    signals,
  );
  return { features, signals };
}
