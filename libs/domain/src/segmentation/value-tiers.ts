export type ValueTier = 'diamond' | 'gold' | 'silver' | 'basic';

export const VALUE_TIERS: ReadonlyArray<ValueTier> = ['diamond', 'gold', 'silver', 'basic'];

/** Population share of each paid tier, top down; Basic takes the rest. */
export interface TierShares {
  readonly diamond: number;
  readonly gold: number;
  readonly silver: number;
}

/**
 * Defaults: Diamond 2% + Gold 5% = 7% in the top tiers, inside the 5-8% band that domain.md §1
 * asks for (so that the top incentives stay scarce), Silver the next 18% (top quarter overall).
 */
export const DEFAULT_TIER_SHARES: TierShares = { diamond: 0.02, gold: 0.05, silver: 0.18 };

/** Minimum value (inclusive) for each tier; Infinity means the tier is empty. */
export interface TierThresholds {
  readonly diamond: number;
  readonly gold: number;
  readonly silver: number;
}

export function validateTierShares(shares: TierShares): void {
  const all = [shares.diamond, shares.gold, shares.silver];
  if (all.some((s) => !(s >= 0 && s <= 1)) || all.reduce((a, b) => a + b, 0) > 1) {
    throw new RangeError(`tier shares must be in [0, 1] and sum to at most 1, got ${all.join(', ')}`);
  }
}

/**
 * Smallest value v such that at most `count` customers have value >= v, given values sorted
 * descending. When a tie straddles the cut, the threshold moves above the tie: the tier gets
 * fewer customers rather than more, because scarcity is the point of a top tier.
 */
function thresholdForTopCount(descending: Float64Array, count: number): number {
  if (count <= 0) return Infinity;
  if (count >= descending.length) return descending[descending.length - 1];
  let i = count - 1;
  const cut = descending[i];
  if (descending[count] !== cut) return cut;
  while (i >= 0 && descending[i] === cut) i -= 1;
  return i >= 0 ? descending[i] : Infinity;
}

/**
 * Derives tier thresholds from a population of customer values (any value measure: CLV or
 * annual net spend in minor units). Re-derive periodically (monthly by default, domain.md);
 * between derivations, assign tiers with the stored thresholds and watch checkTierScarcity.
 */
export function deriveTierThresholds(
  values: ReadonlyArray<number>,
  shares: TierShares = DEFAULT_TIER_SHARES,
): TierThresholds {
  validateTierShares(shares);
  if (values.length === 0) return { diamond: Infinity, gold: Infinity, silver: Infinity };
  const descending = Float64Array.from(values).sort().reverse();
  const n = descending.length;
  const diamondCount = Math.floor(n * shares.diamond);
  const goldCount = Math.floor(n * (shares.diamond + shares.gold));
  const silverCount = Math.floor(n * (shares.diamond + shares.gold + shares.silver));
  return {
    diamond: thresholdForTopCount(descending, diamondCount),
    gold: thresholdForTopCount(descending, goldCount),
    silver: thresholdForTopCount(descending, silverCount),
  };
}

export function assignValueTier(value: number, thresholds: TierThresholds): ValueTier {
  if (value >= thresholds.diamond) return 'diamond';
  if (value >= thresholds.gold) return 'gold';
  if (value >= thresholds.silver) return 'silver';
  return 'basic';
}

export function countTiers(tiers: Iterable<ValueTier>): Record<ValueTier, number> {
  const counts: Record<ValueTier, number> = { diamond: 0, gold: 0, silver: 0, basic: 0 };
  for (const tier of tiers) counts[tier] += 1;
  return counts;
}
