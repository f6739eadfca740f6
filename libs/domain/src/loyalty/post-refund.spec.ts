import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_EARNING_RULE_BOOK, type EarningRuleBook, LAUNCH_EARNING_RULES } from './earning-rules';
import { runExpiry } from './expiry-run';
import { ledgerInvariantViolations, netAvailablePoints } from './ledger-invariants';
import { EMPTY_LEDGER, type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { postBehaviour } from './post-behaviour';
import { postPurchase } from './post-purchase';
import { type RefundReversal, postRefund } from './post-refund';
import { redeemPoints } from './redeem-points';
import { runUnlocks } from './unlock-run';

// One point per EUR and no milestones, so that 100.00 EUR earns exactly 100 points.
const rules: EarningRuleBook = {
  ...DEFAULT_EARNING_RULE_BOOK,
  versions: [{ ...LAUNCH_EARNING_RULES, purchaseMilestones: [] }],
};
const t0 = Date.UTC(2026, 0, 10, 12);
const day = (n: number): number => t0 + n * MS_PER_DAY;

function bought(ledger: LoyaltyLedger, orderId: string, amountMinor: number, at: number): LoyaltyLedger {
  const base = { customerId: 'c-1', currency: 'EUR', channel: 'store' as const };
  return postPurchase(ledger, { ...base, eventId: `p-${orderId}`, orderId, amountMinor, occurredAt: at }, rules).ledger;
}

function refund(eventId: string, orderId: string, amountMinor: number, at: number): RefundReversal {
  return { eventId, customerId: 'c-1', orderId, amountMinor, currency: 'EUR', occurredAt: at };
}

const balances = (ledger: LoyaltyLedger) => customerLedger(ledger, 'c-1').balances;

describe('postRefund', () => {
  it('reverses the refunded share from the lock inside the return window', () => {
    const ledger = postRefund(bought(EMPTY_LEDGER, 'o-1', 10_000, t0), refund('r-1', 'o-1', 3_000, day(2))).ledger;
    expect(balances(ledger)).toMatchObject({ locked: 70, issued: -70, available: 0 });
    expect(balances(runUnlocks(ledger, day(7)).ledger)).toMatchObject({ locked: 0, available: 70 });
  });

  it('reverses partial refunds proportionally and a full refund exactly, without rounding drift', () => {
    let ledger = bought(EMPTY_LEDGER, 'o-1', 10_000, t0);
    const reversals: number[] = [];
    for (const [i, amount] of [3_333, 3_333, 3_333, 1].entries()) {
      const outcome = postRefund(ledger, refund(`r-${i}`, 'o-1', amount, day(1)));
      reversals.push(outcome.entry.lines.find((l) => l.account === 'issued')?.points ?? 0);
      ledger = outcome.ledger;
    }
    expect(reversals).toEqual([33, 33, 33, 1]);
    expect(balances(ledger)).toMatchObject({ locked: 0, issued: 0 });
  });

  it('after the window takes points back from other lots, then books what was spent in recovery', () => {
    let ledger = runUnlocks(bought(bought(EMPTY_LEDGER, 'o-1', 10_000, t0), 'o-2', 5_000, day(1)), day(10)).ledger;
    ledger = redeemPoints(ledger, { requestId: 'q-1', customerId: 'c-1', points: 120, requestedAt: day(11) }).ledger;
    // o-1's lot is spent entirely, o-2's has 30 left: those go first, the other 70 were spent.
    const outcome = postRefund(ledger, refund('r-1', 'o-1', 10_000, day(12)));
    expect(outcome.entry.lines).toEqual([
      { account: 'available', points: -30, lotId: 'purchase-event:p-o-2' },
      { account: 'recovery', points: -70, memo: 'points already spent' },
      { account: 'issued', points: 100, memo: 'refund reversal' },
    ]);
    expect(balances(outcome.ledger)).toMatchObject({ available: 0, recovery: -70 });
    expect(netAvailablePoints(customerLedger(outcome.ledger, 'c-1'))).toBe(-70);
    expect(ledgerInvariantViolations(outcome.ledger)).toEqual([]);
  });

  it('repays recovery from later credits before anything becomes available', () => {
    let ledger = runUnlocks(bought(EMPTY_LEDGER, 'o-1', 10_000, t0), day(7)).ledger;
    ledger = redeemPoints(ledger, { requestId: 'q-1', customerId: 'c-1', points: 100, requestedAt: day(8) }).ledger;
    ledger = postRefund(ledger, refund('r-1', 'o-1', 10_000, day(9))).ledger;
    const review = { customerId: 'c-1', behaviour: 'review' as const };
    ledger = postBehaviour(ledger, { ...review, eventId: 'i-1', occurredAt: day(10) }, rules).ledger;
    expect(balances(ledger)).toMatchObject({ available: 0, recovery: -50 });
    ledger = postBehaviour(
      ledger,
      { ...review, eventId: 'i-2', behaviour: 'referral', occurredAt: day(11) },
      rules,
    ).ledger;
    expect(balances(ledger)).toMatchObject({ available: 150, recovery: 0 });
    expect(ledgerInvariantViolations(ledger)).toEqual([]);
  });

  it('reverses lapsed points out of expired, so a refund of expired points creates no debt', () => {
    let ledger = runUnlocks(bought(EMPTY_LEDGER, 'o-1', 10_000, t0), day(7)).ledger;
    ledger = runExpiry(ledger, Date.UTC(2027, 0, 10, 12)).ledger;
    const outcome = postRefund(ledger, refund('r-1', 'o-1', 10_000, Date.UTC(2027, 0, 11)));
    expect(outcome.entry.lines).toEqual([
      { account: 'expired', points: -100, lotId: 'purchase-event:p-o-1' },
      { account: 'issued', points: 100, memo: 'refund reversal' },
    ]);
    expect(balances(outcome.ledger)).toMatchObject({ recovery: 0, expired: 0, issued: 0 });
  });

  it('caps a refund at what is left of the order and refuses what it cannot match', () => {
    let ledger = bought(EMPTY_LEDGER, 'o-1', 10_000, t0);
    const over = postRefund(ledger, refund('r-1', 'o-1', 50_000, day(1)));
    expect(over.entry.details).toMatchObject({ refundedMinor: 10_000 });
    ledger = over.ledger;
    expect(postRefund(ledger, refund('r-2', 'o-1', 100, day(2)))).toMatchObject({
      status: 'rejected',
      reason: 'order-fully-refunded',
    });
    expect(postRefund(ledger, refund('r-3', 'o-9', 100, day(2)))).toMatchObject({
      status: 'rejected',
      reason: 'unknown-order',
    });
    const dollars = { ...refund('r-4', 'o-1', 100, day(2)), currency: 'USD' };
    expect(postRefund(bought(EMPTY_LEDGER, 'o-1', 10_000, t0), dollars)).toMatchObject({
      status: 'rejected',
      reason: 'currency-mismatch',
    });
  });

  it('never reverses the same refund event twice', () => {
    const first = postRefund(bought(EMPTY_LEDGER, 'o-1', 10_000, t0), refund('r-1', 'o-1', 3_000, day(1)));
    const again = postRefund(first.ledger, refund('r-1', 'o-1', 3_000, day(1)));
    expect(again.status).toBe('duplicate');
    expect(again.ledger).toBe(first.ledger);
  });
});
