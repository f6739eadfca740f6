export type TransactionType = 'purchase' | 'refund';

/**
 * One money movement of a customer, as the domain sees it.
 *
 * - `occurredAt` is a UTC instant in epoch milliseconds (a number, not a Date, so that a million
 *   of them cost no allocations and compare with `<`).
 * - `amountMinor` is the non-negative magnitude in integer minor units; `type` gives the direction
 *   (a refund of 5.00 USD is `{ type: 'refund', amountMinor: 500 }`).
 * - `orderId` lets a refund name the purchase it reverses (see summary/refund-attribution.ts).
 */
export interface Transaction {
  readonly customerId: string;
  readonly occurredAt: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly type: TransactionType;
  readonly orderId?: string;
}
