import { type Transaction } from '../transactions/transaction';
import { utcDayIndex } from '../time/time-unit';

/** One UTC calendar day on which a customer bought, after same-day merging and refunds. */
export interface PurchaseDay {
  readonly day: number;
  /** Net spend of the day in minor units, never below zero. */
  readonly spendMinor: number;
  readonly firstAt: number;
  readonly lastAt: number;
}

export interface PurchaseDaysResult {
  /** Purchase days in ascending order; fully refunded days are removed. */
  readonly days: PurchaseDay[];
  readonly purchaseCount: number;
  readonly refundCount: number;
  readonly grossSpendMinor: number;
  readonly refundedMinor: number;
}

interface MutableDay {
  day: number;
  spendMinor: number;
  refundedMinor: number;
  firstAt: number;
  lastAt: number;
}

/**
 * Merges one customer's transactions into purchase days, as the customer-base literature does
 * (several transactions on the same day are one purchase occasion; Fader, Hardie & Lee 2005).
 *
 * Refund policy (our choice, documented because the literature ignores refunds):
 * - a refund whose `orderId` names an earlier purchase reduces the spend of that purchase's day;
 * - otherwise it reduces the most recent purchase day at or before the refund;
 * - a refund with no purchase day to attach to only counts in the refund totals;
 * - a day's spend is clipped at zero (an over-refund does not make another day negative), and a
 *   day whose refunds cancel all of its spend is not a purchase occasion any more: a returned
 *   order is not evidence that the customer is active in the buying process.
 *
 * `transactions` must belong to one customer and be sorted by `occurredAt` (purchases before
 * refunds at the same instant); `summarizeCustomers` guarantees that.
 */
export function mergePurchaseDays(transactions: ReadonlyArray<Transaction>): PurchaseDaysResult {
  const days: MutableDay[] = [];
  const dayOfOrder = new Map<string, MutableDay>();
  let purchaseCount = 0;
  let refundCount = 0;
  let grossSpendMinor = 0;
  let refundedMinor = 0;

  for (const tx of transactions) {
    const day = utcDayIndex(tx.occurredAt);
    if (tx.type === 'purchase') {
      purchaseCount += 1;
      grossSpendMinor += tx.amountMinor;
      let current = days.length > 0 ? days[days.length - 1] : undefined;
      if (current === undefined || current.day !== day) {
        current = { day, spendMinor: 0, refundedMinor: 0, firstAt: tx.occurredAt, lastAt: tx.occurredAt };
        days.push(current);
      }
      current.spendMinor += tx.amountMinor;
      current.lastAt = tx.occurredAt;
      if (tx.orderId !== undefined && !dayOfOrder.has(tx.orderId)) dayOfOrder.set(tx.orderId, current);
    } else {
      refundCount += 1;
      refundedMinor += tx.amountMinor;
      const target = (tx.orderId !== undefined ? dayOfOrder.get(tx.orderId) : undefined) ?? days[days.length - 1];
      if (target !== undefined) target.refundedMinor += tx.amountMinor;
    }
  }

  const kept: PurchaseDay[] = [];
  for (const d of days) {
    const net = d.spendMinor - d.refundedMinor;
    if (d.refundedMinor > 0 && net <= 0) continue;
    kept.push({ day: d.day, spendMinor: Math.max(0, net), firstAt: d.firstAt, lastAt: d.lastAt });
  }
  return { days: kept, purchaseCount, refundCount, grossSpendMinor, refundedMinor };
}
