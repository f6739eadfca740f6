/** Loyalty tiers, lowest first. They are earned with points, unlike the value tiers of segmentation/. */
export type LoyaltyTier = 'basic' | 'silver' | 'gold' | 'diamond';

export const LOYALTY_TIERS: ReadonlyArray<LoyaltyTier> = ['basic', 'silver', 'gold', 'diamond'];

/** Minimum rolling qualifying points (inclusive) for each tier above basic. */
export type LoyaltyTierThresholds = Readonly<Record<Exclude<LoyaltyTier, 'basic'>, number>>;

export function tierRank(tier: LoyaltyTier): number {
  return LOYALTY_TIERS.indexOf(tier);
}

export function tierForQualifyingPoints(points: number, thresholds: LoyaltyTierThresholds): LoyaltyTier {
  if (points >= thresholds.diamond) return 'diamond';
  if (points >= thresholds.gold) return 'gold';
  if (points >= thresholds.silver) return 'silver';
  return 'basic';
}
