import type { JournalEntry, JournalLine } from './journal-entry';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import { type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { creditAvailableLines, debitAvailableFifo } from './lot-movements';
import { nonZeroLines, post, previousOutcome, reject } from './post-command';
import type { PostingOutcome } from './posting-outcome';
import { addUtcMonths } from './utc-calendar';

/** An operator's correction, e.g. resolving a dispute or compensating a bad experience. */
export interface PointsAdjustment {
  readonly requestId: string;
  readonly customerId: string;
  /** Positive credits the customer, negative debits. Never zero. */
  readonly points: number;
  readonly reason: string;
  readonly operator: string;
  readonly adjustedAt: number;
}

export function adjustmentKey(requestId: string): string {
  return `adjustment:${requestId}`;
}

/**
 * Credits form a lot of their own (available at once, repaying recovery first, expiring like
 * earned points); debits take available points oldest first and are refused beyond the
 * available balance: an operator cannot push a customer into recovery.
 */
export function adjustPoints(
  ledger: LoyaltyLedger,
  adjustment: PointsAdjustment,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): PostingOutcome {
  const key = adjustmentKey(adjustment.requestId);
  const seen = previousOutcome(ledger, key);
  if (seen) return seen;
  if (!Number.isSafeInteger(adjustment.points) || adjustment.points === 0) {
    throw new RangeError(`adjustment points must be a non-zero integer, got ${adjustment.points}`);
  }
  if (adjustment.reason.trim() === '' || adjustment.operator.trim() === '') {
    throw new RangeError('an adjustment needs a reason and an operator');
  }
  const customer = customerLedger(ledger, adjustment.customerId);
  const base = { reason: adjustment.reason, operator: adjustment.operator };
  let lines: JournalLine[];
  let details: JournalEntry['details'];
  if (adjustment.points > 0) {
    lines = [
      { account: 'adjustments', points: -adjustment.points, memo: adjustment.reason },
      ...creditAvailableLines(customer, key, adjustment.points),
    ];
    details = {
      kind: 'points-adjusted',
      ...base,
      lot: { earnedAt: adjustment.adjustedAt, expiresAt: addUtcMonths(adjustment.adjustedAt, policy.expiryMonths) },
    };
  } else {
    const debit = -adjustment.points;
    if (customer.balances.available < debit) {
      return reject(
        ledger,
        { key, customerId: adjustment.customerId, at: adjustment.adjustedAt, kind: 'adjustment' },
        'insufficient-balance',
      );
    }
    lines = [
      ...debitAvailableFifo(customer, debit).lines,
      { account: 'adjustments', points: debit, memo: adjustment.reason },
    ];
    details = { kind: 'points-adjusted', ...base };
  }
  return post(ledger, {
    key,
    customerId: adjustment.customerId,
    postedAt: adjustment.adjustedAt,
    lines: nonZeroLines(lines),
    details,
  });
}
