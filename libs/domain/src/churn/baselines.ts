import { type ChurnFeatures } from './churn-features';

/**
 * The two rankings a churn model has to beat (CDNOW README: AUC about 0.77 each). Higher = more
 * likely churned; log1p so that a Platt fit on them is close to linear.
 */
export const CHURN_BASELINES = {
  /** Days since the last purchase. */
  recency: (f: ChurnFeatures): number => Math.log1p(f.daysSinceLastPurchase),
  /** BG/NBD conditional expected purchases over the horizon, negated (fewer = more likely churned). */
  bgNbdExpectedPurchases: (f: ChurnFeatures): number => -Math.log1p(f.expectedPurchases),
} as const;

export type ChurnBaselineName = keyof typeof CHURN_BASELINES;
