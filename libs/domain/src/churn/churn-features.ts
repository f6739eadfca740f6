import { type BgNbdParams, bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from '../models/bg-nbd';
import { type TimeUnit, daysToUnit, utcDayIndex } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { type InteractionSignals, NO_INTERACTION_SIGNALS, npsBand } from './interaction-signals';
import { type PurchasePattern, purchasePattern } from './purchase-pattern';

/** A last order this far below the customer's own average is a documented churn signal. */
export const ORDER_DROP_THRESHOLD = 0.15;

/**
 * Everything the churn model knows about one customer at an as-of time, in readable units (days,
 * minor units, ratios). Training and serving both build it with churnFeaturesFromPattern (training
 * through churnFeatures), so the model never sees a feature computed two ways.
 */
export interface ChurnFeatures {
  readonly customerId: string;
  /** ISO 4217 code of the customer's money (for explanations in words). */
  readonly currency: string;
  /** Unit of recency and T (the BG/NBD parameters'). */
  readonly timeUnit: TimeUnit;
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
  /** NPS points lost between the two latest answers, 0-10. */
  readonly npsDecline: number;
  readonly complaintWithoutRepurchase: number;
  readonly lowSatisfaction: number;
  /** Week-over-week change of logins + visits (0 = no change or no data). */
  readonly engagementChange: number;
  readonly engagementDrop: number;
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

/**
 * Churn features of one customer at the as-of day from their purchase pattern and optional
 * interaction signals. The as-of day may be later than the day the pattern was taken (the customer
 * ages without buying), never earlier than the last purchase day.
 */
export function churnFeaturesFromPattern(
  customerId: string,
  pattern: PurchasePattern,
  options: ChurnFeatureOptions,
  signals: InteractionSignals = NO_INTERACTION_SIGNALS,
): ChurnFeatures {
  const asOfDay = utcDayIndex(options.asOf);
  if (asOfDay < pattern.lastPurchaseDay) {
    throw new RangeError(`as-of day ${asOfDay} is before the last purchase day ${pattern.lastPurchaseDay} of the pattern`);
  }
  const fra = {
    frequency: pattern.purchaseDays - 1,
    recency: daysToUnit(pattern.lastPurchaseDay - pattern.firstPurchaseDay, options.timeUnit),
    T: daysToUnit(asOfDay - pattern.firstPurchaseDay, options.timeUnit),
  };
  const daysSinceLastPurchase = asOfDay - pattern.lastPurchaseDay;
  const horizon = daysToUnit(options.horizonDays, options.timeUnit);
  const { r, alpha } = options.bgNbd;
  const pAlive = bgNbdProbabilityAlive(options.bgNbd, fra);
  // BG/NBD customers drop out only right after a purchase, so no purchase over the horizon means
  // dead already, or alive with a Poisson count of zero: Gamma(r + x, alpha + T) mixed.
  const pZeroIfAlive = ((alpha + fra.T) / (alpha + fra.T + horizon)) ** (r + fra.frequency);
  const band = npsBand(signals.latestNps);
  return {
    customerId,
    currency: pattern.currency,
    timeUnit: options.timeUnit,
    ...fra,
    pAlive,
    expectedPurchases: bgNbdConditionalExpectedPurchases(options.bgNbd, fra, horizon),
    pNoPurchase: 1 - pAlive + pAlive * pZeroIfAlive,
    daysSinceLastPurchase,
    meanOrderMinor: pattern.meanOrderMinor,
    lastOrderVsAverage: pattern.lastOrderVsAverage,
    orderDrop: pattern.lastOrderVsAverage < -ORDER_DROP_THRESHOLD ? 1 : 0,
    spendTrend: pattern.spendTrend,
    meanIntervalDays: pattern.meanIntervalDays,
    intervalVariation: pattern.intervalVariation,
    gapRatio: pattern.meanIntervalDays > 0 ? daysSinceLastPurchase / pattern.meanIntervalDays : 1,
    refundCount: pattern.refundCount,
    refundShare: pattern.grossSpendMinor > 0 ? pattern.refundedMinor / pattern.grossSpendMinor : 0,
    complaints: signals.complaints,
    unresolvedComplaints: signals.unresolvedComplaints,
    npsDetractor: band === 'detractor' ? 1 : 0,
    npsPromoter: band === 'promoter' ? 1 : 0,
    npsDecline: signals.npsDecline ?? 0,
    complaintWithoutRepurchase: signals.complaintWithoutRepurchase ?? 0,
    lowSatisfaction: signals.lowSatisfaction ?? 0,
    engagementChange: signals.engagementChange ?? 0,
    engagementDrop: signals.engagementDrop ?? 0,
  };
}

/**
 * Churn features of one customer at the as-of day from their transactions (any order; later ones
 * ignored) and optional interaction signals: purchasePattern then churnFeaturesFromPattern.
 * Undefined when the customer has no purchase day yet.
 */
export function churnFeatures(
  customerId: string,
  transactions: readonly Transaction[],
  options: ChurnFeatureOptions,
  signals: InteractionSignals = NO_INTERACTION_SIGNALS,
): ChurnFeatures | undefined {
  const pattern = purchasePattern(transactions, options.asOf);
  return pattern && churnFeaturesFromPattern(customerId, pattern, options, signals);
}
