import { utcDayIndex } from '../time/time-unit';
import type { JournalEntry } from './journal-entry';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import { type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { debitAvailableFifo } from './lot-movements';
import { post, previousOutcome, reject } from './post-command';
import type { PostingOutcome } from './posting-outcome';

export interface RedemptionRequest {
  readonly requestId: string;
  readonly customerId: string;
  readonly points: number;
  readonly requestedAt: number;
}

export function redemptionKey(requestId: string): string {
  return `redemption:${requestId}`;
}

/**
 * Spends available points, oldest lots first. All or nothing: a request larger than the
 * available balance is refused (locked points cannot be spent), so redemptions never take a
 * balance below zero. A request that would take the customer past the daily limit (per UTC day)
 * is refused with a fraud warning, checked first because an attempt is suspicious whatever the
 * balance.
 */
export function redeemPoints(
  ledger: LoyaltyLedger,
  request: RedemptionRequest,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): PostingOutcome {
  const key = redemptionKey(request.requestId);
  const seen = previousOutcome(ledger, key);
  if (seen) return seen;
  if (!Number.isSafeInteger(request.points) || request.points <= 0) {
    throw new RangeError(`redemption points must be a positive integer, got ${request.points}`);
  }
  const command = { key, customerId: request.customerId, at: request.requestedAt, kind: 'redemption' as const };
  const customer = customerLedger(ledger, request.customerId);
  const utcDay = utcDayIndex(request.requestedAt);
  const redeemedToday = customer.redeemedByUtcDay.get(utcDay) ?? 0;
  if (redeemedToday + request.points > policy.dailyRedemptionLimitPoints) {
    return reject(ledger, command, 'daily-redemption-limit', {
      customerId: request.customerId,
      utcDay,
      redeemedToday,
      requestedPoints: request.points,
      limit: policy.dailyRedemptionLimitPoints,
    });
  }
  if (customer.balances.available < request.points) return reject(ledger, command, 'insufficient-balance');
  const entry: JournalEntry = {
    key,
    customerId: request.customerId,
    postedAt: request.requestedAt,
    lines: [...debitAvailableFifo(customer, request.points).lines, { account: 'redeemed', points: request.points }],
    details: { kind: 'points-redeemed', requestId: request.requestId, points: request.points },
  };
  return post(ledger, entry);
}
