import { type CustomerSummary } from '../summary/customer-summary';
import { bgNbdConditionalExpectedPurchases } from './bg-nbd';
import { scoreCustomerValue } from './customer-value-score';

const summary: CustomerSummary = {
  customerId: 'c1',
  currency: 'USD',
  timeUnit: 'week',
  frequency: 3,
  recency: 20,
  T: 30,
  monetary: 4321.5,
  purchaseDays: 4,
  purchaseCount: 5,
  refundCount: 0,
  grossSpendMinor: 17000,
  refundedMinor: 0,
  netSpendMinor: 17000,
  firstPurchaseAt: 0,
  lastPurchaseAt: 0,
  daysSinceLastPurchase: 70,
};
const model = { kind: 'bg-nbd' as const, params: { r: 0.243, alpha: 4.41, a: 0.793, b: 2.43 } };
const spend = { p: 6.25, q: 3.74, v: 1544 };

describe('scoreCustomerValue', () => {
  it('returns money as integer minor units and a CLV below the undiscounted value', () => {
    const score = scoreCustomerValue(summary, model, spend);
    expect(Number.isInteger(score.clvMinor)).toBe(true);
    expect(Number.isInteger(score.expectedSpendMinor)).toBe(true);
    expect(score.expectedPurchases).toBeCloseTo(
      bgNbdConditionalExpectedPurchases(model.params, summary, (12 * 365.25) / 12 / 7),
      12,
    );
    expect(score.clvMinor).toBeLessThan(score.expectedPurchases * score.expectedSpendMinor);
    expect(score.clvMinor).toBeGreaterThan(0.85 * score.expectedPurchases * score.expectedSpendMinor);
    expect(score.probabilityAlive).toBeGreaterThan(0);
    expect(score.probabilityAlive).toBeLessThan(1);
  });

  it('works with a Pareto/NBD purchase model too', () => {
    const score = scoreCustomerValue(
      summary,
      { kind: 'pareto-nbd', params: { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 } },
      spend,
    );
    expect(score.clvMinor).toBeGreaterThan(0);
  });
});
