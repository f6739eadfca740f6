import { MS_PER_DAY } from '../time/time-unit';
import { adjustPoints } from './adjust-points';
import { DEFAULT_LOYALTY_POLICY } from './loyalty-policy';
import { EMPTY_LEDGER, type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { type RedemptionRequest, redeemPoints } from './redeem-points';

const t0 = Date.UTC(2026, 2, 1, 9);

/** Two lots: 300 points earned on day 0, 500 on day 1 (credits, available at once). */
function twoLots(): LoyaltyLedger {
  const credit = { customerId: 'c-1', reason: 'goodwill', operator: 'op-7' };
  const first = adjustPoints(EMPTY_LEDGER, { ...credit, requestId: 'a-1', points: 300, adjustedAt: t0 }).ledger;
  return adjustPoints(first, { ...credit, requestId: 'a-2', points: 500, adjustedAt: t0 + MS_PER_DAY }).ledger;
}

const request = (requestId: string, points: number, requestedAt = t0 + 2 * MS_PER_DAY): RedemptionRequest => ({
  requestId,
  customerId: 'c-1',
  points,
  requestedAt,
});

describe('redeemPoints', () => {
  it('spends the oldest lots first', () => {
    const outcome = redeemPoints(twoLots(), request('q-1', 400));
    expect(outcome.entry.lines).toEqual([
      { account: 'available', points: -300, lotId: 'adjustment:a-1' },
      { account: 'available', points: -100, lotId: 'adjustment:a-2' },
      { account: 'redeemed', points: 400 },
    ]);
    expect(customerLedger(outcome.ledger, 'c-1').balances).toMatchObject({ available: 400, redeemed: 400 });
  });

  it('refuses more than the available balance, leaving it untouched', () => {
    const outcome = redeemPoints(twoLots(), request('q-1', 801));
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'insufficient-balance' });
    expect(customerLedger(outcome.ledger, 'c-1').balances.available).toBe(800);
  });

  it('is idempotent by request id, even after the balance changed', () => {
    const first = redeemPoints(twoLots(), request('q-1', 800));
    const again = redeemPoints(first.ledger, request('q-1', 800));
    expect(again.status).toBe('duplicate');
    expect(again.ledger).toBe(first.ledger);
  });

  it('refuses redemptions past the daily limit with a fraud warning, and allows them the next UTC day', () => {
    const policy = { ...DEFAULT_LOYALTY_POLICY, dailyRedemptionLimitPoints: 500 };
    const ledger = redeemPoints(twoLots(), request('q-1', 400), policy).ledger;
    const outcome = redeemPoints(ledger, request('q-2', 101), policy);
    expect(outcome).toMatchObject({
      status: 'rejected',
      reason: 'daily-redemption-limit',
      fraudWarning: { customerId: 'c-1', redeemedToday: 400, requestedPoints: 101, limit: 500 },
    });
    expect(outcome.entry.details).toMatchObject({ kind: 'command-rejected', fraudWarning: true });
    expect(redeemPoints(ledger, request('q-3', 100), policy).status).toBe('posted');
    expect(redeemPoints(ledger, request('q-4', 101, t0 + 3 * MS_PER_DAY), policy).status).toBe('posted');
  });

  it('rejects a non-positive or fractional request as a programming error', () => {
    expect(() => redeemPoints(twoLots(), request('q-1', 0))).toThrow(RangeError);
    expect(() => redeemPoints(twoLots(), request('q-1', 1.5))).toThrow(RangeError);
  });
});
