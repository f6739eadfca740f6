import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_EARNING_RULE_BOOK } from './earning-rules';
import { DEFAULT_LOYALTY_POLICY } from './loyalty-policy';
import { EMPTY_LEDGER, customerLedger } from './loyalty-ledger';
import { loyaltySummary, nextTierReviewDueAt } from './loyalty-summary';
import { postBehaviour } from './post-behaviour';
import { postPurchase } from './post-purchase';

const at = Date.UTC(2025, 0, 10);

describe('loyaltySummary', () => {
  it('shows balances, the points lapsing within the notice period and the way to the next tier', () => {
    let ledger = postPurchase(
      EMPTY_LEDGER,
      { eventId: 'p-1', customerId: 'c-1', orderId: 'o-1', occurredAt: at, amountMinor: 100_00, currency: 'EUR' },
      DEFAULT_EARNING_RULE_BOOK,
    ).ledger;
    ledger = postBehaviour(
      ledger,
      { eventId: 'i-1', customerId: 'c-1', behaviour: 'review', occurredAt: at + 60 * MS_PER_DAY },
      DEFAULT_EARNING_RULE_BOOK,
    ).ledger;
    const customer = customerLedger(ledger, 'c-1');
    // 100 base + 100 first-purchase milestone, still locked; the review's 50 are available.
    const soon = loyaltySummary(customer, Date.UTC(2025, 11, 20));
    expect(soon).toMatchObject({ available: 50, locked: 200, recovery: 0, tier: 'basic', qualifyingPoints: 250 });
    expect(soon.expiringSoon).toEqual([{ points: 200, expiresAt: Date.UTC(2026, 0, 10) }]);
    expect(soon.nextTier).toEqual({ tier: 'silver', threshold: 2_500, pointsNeeded: 2_250 });
    expect(loyaltySummary(customer, Date.UTC(2025, 5, 1)).expiringSoon).toEqual([]);
  });
});

describe('nextTierReviewDueAt', () => {
  it('is the first review date plus grace after now', () => {
    const since = Date.UTC(2025, 0, 1);
    const grace = DEFAULT_LOYALTY_POLICY.downgradeGraceDays * MS_PER_DAY;
    expect(nextTierReviewDueAt(since, since)).toBe(Date.UTC(2026, 0, 1) + grace);
    expect(nextTierReviewDueAt(since, Date.UTC(2026, 0, 1) + grace)).toBe(Date.UTC(2027, 0, 1) + grace);
  });
});
