import { MS_PER_DAY } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { churnFeatures } from './churn-features';
import { DEFAULT_RISK_THRESHOLDS, nearRiskThreshold, nextCheckAt, riskLevel } from './risk-level';
import { warningSignals } from './warning-signals';

const day0 = Date.UTC(2024, 0, 1);
const buy = (day: number, amountMinor: number, type: Transaction['type'] = 'purchase'): Transaction => ({
  customerId: 'c1',
  occurredAt: day0 + day * MS_PER_DAY,
  amountMinor,
  currency: 'EUR',
  type,
});
const options = { bgNbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'day' as const, horizonDays: 90 };

describe('warningSignals', () => {
  it('lists the signals that hold, in the contract order', () => {
    // Every 10 days, then 40 days of silence (4x the rhythm); the last order 50% below average; a refund.
    const history = [buy(0, 2000), buy(10, 2000), buy(20, 1000), buy(20, 500, 'refund')];
    const f = churnFeatures('c1', history, { ...options, asOf: day0 + 60 * MS_PER_DAY }, {
      complaints: 1,
      unresolvedComplaints: 1,
      latestNps: 3,
      complaintWithoutRepurchase: 1,
      lowSatisfaction: 1,
      engagementDrop: 1,
    })!;
    expect(warningSignals(f)).toEqual([
      'long-gap',
      'order-drop',
      'spend-decline',
      'few-purchases',
      'complaint-without-repurchase',
      'unresolved-complaint',
      'nps-detractor',
      'low-satisfaction',
      'engagement-drop',
      'refunds',
    ]);
  });

  it('lists none for a steady customer within their rhythm', () => {
    const history = [0, 10, 20, 30, 40].map((d) => buy(d, 1000));
    expect(warningSignals(churnFeatures('c1', history, { ...options, asOf: day0 + 45 * MS_PER_DAY })!)).toEqual([]);
    // Without a rhythm, the 90-day rule decides.
    expect(warningSignals(churnFeatures('c1', [buy(0, 1)], { ...options, asOf: day0 + 89 * MS_PER_DAY })!)).toEqual(['few-purchases']);
    expect(warningSignals(churnFeatures('c1', [buy(0, 1)], { ...options, asOf: day0 + 90 * MS_PER_DAY })!)).toContain('long-gap');
  });
});

describe('riskLevel', () => {
  it('maps probabilities to levels at configurable thresholds', () => {
    expect([0.1, 0.4, 0.69, 0.7, 0.99].map((p) => riskLevel(p))).toEqual(['low', 'medium', 'medium', 'high', 'high']);
    expect(riskLevel(0.5, { high: 0.5, medium: 0.2 })).toBe('high');
    expect(() => riskLevel(0.5, { high: 0.2, medium: 0.5 })).toThrow(RangeError);
    expect(nearRiskThreshold(0.68, DEFAULT_RISK_THRESHOLDS, 0.05)).toBe(true);
    expect(nearRiskThreshold(0.55, DEFAULT_RISK_THRESHOLDS, 0.05)).toBe(false);
  });
});

describe('nextCheckAt', () => {
  const now = day0 + 5 * MS_PER_DAY + 15 * 3_600_000;
  it('checks near-threshold customers right after the UTC day changes', () => {
    expect(nextCheckAt('c1', now, true)).toBe(day0 + 6 * MS_PER_DAY);
  });
  it('spreads the others over the day by their id, always within the next 24 hours', () => {
    const times = Array.from({ length: 500 }, (_, i) => nextCheckAt(`customer-${i}`, now, false));
    expect(times.every((t) => t > now && t <= now + MS_PER_DAY)).toBe(true);
    expect(nextCheckAt('customer-7', now, false)).toBe(times[7]);
    const hours = new Set(times.map((t) => new Date(t).getUTCHours()));
    expect(hours.size).toBe(24);
    // A day later the same customer is due at the same time of day.
    expect(nextCheckAt('customer-7', times[7]!, false)).toBe(times[7]! + MS_PER_DAY);
  });
});
