import type { JournalEntry } from './journal-entry';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import { type CustomerLedger, type LoyaltyLedger, appendEntry, customerLedger } from './loyalty-ledger';
import { type LoyaltyTier, tierForQualifyingPoints, tierRank } from './loyalty-tier';
import type { RunResult } from './posting-outcome';
import { addDays, addUtcMonths } from './utc-calendar';

/**
 * Net points issued to the customer in the trailing window (asOf - window, asOf]: purchase and
 * behaviour points, tier and campaign bonuses included, refund reversals deducted. Redemptions
 * and expiry do not lower it (spending must not cost a tier), and operator adjustments do not
 * raise it (goodwill is not loyalty).
 */
export function qualifyingPoints(
  customer: CustomerLedger,
  asOf: number,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): number {
  const windowStart = addUtcMonths(asOf, -policy.qualifyingWindowMonths);
  let points = 0;
  for (const entry of customer.entries) {
    if (entry.postedAt <= windowStart || entry.postedAt > asOf) continue;
    for (const line of entry.lines) if (line.account === 'issued') points -= line.points;
  }
  return points;
}

/** The latest review date (every interval after tierSince) whose grace period has ended by now. */
export function latestReviewDate(tierSince: number, now: number, policy: LoyaltyPolicy): number | undefined {
  if (!(policy.tierReviewIntervalMonths >= 1))
    throw new RangeError('the tier review interval must be at least a month');
  let latest: number | undefined;
  for (let k = 1; ; k += 1) {
    const reviewDate = addUtcMonths(tierSince, k * policy.tierReviewIntervalMonths);
    if (addDays(reviewDate, policy.downgradeGraceDays) > now) return latest;
    latest = reviewDate;
  }
}

function tierChangeEntry(
  customer: CustomerLedger,
  key: string,
  now: number,
  to: LoyaltyTier,
  qualifying: number,
  reviewDate?: number,
): JournalEntry {
  return {
    key,
    customerId: customer.customerId,
    postedAt: now,
    lines: [],
    details: {
      kind: 'tier-changed',
      from: customer.tier,
      to,
      qualifyingPoints: qualifying,
      ...(reviewDate === undefined ? {} : { reviewDate }),
    },
  };
}

/**
 * The tier change due for one customer at `now`, if any.
 * - Upgrade: as soon as the rolling qualifying points reach a higher tier's threshold.
 * - Downgrade: only through a review. Reviews fall every review interval after the tier was
 *   reached; the customer keeps the tier through the grace period after a review date and is
 *   then measured at the end of it. If they fall short then (and still now), they move down to
 *   the tier they do qualify for, and the next review is an interval after that.
 * Evaluating before the current tier began is refused, so re-running an old review is a no-op.
 */
export function dueTierChange(customer: CustomerLedger, now: number, policy: LoyaltyPolicy): JournalEntry | undefined {
  if (customer.tierSince !== undefined && now < customer.tierSince) return undefined;
  const qualifyingNow = qualifyingPoints(customer, now, policy);
  const qualifiedNow = tierForQualifyingPoints(qualifyingNow, policy.tierThresholds);
  const id = customer.customerId;
  if (tierRank(qualifiedNow) > tierRank(customer.tier)) {
    const key = `tier-upgrade:${id}:${qualifiedNow}:${customer.tierSince ?? 'initial'}`;
    return tierChangeEntry(customer, key, now, qualifiedNow, qualifyingNow);
  }
  if (customer.tierSince === undefined || customer.tier === 'basic') return undefined;
  const reviewDate = latestReviewDate(customer.tierSince, now, policy);
  if (reviewDate === undefined) return undefined;
  const graceEnd = addDays(reviewDate, policy.downgradeGraceDays);
  const qualifyingAtGraceEnd = qualifyingPoints(customer, graceEnd, policy);
  const qualifiedAtGraceEnd = tierForQualifyingPoints(qualifyingAtGraceEnd, policy.tierThresholds);
  // A customer who has since re-qualified is not downgraded below what they hold now.
  const target = tierRank(qualifiedAtGraceEnd) >= tierRank(qualifiedNow) ? qualifiedAtGraceEnd : qualifiedNow;
  if (tierRank(target) >= tierRank(customer.tier)) return undefined;
  return tierChangeEntry(customer, `tier-review:${id}:${reviewDate}`, now, target, qualifyingAtGraceEnd, reviewDate);
}

/**
 * Posts every tier change due at `now`, as memo entries (no points move) visible in the journal.
 * Run it for the customer after each earning (upgrades are immediate) and daily for everyone
 * (downgrades fall due with time alone).
 */
export function runTierReview(
  ledger: LoyaltyLedger,
  now: number,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
  customerIds: Iterable<string> = ledger.customers.keys(),
): RunResult {
  let current = ledger;
  const posted: JournalEntry[] = [];
  for (const customerId of customerIds) {
    const entry = dueTierChange(customerLedger(current, customerId), now, policy);
    if (!entry || current.entriesByKey.has(entry.key)) continue;
    current = appendEntry(current, entry);
    posted.push(entry);
  }
  return { ledger: current, entries: posted };
}
