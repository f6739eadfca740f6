import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import type { CustomerLedger } from './loyalty-ledger';
import { LOYALTY_TIERS, type LoyaltyTier, tierRank } from './loyalty-tier';
import { lotsOldestFirst } from './lot-movements';
import { qualifyingPoints } from './tier-review';
import { addDays, addUtcMonths } from './utc-calendar';

export interface ExpiringPoints {
  readonly points: number;
  readonly expiresAt: number;
}

/** What a customer sees of their points: the balance screen. */
export interface LoyaltySummary {
  readonly customerId: string;
  readonly available: number;
  readonly locked: number;
  /** Points owed after a refund of spent points (<= 0); see LedgerAccount. */
  readonly recovery: number;
  /** Unspent points lapsing within the expiry notice period, soonest first. */
  readonly expiringSoon: ReadonlyArray<ExpiringPoints>;
  readonly tier: LoyaltyTier;
  readonly qualifyingPoints: number;
  /** Undefined at the top tier. */
  readonly nextTier?: { readonly tier: LoyaltyTier; readonly threshold: number; readonly pointsNeeded: number };
}

export function loyaltySummary(
  customer: CustomerLedger,
  now: number,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): LoyaltySummary {
  const horizon = now + policy.expiryNoticeDays * MS_PER_DAY;
  const expiringSoon = lotsOldestFirst(customer)
    .filter((lot) => lot.locked + lot.available > 0 && lot.expiresAt > now && lot.expiresAt <= horizon)
    .sort((a, b) => a.expiresAt - b.expiresAt)
    .map((lot) => ({ points: lot.locked + lot.available, expiresAt: lot.expiresAt }));
  const qualifying = qualifyingPoints(customer, now, policy);
  const next = LOYALTY_TIERS[tierRank(customer.tier) + 1];
  return {
    customerId: customer.customerId,
    available: customer.balances.available,
    locked: customer.balances.locked,
    recovery: customer.balances.recovery,
    expiringSoon,
    tier: customer.tier,
    qualifyingPoints: qualifying,
    ...(next === undefined || next === 'basic'
      ? {}
      : {
          nextTier: {
            tier: next,
            threshold: policy.tierThresholds[next],
            pointsNeeded: Math.max(0, policy.tierThresholds[next] - qualifying),
          },
        }),
  };
}

/**
 * The first instant after `now` at which a downgrade review of a tier reached at `tierSince` can
 * fall due (a review date plus its grace period), so a job only looks at customers who are due.
 */
export function nextTierReviewDueAt(
  tierSince: number,
  now: number,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): number {
  for (let k = 1; ; k += 1) {
    const due = addDays(addUtcMonths(tierSince, k * policy.tierReviewIntervalMonths), policy.downgradeGraceDays);
    if (due > now) return due;
  }
}
