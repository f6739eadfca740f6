import { summarizeCustomer } from '../summary/customer-summary';
import { type PurchaseDay, mergePurchaseDays } from '../summary/purchase-days';
import { utcDayIndex } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';

/**
 * A customer's purchase history reduced to day-based aggregates, with no model parameter in it:
 * what scoring publishes with a score (ScoreV1.pattern) so that churn-prediction computes exactly
 * the features training computes, at any later as-of day, without the transactions. It stays
 * valid until the customer's history changes (a new purchase or refund).
 */
export interface PurchasePattern {
  readonly currency: string;
  /** UTC day indexes (days since 1970-01-01) of the first and last purchase day. */
  readonly firstPurchaseDay: number;
  readonly lastPurchaseDay: number;
  /** Purchase days after same-day merging and refunds (BG/NBD frequency + 1). */
  readonly purchaseDays: number;
  /** Mean net spend per purchase day (all days, first included), minor units. */
  readonly meanOrderMinor: number;
  /** Last purchase day's spend relative to the mean of the earlier days, minus 1 (0 with one day). */
  readonly lastOrderVsAverage: number;
  /** Mean spend of the later half of the purchase days over the earlier half, minus 1. */
  readonly spendTrend: number;
  /** Mean days between purchase days; 0 without a repeat purchase. */
  readonly meanIntervalDays: number;
  /** Coefficient of variation of the intervals (0 with fewer than two). */
  readonly intervalVariation: number;
  readonly refundCount: number;
  readonly grossSpendMinor: number;
  readonly refundedMinor: number;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function monetaryTrend(days: readonly PurchaseDay[]): { lastVsAverage: number; trend: number } {
  if (days.length < 2) return { lastVsAverage: 0, trend: 0 };
  const spend = days.map((d) => d.spendMinor);
  const earlier = mean(spend.slice(0, -1));
  const half = Math.floor(spend.length / 2);
  const early = mean(spend.slice(0, half));
  const late = mean(spend.slice(spend.length - half));
  return {
    // A zero-spend history (fully discounted orders) has no level to compare with.
    lastVsAverage: earlier > 0 ? spend[spend.length - 1] / earlier - 1 : 0,
    trend: early > 0 ? late / early - 1 : 0,
  };
}

function intervalStats(days: readonly PurchaseDay[]): { meanDays: number; variation: number } {
  if (days.length < 2) return { meanDays: 0, variation: 0 };
  const gaps = days.slice(1).map((d, i) => d.day - days[i].day);
  const m = mean(gaps);
  if (gaps.length < 2) return { meanDays: m, variation: 0 };
  const sd = Math.sqrt(mean(gaps.map((g) => (g - m) ** 2)));
  return { meanDays: m, variation: sd / m };
}

function byTimeThenPurchaseFirst(a: Transaction, b: Transaction): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt;
  return (a.type === 'purchase' ? 0 : 1) - (b.type === 'purchase' ? 0 : 1);
}

/**
 * The purchase pattern of one customer's transactions (any order) known by the as-of day (later
 * ones ignored). Undefined when no purchase day remains. Throws on mixed currencies, as the summary does.
 */
export function purchasePattern(transactions: readonly Transaction[], asOf: number): PurchasePattern | undefined {
  const customerId = transactions[0]?.customerId ?? '';
  const summary = summarizeCustomer(customerId, transactions, { asOf, timeUnit: 'day' });
  if (summary === undefined) return undefined;
  const asOfDay = utcDayIndex(asOf);
  const known = transactions.filter((t) => utcDayIndex(t.occurredAt) <= asOfDay).sort(byTimeThenPurchaseFirst);
  const days = mergePurchaseDays(known).days;
  const money = monetaryTrend(days);
  const intervals = intervalStats(days);
  return {
    currency: summary.currency,
    firstPurchaseDay: days[0].day,
    lastPurchaseDay: days[days.length - 1].day,
    purchaseDays: days.length,
    meanOrderMinor: mean(days.map((d) => d.spendMinor)),
    lastOrderVsAverage: money.lastVsAverage,
    spendTrend: money.trend,
    meanIntervalDays: intervals.meanDays,
    intervalVariation: intervals.variation,
    refundCount: summary.refundCount,
    grossSpendMinor: summary.grossSpendMinor,
    refundedMinor: summary.refundedMinor,
  };
}
