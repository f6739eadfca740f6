import type { LoyaltyTierThresholds } from './loyalty-tier';

/** Programme settings that are not earning rules. Every number is configuration (domain.md §3). */
export interface LoyaltyPolicy {
  /** Purchase points stay locked this long after the purchase (the return window). */
  readonly returnWindowDays: number;
  /** Lots lapse this many calendar months after they were earned. */
  readonly expiryMonths: number;
  /** Customers are told this many days before a lot lapses. */
  readonly expiryNoticeDays: number;
  /** Points a customer may redeem per UTC day; more is refused and raises a fraud warning. */
  readonly dailyRedemptionLimitPoints: number;
  readonly tierThresholds: LoyaltyTierThresholds;
  /** Qualifying points are the net points issued in this many trailing months. */
  readonly qualifyingWindowMonths: number;
  /** A tier is reviewed for downgrade every this many months after it was reached. */
  readonly tierReviewIntervalMonths: number;
  /** After a review date, the customer has this many days to re-qualify before a downgrade. */
  readonly downgradeGraceDays: number;
}

/**
 * Defaults: the 7-day return window and the 10,000-point top-tier bar come from domain.md; the
 * rest are the platform's documented choices (12-month FIFO expiry with 30 days' notice, annual
 * reviews with 30 days' grace, 5,000 points a day before redemptions look like fraud).
 */
export const DEFAULT_LOYALTY_POLICY: LoyaltyPolicy = {
  returnWindowDays: 7,
  expiryMonths: 12,
  expiryNoticeDays: 30,
  dailyRedemptionLimitPoints: 5_000,
  tierThresholds: { silver: 2_500, gold: 5_000, diamond: 10_000 },
  qualifyingWindowMonths: 12,
  tierReviewIntervalMonths: 12,
  downgradeGraceDays: 30,
};

export function validateLoyaltyPolicy(policy: LoyaltyPolicy): void {
  const wholeNonNegative = [policy.returnWindowDays, policy.expiryNoticeDays, policy.downgradeGraceDays];
  const wholePositive = [
    policy.expiryMonths,
    policy.dailyRedemptionLimitPoints,
    policy.qualifyingWindowMonths,
    policy.tierReviewIntervalMonths,
  ];
  if (
    !wholeNonNegative.every((n) => Number.isSafeInteger(n) && n >= 0) ||
    !wholePositive.every((n) => Number.isSafeInteger(n) && n > 0)
  ) {
    throw new RangeError('loyalty policy durations and limits must be whole numbers (months, days, points > 0)');
  }
  // Points must leave the lock well before they can lapse, or they would expire unseen.
  if (policy.returnWindowDays >= policy.expiryMonths * 28) {
    throw new RangeError('the return window must be shorter than the expiry period');
  }
  const { silver, gold, diamond } = policy.tierThresholds;
  if (!(0 < silver && silver <= gold && gold <= diamond)) {
    throw new RangeError('tier thresholds must be positive and ascending (silver <= gold <= diamond)');
  }
}
