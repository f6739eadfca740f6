import { daysPerUnit } from '../time/time-unit';
import { type ChurnFeatures } from './churn-features';

// Counts, days and money are heavy-tailed: log1p keeps a few extreme customers from dominating a
// linear model after standardization. Ratios are clipped for the same reason.
const log1p = Math.log1p;
const clip = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Model input columns in a fixed order; a saved model stores this list and refuses another. */
export const CHURN_FEATURE_NAMES = [
  'log_frequency',
  'recency_days',
  'age_days',
  'p_alive',
  'log_expected_purchases',
  'p_no_purchase',
  'log_days_since_last_purchase',
  'log_mean_order',
  'last_order_vs_average',
  'order_drop',
  'spend_trend',
  'log_mean_interval_days',
  'interval_variation',
  'log_gap_ratio',
  'log_refund_count',
  'refund_share',
  'log_complaints',
  'log_unresolved_complaints',
  'nps_detractor',
  'nps_promoter',
  'nps_decline',
  'complaint_without_repurchase',
  'low_satisfaction',
  'engagement_change',
  'engagement_drop',
] as const;

export type ChurnFeatureName = (typeof CHURN_FEATURE_NAMES)[number];

const COLUMNS: Record<ChurnFeatureName, (f: ChurnFeatures) => number> = {
  log_frequency: (f) => log1p(f.frequency),
  // In days whatever the BG/NBD unit, so a model serves scores fitted in another unit.
  recency_days: (f) => f.recency * daysPerUnit(f.timeUnit),
  age_days: (f) => f.T * daysPerUnit(f.timeUnit),
  p_alive: (f) => f.pAlive,
  log_expected_purchases: (f) => log1p(f.expectedPurchases),
  p_no_purchase: (f) => f.pNoPurchase,
  log_days_since_last_purchase: (f) => log1p(f.daysSinceLastPurchase),
  log_mean_order: (f) => log1p(f.meanOrderMinor),
  last_order_vs_average: (f) => clip(f.lastOrderVsAverage, -1, 3),
  order_drop: (f) => f.orderDrop,
  spend_trend: (f) => clip(f.spendTrend, -1, 3),
  log_mean_interval_days: (f) => log1p(f.meanIntervalDays),
  interval_variation: (f) => f.intervalVariation,
  log_gap_ratio: (f) => log1p(clip(f.gapRatio, 0, 50)),
  log_refund_count: (f) => log1p(f.refundCount),
  refund_share: (f) => f.refundShare,
  log_complaints: (f) => log1p(f.complaints),
  log_unresolved_complaints: (f) => log1p(f.unresolvedComplaints),
  nps_detractor: (f) => f.npsDetractor,
  nps_promoter: (f) => f.npsPromoter,
  nps_decline: (f) => f.npsDecline / 10,
  complaint_without_repurchase: (f) => f.complaintWithoutRepurchase,
  low_satisfaction: (f) => f.lowSatisfaction,
  engagement_change: (f) => clip(f.engagementChange, -1, 3),
  engagement_drop: (f) => f.engagementDrop,
};

/** The model input row of one customer, in CHURN_FEATURE_NAMES order. */
export function toVector(features: ChurnFeatures): number[] {
  return CHURN_FEATURE_NAMES.map((name) => COLUMNS[name](features));
}
