import { assertMinorUnits } from '../money/minor-units';
import type { JournalEntry, JournalLine } from './journal-entry';
import { type LoyaltyLedger, type OrderEarning, customerLedger } from './loyalty-ledger';
import { debitAvailableFifo } from './lot-movements';
import { nonZeroLines, post, previousOutcome, reject } from './post-command';
import { purchaseStreamKey } from './post-purchase';
import type { PostingOutcome } from './posting-outcome';

/** A normalized refund: it names the order it refunds. */
export interface RefundReversal {
  readonly eventId: string;
  readonly customerId: string;
  readonly orderId: string;
  readonly occurredAt: number;
  readonly amountMinor: number;
  readonly currency: string;
}

/**
 * Points to reverse for refunding `refundedMinor` more of an order. Proportional, computed on the
 * cumulative refunded amount (floor(points x refunded so far / amount) minus what was already
 * reversed) so that partial refunds never drift and a full refund reverses exactly the order's
 * points.
 */
export function pointsToReverse(order: OrderEarning, refundedMinor: number): number {
  const refundedSoFar = order.refundedMinor + refundedMinor;
  return Math.floor((order.points * refundedSoFar) / order.amountMinor) - order.reversedPoints;
}

/**
 * Reverses the points of the refunded amount, in or after the return window. The points come
 * back from where they are: still locked in the order's lot, then available in that lot, then
 * out of `expired` if the lot lapsed (those points were never spent, so the customer owes
 * nothing for them), then from the customer's other available lots (FIFO). Whatever the customer
 * has already spent is booked in `recovery`: the only way a balance goes negative.
 * A refund above the order's remaining amount reverses up to the order's amount.
 */
export function postRefund(ledger: LoyaltyLedger, refund: RefundReversal): PostingOutcome {
  const key = purchaseStreamKey(refund.eventId);
  const seen = previousOutcome(ledger, key);
  if (seen) return seen;
  assertMinorUnits(refund.amountMinor, 'refund amount');
  if (refund.amountMinor <= 0) throw new RangeError(`refund amount must be positive, got ${refund.amountMinor}`);

  const command = { key, customerId: refund.customerId, at: refund.occurredAt, kind: 'refund' as const };
  const customer = customerLedger(ledger, refund.customerId);
  const order = customer.orders.get(refund.orderId);
  if (!order) return reject(ledger, command, 'unknown-order');
  if (order.currency !== refund.currency) return reject(ledger, command, 'currency-mismatch');
  const refundable = order.amountMinor - order.refundedMinor;
  if (refundable === 0) return reject(ledger, command, 'order-fully-refunded');

  const refundedMinor = Math.min(refund.amountMinor, refundable);
  const reversal = pointsToReverse(order, refundedMinor);
  const lot = customer.lots.get(order.lotId);
  const fromLocked = Math.min(reversal, lot?.locked ?? 0);
  const fromLotAvailable = Math.min(reversal - fromLocked, lot?.available ?? 0);
  const fromExpired = Math.min(reversal - fromLocked - fromLotAvailable, lot?.expired ?? 0);
  const elsewhere = debitAvailableFifo(customer, reversal - fromLocked - fromLotAvailable - fromExpired, order.lotId);
  const lines: JournalLine[] = [
    { account: 'locked', points: -fromLocked, lotId: order.lotId },
    { account: 'available', points: -fromLotAvailable, lotId: order.lotId },
    { account: 'expired', points: -fromExpired, lotId: order.lotId },
    ...elsewhere.lines,
    { account: 'recovery', points: -elsewhere.shortfall, memo: 'points already spent' },
    { account: 'issued', points: reversal, memo: 'refund reversal' },
  ];
  const entry: JournalEntry = {
    key,
    customerId: refund.customerId,
    postedAt: refund.occurredAt,
    lines: nonZeroLines(lines),
    details: { kind: 'refund-reversed', orderId: refund.orderId, refundedMinor, currency: refund.currency },
  };
  return post(ledger, entry);
}
