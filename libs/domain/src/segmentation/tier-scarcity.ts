import { type ValueTier } from './value-tiers';

/**
 * Bands the top tiers must stay within (domain.md §1: the top tiers should hold only 5-8% of
 * customers; past that the incentive loses value). Per-tier maxima leave one point of drift
 * above the default shares (Diamond 2%, Gold 5%) before a warning.
 */
export interface TierScarcityBands {
  readonly diamondMaxShare: number;
  readonly goldMaxShare: number;
  readonly topTiersMinShare: number;
  readonly topTiersMaxShare: number;
}

export const DEFAULT_TIER_SCARCITY_BANDS: TierScarcityBands = {
  diamondMaxShare: 0.03,
  goldMaxShare: 0.06,
  topTiersMinShare: 0.05,
  topTiersMaxShare: 0.08,
};

export interface TierScarcityFinding {
  readonly scope: 'diamond' | 'gold' | 'top-tiers';
  readonly kind: 'above-band' | 'below-band';
  readonly share: number;
  readonly limit: number;
}

export interface TierScarcityReport {
  readonly total: number;
  readonly shares: Readonly<Record<ValueTier, number>>;
  /** Diamond + Gold share. */
  readonly topTiersShare: number;
  readonly findings: ReadonlyArray<TierScarcityFinding>;
  /** True when no tier is above its band (a top tier below its band is reported, not a failure). */
  readonly withinBands: boolean;
}

/** Reports tier shares and every band they leave; the caller decides how loudly to warn. */
export function checkTierScarcity(
  counts: Readonly<Record<ValueTier, number>>,
  bands: TierScarcityBands = DEFAULT_TIER_SCARCITY_BANDS,
): TierScarcityReport {
  const total = counts.diamond + counts.gold + counts.silver + counts.basic;
  const share = (n: number): number => (total > 0 ? n / total : 0);
  const shares = {
    diamond: share(counts.diamond),
    gold: share(counts.gold),
    silver: share(counts.silver),
    basic: share(counts.basic),
  };
  const topTiersShare = shares.diamond + shares.gold;
  const findings: TierScarcityFinding[] = [];
  if (shares.diamond > bands.diamondMaxShare) {
    findings.push({ scope: 'diamond', kind: 'above-band', share: shares.diamond, limit: bands.diamondMaxShare });
  }
  if (shares.gold > bands.goldMaxShare) {
    findings.push({ scope: 'gold', kind: 'above-band', share: shares.gold, limit: bands.goldMaxShare });
  }
  if (topTiersShare > bands.topTiersMaxShare) {
    findings.push({ scope: 'top-tiers', kind: 'above-band', share: topTiersShare, limit: bands.topTiersMaxShare });
  } else if (total > 0 && topTiersShare < bands.topTiersMinShare) {
    findings.push({ scope: 'top-tiers', kind: 'below-band', share: topTiersShare, limit: bands.topTiersMinShare });
  }
  return { total, shares, topTiersShare, findings, withinBands: findings.every((f) => f.kind !== 'above-band') };
}
