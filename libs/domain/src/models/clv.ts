import { type TimeUnit, monthsToUnit } from '../time/time-unit';

export interface ClvOptions {
  /** Whole months to project (default 12, domain.md §1). */
  readonly horizonMonths: number;
  /** Discount rate per month (default 1%, i.e. about 12.7% a year). */
  readonly monthlyDiscountRate: number;
}

export const DEFAULT_CLV_OPTIONS: ClvOptions = { horizonMonths: 12, monthlyDiscountRate: 0.01 };

export function validateClvOptions(options: ClvOptions): void {
  if (!(Number.isInteger(options.horizonMonths) && options.horizonMonths >= 0)) {
    throw new RangeError(`horizonMonths must be a non-negative integer, got ${options.horizonMonths}`);
  }
  if (!(options.monthlyDiscountRate > -1 && Number.isFinite(options.monthlyDiscountRate))) {
    throw new RangeError(`monthlyDiscountRate must be > -1, got ${options.monthlyDiscountRate}`);
  }
}

/**
 * Discounted customer lifetime value over a horizon, in the spend's money unit (float):
 *
 *   CLV = Σ_{k=1..H} (E[Y(t_k)] - E[Y(t_{k-1})]) · spend / (1 + d)^k,   t_k = k months,
 *
 * i.e. the purchases expected in month k, valued at the expected spend per purchase and
 * discounted to today as if paid at the end of month k. This is the discrete form of Fader,
 * Hardie & Lee (2005, RFM and CLV, eq. 2; "DET") and what lifetimes' customer_lifetime_value
 * computes. A month is 365.25 / 12 days; `expectedPurchasesUpTo(t)` is the model's cumulative
 * conditional expectation for t in `timeUnit`.
 */
export function discountedClv(
  expectedPurchasesUpTo: (t: number) => number,
  expectedSpendPerPurchase: number,
  timeUnit: TimeUnit,
  options: ClvOptions = DEFAULT_CLV_OPTIONS,
): number {
  validateClvOptions(options);
  let clv = 0;
  let previous = 0;
  for (let k = 1; k <= options.horizonMonths; k++) {
    const cumulative = expectedPurchasesUpTo(monthsToUnit(k, timeUnit));
    clv += ((cumulative - previous) * expectedSpendPerPurchase) / Math.pow(1 + options.monthlyDiscountRate, k);
    previous = cumulative;
  }
  return clv;
}
