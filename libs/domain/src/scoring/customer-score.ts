import { type LifecycleStage } from '../lifecycle/lifecycle-stage';
import { type RfmScoreValue } from '../rfm/rfm-score';
import { type RfmSegment } from '../rfm/rfm-segment';
import { type ValueTier } from '../segmentation/value-tiers';
import { type ScoringParametersSource } from './scoring-parameters';

/** The score of one customer at an as-of day: money in integer minor units, times in epoch ms. */
export interface CustomerScore {
  readonly customerId: string;
  /** Start (00:00Z) of the as-of UTC day: summaries count whole days, so the score holds all day. */
  readonly asOf: number;
  /** Always set by scoreCustomer (a summary has purchases); null is left for consumers that also
   * record customers without a purchase yet, whose currency is unknown. */
  readonly currency: string | null;
  /** Repeat purchase days. */
  readonly frequency: number;
  /** First to last purchase day, in the parameters' time unit. */
  readonly recency: number;
  /** First purchase day to the as-of day, in the parameters' time unit. */
  readonly T: number;
  /** Mean net spend per repeat purchase day, rounded; null without a repeat purchase. */
  readonly monetaryMinor: number | null;
  readonly purchaseCount: number;
  readonly netSpendMinor: number;
  readonly lastPurchaseAt: number | null;
  readonly daysSinceLastPurchase: number | null;
  readonly rfm: {
    readonly recency: RfmScoreValue;
    readonly frequency: RfmScoreValue;
    readonly monetary: RfmScoreValue;
    readonly segment: RfmSegment;
  };
  /** Value tier by 12-month (the parameters' horizon) CLV. */
  readonly tier: ValueTier;
  readonly stage: LifecycleStage;
  /** BG/NBD probability that the customer is still active. */
  readonly pAlive: number;
  /** BG/NBD conditional expected purchase days in the next 90 days. */
  readonly expectedPurchases90d: number;
  /** Discounted CLV over the parameters' horizon, minor units of `currency`. */
  readonly clvMinor: number;
  readonly parametersVersion: string;
  readonly parametersSource: ScoringParametersSource;
}
