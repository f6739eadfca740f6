import { DEFAULT_CLV_OPTIONS } from '../models/clv';
import { type ScoringParameters } from './scoring-parameters';

/**
 * The parameters used until the first fit on the platform's own customers.
 *
 * - BG/NBD (weeks) and Gamma-Gamma: the maximum-likelihood values published for the CDNOW sample
 *   (Fader, Hardie & Lee 2005; /work/shared/datasets/cdnow/README.md), the standard reference
 *   population of the literature. Gamma-Gamma v = 15.44 USD is given as 1544 minor units, so the
 *   prior spend assumes a two-decimal currency (mean spend per purchase p v / (q - 1) = 35.22).
 * - RFM boundaries (a customer equal to a boundary scores in the lower bin):
 *   recency at the silence thresholds of domain.md §1 (30, 60, 90, 180 days), so R = 5 means
 *   bought within 30 days and R = 1 silent for more than 180; frequency at the purchase-count
 *   milestones of domain.md §3 (1, 2, 3, 5 purchase days); monetary at round net spends of
 *   20, 50, 100 and 200 currency units (a platform choice for a two-decimal currency).
 * - Tier thresholds on 12-month CLV: Diamond from 5000 and Gold from 2000 currency units, the
 *   high-value and potential annual-spend bands of domain.md §1; Silver from 500 (platform choice).
 * - CLV: 12 months at 1% a month (DEFAULT_CLV_OPTIONS).
 */
export const PRIOR_SCORING_PARAMETERS: ScoringParameters = {
  version: 'prior-v1',
  source: 'prior',
  timeUnit: 'week',
  bgNbd: { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 },
  gammaGamma: { p: 6.25, q: 3.74, v: 1544 },
  rfmBoundaries: {
    recencyDays: [30, 60, 90, 180],
    frequency: [1, 2, 3, 5],
    monetaryMinor: [2_000, 5_000, 10_000, 20_000],
  },
  tierThresholds: { diamond: 500_000, gold: 200_000, silver: 50_000 },
  clv: DEFAULT_CLV_OPTIONS,
};
