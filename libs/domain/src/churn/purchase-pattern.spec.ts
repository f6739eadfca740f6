import { MS_PER_DAY } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { churnFeatures, churnFeaturesFromPattern } from './churn-features';
import { purchasePattern } from './purchase-pattern';

const day0 = Date.UTC(2024, 0, 1);
const at = (day: number, hour = 12): number => day0 + day * MS_PER_DAY + hour * 3_600_000;
const tx = (day: number, amountMinor: number, type: Transaction['type'] = 'purchase', orderId?: string): Transaction => ({
  customerId: 'c1',
  occurredAt: at(day),
  amountMinor,
  currency: 'EUR',
  type,
  ...(orderId === undefined ? {} : { orderId }),
});
const bgNbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const history = [tx(0, 1000, 'purchase', 'o1'), tx(0, 500), tx(9, 2000, 'purchase', 'o2'), tx(11, 2000, 'refund', 'o2'), tx(30, 1200), tx(44, 800, 'purchase', 'o4'), tx(45, 300, 'refund', 'o4'), tx(200, 5)];
const signals = { complaints: 1, unresolvedComplaints: 1, latestNps: 5, npsDecline: 3 };

describe('purchasePattern + churnFeaturesFromPattern', () => {
  it('gives exactly the features churnFeatures computes from the transactions', () => {
    for (const timeUnit of ['day', 'week'] as const) {
      const options = { asOf: day0 + 60 * MS_PER_DAY, bgNbd, timeUnit, horizonDays: 90 };
      const pattern = purchasePattern(history, options.asOf)!;
      expect(pattern).toMatchObject({ firstPurchaseDay: day0 / MS_PER_DAY, lastPurchaseDay: day0 / MS_PER_DAY + 44, purchaseDays: 3, refundCount: 2 });
      expect(churnFeaturesFromPattern('c1', pattern, options, signals)).toEqual(churnFeatures('c1', history, options, signals));
    }
  });

  it('re-ages a stored pattern to a later as-of day as if computed from the transactions then', () => {
    const pattern = purchasePattern(history, day0 + 60 * MS_PER_DAY)!;
    const later = { asOf: day0 + 150 * MS_PER_DAY + 5_000, bgNbd, timeUnit: 'week' as const, horizonDays: 182 };
    const aged = churnFeaturesFromPattern('c1', pattern, later);
    expect(aged).toEqual(churnFeatures('c1', history, later));
    expect(aged.daysSinceLastPurchase).toBe(106);
    // The pattern went through JSON (the score event) and still gives the same features.
    expect(churnFeaturesFromPattern('c1', JSON.parse(JSON.stringify(pattern)), later)).toEqual(aged);
  });

  it('refuses an as-of day before the last purchase and has no pattern without a purchase day', () => {
    const pattern = purchasePattern(history, day0 + 60 * MS_PER_DAY)!;
    expect(() => churnFeaturesFromPattern('c1', pattern, { asOf: day0 + 40 * MS_PER_DAY, bgNbd, timeUnit: 'day', horizonDays: 30 })).toThrow(RangeError);
    expect(purchasePattern([tx(3, 100, 'purchase', 'x'), tx(4, 100, 'refund', 'x')], day0 + 10 * MS_PER_DAY)).toBeUndefined();
    expect(purchasePattern([], day0)).toBeUndefined();
  });
});
