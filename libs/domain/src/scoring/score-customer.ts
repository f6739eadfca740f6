import { lifecycleStage } from '../lifecycle/lifecycle-stage';
import { roundToMinorUnits } from '../money/minor-units';
import { bgNbdConditionalExpectedPurchases } from '../models/bg-nbd';
import { scoreCustomerValue } from '../models/customer-value-score';
import { rfmInputFromSummary, scoreRfm } from '../rfm/rfm-score';
import { rfmSegment } from '../rfm/rfm-segment';
import { assignValueTier } from '../segmentation/value-tiers';
import { type CustomerSummary } from '../summary/customer-summary';
import { MS_PER_DAY, daysToUnit, utcDayIndex } from '../time/time-unit';
import { type CustomerScore } from './customer-score';
import { type ScoringParameters, validateScoringParameters } from './scoring-parameters';

/** The horizon of CustomerScore.expectedPurchases90d. */
export const EXPECTED_PURCHASES_HORIZON_DAYS = 90;

/** Start of the as-of UTC day the summary was computed at (it stores the gap, not the day). */
export function summaryAsOf(summary: CustomerSummary): number {
  return (utcDayIndex(summary.lastPurchaseAt) + summary.daysSinceLastPurchase) * MS_PER_DAY;
}

/**
 * Scores one customer from a summary computed at the as-of day in `params.timeUnit`: RFM against
 * the stored boundaries, BG/NBD P(alive) and 90-day expected purchases, Gamma-Gamma + BG/NBD CLV
 * (a customer without a repeat purchase is valued at the population mean spend), the tier of
 * that CLV and the lifecycle stage by days of silence. Pure and deterministic.
 */
export function scoreCustomer(summary: CustomerSummary, params: ScoringParameters): CustomerScore {
  validateScoringParameters(params);
  if (summary.timeUnit !== params.timeUnit) {
    throw new RangeError(
      `summary of ${summary.customerId} is in ${summary.timeUnit}s but parameters ${params.version} are in ${params.timeUnit}s`,
    );
  }
  const asOf = summaryAsOf(summary);
  const value = scoreCustomerValue(summary, { kind: 'bg-nbd', params: params.bgNbd }, params.gammaGamma, params.clv);
  const rfm = scoreRfm(rfmInputFromSummary(summary), params.rfmBoundaries);
  return {
    customerId: summary.customerId,
    asOf,
    currency: summary.currency,
    frequency: summary.frequency,
    recency: summary.recency,
    T: summary.T,
    monetaryMinor: summary.frequency > 0 ? roundToMinorUnits(summary.monetary) : null,
    purchaseCount: summary.purchaseCount,
    netSpendMinor: summary.netSpendMinor,
    lastPurchaseAt: summary.lastPurchaseAt,
    daysSinceLastPurchase: summary.daysSinceLastPurchase,
    rfm: { recency: rfm.r, frequency: rfm.f, monetary: rfm.m, segment: rfmSegment(rfm) },
    tier: assignValueTier(value.clvMinor, params.tierThresholds),
    stage: lifecycleStage({
      firstPurchaseAt: summary.firstPurchaseAt,
      lastInteractionAt: summary.lastPurchaseAt,
      asOf,
    }),
    pAlive: value.probabilityAlive,
    expectedPurchases90d: bgNbdConditionalExpectedPurchases(
      params.bgNbd,
      summary,
      daysToUnit(EXPECTED_PURCHASES_HORIZON_DAYS, params.timeUnit),
    ),
    clvMinor: value.clvMinor,
    parametersVersion: params.version,
    parametersSource: params.source,
  };
}
