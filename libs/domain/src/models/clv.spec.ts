import { DAYS_PER_MONTH } from '../time/time-unit';
import { discountedClv } from './clv';

describe('discountedClv', () => {
  const perDay = 0.1; // a steady 0.1 purchases a day
  const cumulative = (t: number): number => perDay * t;

  it('discounts each month at (1 + d)^k: a geometric series for a steady buyer', () => {
    const d = 0.01;
    const spend = 2500;
    const monthly = perDay * DAYS_PER_MONTH * spend;
    const geometric = (monthly * (1 - Math.pow(1 + d, -12))) / d;
    expect(discountedClv(cumulative, spend, 'day', { horizonMonths: 12, monthlyDiscountRate: d })).toBeCloseTo(
      geometric,
      6,
    );
  });

  it('is expected purchases times spend without discounting, and independent of the time unit', () => {
    const undiscounted = discountedClv(cumulative, 100, 'day', { horizonMonths: 6, monthlyDiscountRate: 0 });
    expect(undiscounted).toBeCloseTo(perDay * 6 * DAYS_PER_MONTH * 100, 8);
    const weekly = discountedClv((t) => perDay * 7 * t, 100, 'week', { horizonMonths: 6, monthlyDiscountRate: 0 });
    expect(weekly).toBeCloseTo(undiscounted, 8);
  });

  it('is zero over a zero horizon and rejects bad options', () => {
    expect(discountedClv(cumulative, 100, 'day', { horizonMonths: 0, monthlyDiscountRate: 0.01 })).toBe(0);
    expect(() => discountedClv(cumulative, 100, 'day', { horizonMonths: 1.5, monthlyDiscountRate: 0.01 })).toThrow(
      RangeError,
    );
    expect(() => discountedClv(cumulative, 100, 'day', { horizonMonths: 12, monthlyDiscountRate: -1 })).toThrow(
      RangeError,
    );
  });
});
