import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from '../models/bg-nbd';
import { MS_PER_DAY } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { CHURN_BASELINES } from './baselines';
import { churnFeatures } from './churn-features';
import { churnLabel } from './churn-label';
import { CHURN_FEATURE_NAMES, toVector } from './feature-vector';
import { trainingWindow } from './training-window';

const day0 = Date.UTC(2024, 0, 1);
const at = (day: number): number => day0 + day * MS_PER_DAY + 12 * 3_600_000;
const buy = (day: number, amountMinor: number, orderId?: string): Transaction => ({
  customerId: 'c1',
  occurredAt: at(day),
  amountMinor,
  currency: 'EUR',
  type: 'purchase',
  ...(orderId !== undefined ? { orderId } : {}),
});
const refund = (day: number, amountMinor: number, orderId: string): Transaction => ({
  ...buy(day, amountMinor, orderId),
  type: 'refund',
});
const bgNbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const options = { asOf: day0 + 100 * MS_PER_DAY, bgNbd, timeUnit: 'day' as const, horizonDays: 60 };

describe('churnFeatures', () => {
  // Purchase days 0, 10, 30 (intervals 10 and 20), spends 1000, 2000, 1200; as of day 100.
  const history = [buy(0, 1000), buy(10, 2000), buy(30, 1200), buy(120, 999)];
  const f = churnFeatures('c1', history, options);

  it('computes the BG/NBD quantities from the given parameters', () => {
    const fra = { frequency: 2, recency: 30, T: 100 };
    expect(f).toMatchObject(fra);
    expect(f?.pAlive).toBeCloseTo(bgNbdProbabilityAlive(bgNbd, fra), 12);
    expect(f?.expectedPurchases).toBeCloseTo(bgNbdConditionalExpectedPurchases(bgNbd, fra, 60), 12);
    // P(no purchase) = 1 - P(alive) + P(alive) * ((alpha + T) / (alpha + T + t))^(r + x)
    const pa = f?.pAlive ?? NaN;
    expect(f?.pNoPurchase).toBeCloseTo(1 - pa + pa * (104.414 / 164.414) ** 2.243, 12);
  });

  it('measures the monetary level and trend against the customer’s own history', () => {
    expect(f?.meanOrderMinor).toBeCloseTo(4200 / 3, 12);
    // Last order 1200 vs the mean of the earlier ones (1500): -20%, beyond the 15% drop signal.
    expect(f?.lastOrderVsAverage).toBeCloseTo(-0.2, 12);
    expect(f?.orderDrop).toBe(1);
    // Later half (1200) over earlier half (1000).
    expect(f?.spendTrend).toBeCloseTo(0.2, 12);
  });

  it('compares the current silence with the customer’s rhythm', () => {
    expect(f?.daysSinceLastPurchase).toBe(70);
    expect(f?.meanIntervalDays).toBe(15);
    expect(f?.intervalVariation).toBeCloseTo(5 / 15, 12);
    expect(f?.gapRatio).toBeCloseTo(70 / 15, 12);
  });

  it('counts refunds and gives interaction signals neutral defaults', () => {
    const g = churnFeatures('c1', [buy(0, 1000, 'o1'), buy(5, 500, 'o2'), refund(6, 500, 'o2')], options);
    expect(g).toMatchObject({ refundCount: 1, refundShare: 500 / 1500, frequency: 0, gapRatio: 1 });
    expect(g).toMatchObject({ complaints: 0, unresolvedComplaints: 0, npsDetractor: 0, npsPromoter: 0 });
    const h = churnFeatures('c1', history, options, { complaints: 2, unresolvedComplaints: 1, latestNps: 4 });
    expect(h).toMatchObject({ complaints: 2, unresolvedComplaints: 1, npsDetractor: 1, npsPromoter: 0 });
  });

  it('is undefined before the first purchase', () => {
    expect(churnFeatures('c1', [buy(120, 100)], options)).toBeUndefined();
  });

  it('turns into a vector in the documented column order', () => {
    const v = toVector(f!);
    expect(v).toHaveLength(CHURN_FEATURE_NAMES.length);
    expect(v[CHURN_FEATURE_NAMES.indexOf('log_days_since_last_purchase')]).toBeCloseTo(Math.log1p(70), 12);
    expect(v.every(Number.isFinite)).toBe(true);
  });

  it('feeds the baselines: more silence and fewer expected purchases rank as riskier', () => {
    expect(CHURN_BASELINES.recency(f!)).toBeCloseTo(Math.log1p(70), 12);
    expect(CHURN_BASELINES.bgNbdExpectedPurchases(f!)).toBeCloseTo(-Math.log1p(f!.expectedPurchases), 12);
  });
});

describe('churnLabel', () => {
  const asOf = day0 + 100 * MS_PER_DAY;
  it('is 1 without a purchase in the horizon days after the as-of day', () => {
    expect(churnLabel([buy(100, 1)], asOf, 30)).toBe(1); // the as-of day itself is history
    expect(churnLabel([buy(101, 1)], asOf, 30)).toBe(0);
    expect(churnLabel([buy(130, 1)], asOf, 30)).toBe(0);
    expect(churnLabel([buy(131, 1)], asOf, 30)).toBe(1);
    expect(churnLabel([refund(110, 1, 'o')], asOf, 30)).toBe(1);
  });
});

describe('trainingWindow', () => {
  it('puts the training as-of day so that labels fill the rest of the calibration period', () => {
    const end = day0 + 272 * MS_PER_DAY;
    expect(trainingWindow(at(0), end, 273)).toEqual({ asOf: day0 + 136 * MS_PER_DAY, labelDays: 136 });
    expect(trainingWindow(at(0), end, 60)).toEqual({ asOf: day0 + 212 * MS_PER_DAY, labelDays: 60 });
    expect(() => trainingWindow(at(0), day0 + 40 * MS_PER_DAY, 273)).toThrow(RangeError);
  });
});
