import { assertMinorUnits } from '../money/minor-units';
import { type TimeUnit, daysToUnit, utcDayIndex } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { type FrequencyRecencyAge } from './frequency-recency-age';
import { mergePurchaseDays } from './purchase-days';

export interface SummaryOptions {
  /**
   * Calibration end / as-of instant (epoch ms). Its whole UTC day is included: for the CDNOW
   * split pass 1997-09-30T00:00Z, which gives T = 272 / 7 = 38.86 weeks for a 1997-01-01 buyer,
   * as in Fader, Hardie & Lee (2005).
   */
  readonly asOf: number;
  readonly timeUnit: TimeUnit;
}

/** Everything the value models and the RFM scoring need about one customer at an as-of day. */
export interface CustomerSummary extends FrequencyRecencyAge {
  readonly customerId: string;
  readonly currency: string;
  readonly timeUnit: TimeUnit;
  /**
   * Mean net spend per repeat purchase day, first day excluded (as lifetimes and the Gamma-Gamma
   * paper do), in minor units. A float: it is a model statistic, not an amount. 0 if frequency = 0.
   */
  readonly monetary: number;
  /** Purchase days (frequency + 1). */
  readonly purchaseDays: number;
  readonly purchaseCount: number;
  readonly refundCount: number;
  readonly grossSpendMinor: number;
  readonly refundedMinor: number;
  /** Gross spend minus every refund in the window (not clipped, unlike the per-day spend). */
  readonly netSpendMinor: number;
  /** Instant of the first purchase on the first purchase day (epoch ms). */
  readonly firstPurchaseAt: number;
  /** Instant of the last purchase on the last purchase day (epoch ms). */
  readonly lastPurchaseAt: number;
  /** Whole UTC days from the last purchase day to the as-of day (the RFM "R" input). */
  readonly daysSinceLastPurchase: number;
}

function validate(tx: Transaction): void {
  assertMinorUnits(tx.amountMinor, `amountMinor of a ${tx.type} of customer ${tx.customerId}`);
  if (tx.amountMinor < 0) {
    throw new RangeError(`amountMinor is a magnitude and must be >= 0 (customer ${tx.customerId}); use type 'refund'`);
  }
  if (!Number.isFinite(tx.occurredAt))
    throw new RangeError(`occurredAt of customer ${tx.customerId} is not a finite epoch ms`);
  if (tx.type !== 'purchase' && tx.type !== 'refund')
    throw new RangeError(`unknown transaction type ${String(tx.type)}`);
}

// Purchases sort before refunds at the same instant, so a refund can always find its purchase.
function byTimeThenPurchaseFirst(a: Transaction, b: Transaction): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt;
  return (a.type === 'purchase' ? 0 : 1) - (b.type === 'purchase' ? 0 : 1);
}

/**
 * Summarises one customer's history at the as-of day. Transactions after the as-of day are
 * ignored (including refunds of earlier purchases: the summary is what was known then). Returns
 * undefined when no purchase day remains (no purchase yet, or everything refunded).
 * Throws if the customer's transactions mix currencies: the domain does no FX conversion.
 */
export function summarizeCustomer(
  customerId: string,
  transactions: ReadonlyArray<Transaction>,
  options: SummaryOptions,
): CustomerSummary | undefined {
  const asOfDay = utcDayIndex(options.asOf);
  const inWindow: Transaction[] = [];
  let currency: string | undefined;
  for (const tx of transactions) {
    validate(tx);
    if (utcDayIndex(tx.occurredAt) > asOfDay) continue;
    if (currency === undefined) currency = tx.currency;
    else if (tx.currency !== currency) {
      throw new RangeError(`customer ${customerId} has transactions in ${currency} and ${tx.currency}`);
    }
    inWindow.push(tx);
  }
  inWindow.sort(byTimeThenPurchaseFirst);

  const merged = mergePurchaseDays(inWindow);
  const days = merged.days;
  if (days.length === 0 || currency === undefined) return undefined;

  const first = days[0];
  const last = days[days.length - 1];
  let repeatSpend = 0;
  for (let i = 1; i < days.length; i++) repeatSpend += days[i].spendMinor;
  const frequency = days.length - 1;

  return {
    customerId,
    currency,
    timeUnit: options.timeUnit,
    frequency,
    recency: daysToUnit(last.day - first.day, options.timeUnit),
    T: daysToUnit(asOfDay - first.day, options.timeUnit),
    monetary: frequency > 0 ? repeatSpend / frequency : 0,
    purchaseDays: days.length,
    purchaseCount: merged.purchaseCount,
    refundCount: merged.refundCount,
    grossSpendMinor: merged.grossSpendMinor,
    refundedMinor: merged.refundedMinor,
    netSpendMinor: merged.grossSpendMinor - merged.refundedMinor,
    firstPurchaseAt: first.firstAt,
    lastPurchaseAt: last.lastAt,
    daysSinceLastPurchase: asOfDay - last.day,
  };
}

/**
 * Summarises every customer in a transaction log (any order). Customers appear in order of first
 * appearance in the log; customers without a purchase day by the as-of day are left out (they are
 * not yet part of the cohort the models describe).
 */
export function summarizeCustomers(
  transactions: ReadonlyArray<Transaction>,
  options: SummaryOptions,
): CustomerSummary[] {
  const byCustomer = new Map<string, Transaction[]>();
  for (const tx of transactions) {
    const list = byCustomer.get(tx.customerId);
    if (list === undefined) byCustomer.set(tx.customerId, [tx]);
    else list.push(tx);
  }
  const summaries: CustomerSummary[] = [];
  for (const [customerId, list] of byCustomer) {
    const summary = summarizeCustomer(customerId, list, options);
    if (summary !== undefined) summaries.push(summary);
  }
  return summaries;
}
