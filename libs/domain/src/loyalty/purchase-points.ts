import type { Campaign, EarningRuleVersion } from './earning-rules';
import type { PurchaseChannel } from './journal-entry';
import type { LoyaltyTier } from './loyalty-tier';

/** One component of a purchase's points; each is booked as its own journal line. */
export interface PointsComponent {
  readonly memo: string;
  readonly points: number;
}

export interface PurchasePointsInput {
  readonly amountMinor: number;
  readonly minorUnitsPerCurrencyUnit: number;
  readonly channel: PurchaseChannel;
  readonly tier: LoyaltyTier;
  /** The purchase's rank among the customer's purchases (1 for the first). */
  readonly purchaseNumber: number;
  readonly campaigns: ReadonlyArray<Campaign>;
}

function percentOf(points: number, percent: number): number {
  return Math.floor((points * percent) / 100);
}

/**
 * Rounding: floor per component. Base points are floor(amount in currency units x rate), so a
 * partial currency unit earns nothing (129.90 EUR at 1 point/EUR is 129); the tier bonus and each
 * campaign bonus are floored percentages of those base points; milestones are whole numbers.
 * Flooring every component means the programme never issues a fraction it did not promise, and
 * the customer sees each component as a line of its own.
 */
export function purchasePointsComponents(rules: EarningRuleVersion, input: PurchasePointsInput): PointsComponent[] {
  const rate = rules.basePointsPerCurrencyUnit[input.channel];
  const base = Math.floor((input.amountMinor * rate) / input.minorUnitsPerCurrencyUnit);
  const components: PointsComponent[] = [{ memo: 'base', points: base }];
  components.push({
    memo: `tier:${input.tier}`,
    points: percentOf(base, rules.tierMultiplierPercent[input.tier] - 100),
  });
  for (const campaign of input.campaigns) {
    components.push({
      memo: `campaign:${campaign.campaignId}`,
      points: percentOf(base, campaign.multiplierPercent - 100),
    });
  }
  for (const milestone of rules.purchaseMilestones) {
    if (milestone.purchaseCount === input.purchaseNumber) {
      components.push({ memo: `milestone:${milestone.purchaseCount}`, points: milestone.points });
    }
  }
  return components.filter((c) => c.points > 0);
}
