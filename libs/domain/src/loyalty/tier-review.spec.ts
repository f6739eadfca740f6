import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_EARNING_RULE_BOOK, type EarningRuleBook, LAUNCH_EARNING_RULES } from './earning-rules';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import { EMPTY_LEDGER, type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { postPurchase } from './post-purchase';
import { postRefund } from './post-refund';
import { qualifyingPoints, runTierReview } from './tier-review';
import { addUtcMonths } from './utc-calendar';

const rules: EarningRuleBook = {
  ...DEFAULT_EARNING_RULE_BOOK,
  versions: [{ ...LAUNCH_EARNING_RULES, purchaseMilestones: [] }],
};
const policy: LoyaltyPolicy = { ...DEFAULT_LOYALTY_POLICY, tierThresholds: { silver: 100, gold: 200, diamond: 300 } };
const t0 = Date.UTC(2026, 0, 10, 12);
const reviewDate = addUtcMonths(t0, 12);
const graceEnd = reviewDate + 30 * MS_PER_DAY;

function buy(ledger: LoyaltyLedger, orderId: string, euros: number, at: number): LoyaltyLedger {
  const purchase = {
    eventId: `p-${orderId}`,
    customerId: 'c-1',
    orderId,
    occurredAt: at,
    amountMinor: euros * 100,
    currency: 'EUR',
  };
  return postPurchase(ledger, { ...purchase, channel: 'store' }, rules, policy).ledger;
}

const tierOf = (ledger: LoyaltyLedger) => customerLedger(ledger, 'c-1').tier;
const goldAtT0 = (): LoyaltyLedger => runTierReview(buy(EMPTY_LEDGER, 'o-1', 250, t0), t0, policy).ledger;

describe('tier review', () => {
  it('upgrades as soon as the rolling qualifying points reach a threshold, as a memo entry', () => {
    const run = runTierReview(buy(EMPTY_LEDGER, 'o-1', 250, t0), t0, policy);
    expect(run.entries).toEqual([
      {
        key: 'tier-upgrade:c-1:gold:initial',
        customerId: 'c-1',
        postedAt: t0,
        lines: [],
        details: { kind: 'tier-changed', from: 'basic', to: 'gold', qualifyingPoints: 250 },
      },
    ]);
    expect(runTierReview(run.ledger, t0 + 1, policy).entries).toEqual([]);
  });

  it('uses the default 10,000-point bar for the top tier', () => {
    const ledger = buy(EMPTY_LEDGER, 'o-1', 9_999, t0);
    expect(runTierReview(ledger, t0, DEFAULT_LOYALTY_POLICY).entries[0]?.details).toMatchObject({ to: 'gold' });
    const more = runTierReview(buy(ledger, 'o-2', 1, t0 + 1), t0 + 1, DEFAULT_LOYALTY_POLICY);
    expect(tierOf(more.ledger)).toBe('diamond');
  });

  it('applies the new tier multiplier from the next purchase', () => {
    const outcome = postPurchase(
      goldAtT0(),
      {
        eventId: 'p-2',
        customerId: 'c-1',
        orderId: 'o-2',
        occurredAt: t0 + 1,
        amountMinor: 10_000,
        currency: 'EUR',
        channel: 'store',
      },
      rules,
      policy,
    );
    expect(outcome.entry.lines.filter((l) => l.account === 'issued')).toEqual([
      { account: 'issued', points: -100, memo: 'base' },
      { account: 'issued', points: -50, memo: 'tier:gold' },
    ]);
  });

  it('counts refund reversals against qualifying points but not redemptions', () => {
    const ledger = postRefund(goldAtT0(), {
      eventId: 'r-1',
      customerId: 'c-1',
      orderId: 'o-1',
      occurredAt: t0 + MS_PER_DAY,
      amountMinor: 20_000,
      currency: 'EUR',
    }).ledger;
    expect(qualifyingPoints(customerLedger(ledger, 'c-1'), t0 + MS_PER_DAY, policy)).toBe(50);
  });

  it('does not downgrade between reviews, nor during the grace period after one', () => {
    const refunded = postRefund(goldAtT0(), {
      eventId: 'r-1',
      customerId: 'c-1',
      orderId: 'o-1',
      occurredAt: t0 + MS_PER_DAY,
      amountMinor: 25_000,
      currency: 'EUR',
    }).ledger;
    expect(runTierReview(refunded, addUtcMonths(t0, 6), policy).entries).toEqual([]);
    expect(runTierReview(refunded, graceEnd - 1, policy).entries).toEqual([]);
  });

  it('downgrades at the end of the grace period to the tier then qualified for', () => {
    const run = runTierReview(goldAtT0(), graceEnd, policy);
    expect(run.entries[0]).toMatchObject({
      key: `tier-review:c-1:${reviewDate}`,
      details: { from: 'gold', to: 'basic', reviewDate },
    });
    expect(runTierReview(run.ledger, graceEnd + MS_PER_DAY, policy).entries).toEqual([]);
  });

  it('counts points earned during the grace period (at the gold rate: 80 EUR earn 120)', () => {
    const ledger = buy(goldAtT0(), 'o-2', 80, reviewDate + 10 * MS_PER_DAY);
    expect(tierOf(runTierReview(ledger, graceEnd, policy).ledger)).toBe('silver');
    const requalified = buy(ledger, 'o-3', 60, reviewDate + 20 * MS_PER_DAY);
    expect(runTierReview(requalified, graceEnd, policy).entries).toEqual([]);
  });

  it('reviews only the customers it is given', () => {
    const twoCustomers = postPurchase(
      buy(EMPTY_LEDGER, 'o-1', 250, t0),
      { eventId: 'p-x', customerId: 'c-2', orderId: 'o-x', occurredAt: t0, amountMinor: 25_000, currency: 'EUR' },
      rules,
      policy,
    ).ledger;
    expect(runTierReview(twoCustomers, t0, policy, ['c-2']).entries.map((e) => e.customerId)).toEqual(['c-2']);
  });

  it('ignores a review dated before the current tier began', () => {
    const downgraded = runTierReview(goldAtT0(), graceEnd, policy).ledger;
    expect(runTierReview(downgraded, t0, policy).ledger).toBe(downgraded);
  });
});
