import { type BgNbdParams, bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from '../models/bg-nbd';
import { summarizeCustomer } from '../summary/customer-summary';
import { type PurchaseDay, mergePurchaseDays } from '../summary/purchase-days';
import { type TimeUnit, daysToUnit, utcDayIndex } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { type InteractionSignals, NO_INTERACTION_SIGNALS, npsBand } from './interaction-signals';

/** A last order this far below the customer's own average is a documented churn signal. */
export const ORDER_DROP_THRESHOLD = 0.15;

/**
 * Everything the churn model knows about one customer at an as-of time, in readable units (days,
 * minor units, ratios). Training and serving both build it with churnFeatures, so the model never
 * sees a feature computed two ways.
 */
export interface ChurnFeatures {
  readonly customerId: string;
  /** ISO 4217 code of the customer's money (for explanations in words). */
  readonly currency: string;
  /** Repeat purchase days (BG/NBD x). */
  readonly frequency: number;
  /** BG/NBD t_x and T in the parameters' time unit. */
  readonly recency: number;
  readonly T: number;
  readonly pAlive: number;
  /** BG/NBD conditional expected purchases over the prediction horizon. */
  readonly expectedPurchases: number;
  /** BG/NBD probability of no purchase at all over the horizon. */
  readonly pNoPurchase: number;
  readonly daysSinceLastPurchase: number;
  /** Mean net spend per purchase day (all days, first included), minor units. */
  readonly meanOrderMinor: number;
  /** Last purchase day's spend relative to the mean of the earlier days, minus 1 (0 with one day). */
  readonly lastOrderVsAverage: number;
  /** 1 when the last order is more than ORDER_DROP_THRESHOLD below the earlier average. */
  readonly orderDrop: number;
  /** Mean spend of the later half of the purchase days over the earlier half, minus 1. */
  readonly spendTrend: number;
  /** Mean days between purchase days; 0 without a repeat purchase. */
  readonly meanIntervalDays: number;
  /** Coefficient of variation of the intervals (0 with fewer than two). */
  readonly intervalVariation: number;
  /** Current silence over the customer's mean interval; 1 (neutral) without a repeat purchase. */
  readonly gapRatio: number;
  readonly refundCount: number;
  /** Refunded share of gross spend. */
  readonly refundShare: number;
  readonly complaints: number;
  readonly unresolvedComplaints: number;
  readonly npsDetractor: number;
  readonly npsPromoter: number;
}

export interface ChurnFeatureOptions {
  /** Instant whose whole UTC day is known; later transactions are ignored. */
  readonly asOf: number;
  /** BG/NBD parameters fitted on the history up to the as-of day, in `timeUnit`. */
  readonly bgNbd: BgNbdParams;
  readonly timeUnit: TimeUnit;
  /** Prediction horizon in days (the label horizon). */
  readonly horizonDays: number;
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
 * Churn features of one customer at the as-of day from their transactions (any order; later ones
 * ignored) and optional interaction signals. Undefined when the customer has no purchase day yet.
 */
export function churnFeatures(
  customerId: string,
  transactions: readonly Transaction[],
  options: ChurnFeatureOptions,
  signals: InteractionSignals = NO_INTERACTION_SIGNALS,
): ChurnFeatures | undefined {
  const summary = summarizeCustomer(customerId, transactions, { asOf: options.asOf, timeUnit: options.timeUnit });
  if (summary === undefined) return undefined;
  const asOfDay = utcDayIndex(options.asOf);
  const known = transactions.filter((t) => utcDayIndex(t.occurredAt) <= asOfDay).sort(byTimeThenPurchaseFirst);
  const days = mergePurchaseDays(known).days;
  const horizon = daysToUnit(options.horizonDays, options.timeUnit);
  const { r, alpha } = options.bgNbd;
  const pAlive = bgNbdProbabilityAlive(options.bgNbd, summary);
  // BG/NBD customers drop out only right after a purchase, so no purchase over the horizon means
  // dead already, or alive with a Poisson count of zero: Gamma(r + x, alpha + T) mixed.
  const pZeroIfAlive = ((alpha + summary.T) / (alpha + summary.T + horizon)) ** (r + summary.frequency);
  const money = monetaryTrend(days);
  const intervals = intervalStats(days);
  const band = npsBand(signals.latestNps);
  return {
    customerId,
    currency: summary.currency,
    frequency: summary.frequency,
    recency: summary.recency,
    T: summary.T,
    pAlive,
    expectedPurchases: bgNbdConditionalExpectedPurchases(options.bgNbd, summary, horizon),
    pNoPurchase: 1 - pAlive + pAlive * pZeroIfAlive,
    daysSinceLastPurchase: summary.daysSinceLastPurchase,
    meanOrderMinor: mean(days.map((d) => d.spendMinor)),
    lastOrderVsAverage: money.lastVsAverage,
    orderDrop: money.lastVsAverage < -ORDER_DROP_THRESHOLD ? 1 : 0,
    spendTrend: money.trend,
    meanIntervalDays: intervals.meanDays,
    intervalVariation: intervals.variation,
    gapRatio: intervals.meanDays > 0 ? summary.daysSinceLastPurchase / intervals.meanDays : 1,
    refundCount: summary.refundCount,
    refundShare: summary.grossSpendMinor > 0 ? summary.refundedMinor / summary.grossSpendMinor : 0,
    complaints: signals.complaints,
    unresolvedComplaints: signals.unresolvedComplaints,
    npsDetractor: band === 'detractor' ? 1 : 0,
    npsPromoter: band === 'promoter' ? 1 : 0,
  };
}
