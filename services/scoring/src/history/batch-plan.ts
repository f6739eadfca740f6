import type { PurchaseV1 } from '@churn/contracts';

export interface RejectedEvent {
  event: PurchaseV1;
  reason: string;
}

export interface BatchPlan {
  /** Events to apply, per customer, in the order they were consumed. */
  byCustomer: Map<string, PurchaseV1[]>;
  /** New events that cannot be applied; they are recorded as processed and dead-lettered. */
  rejected: RejectedEvent[];
}

/**
 * Decides what a consumed batch changes: only events that were new to the processed-events
 * record (`fresh`), each once, grouped by customer. An event in another currency than the
 * customer's (known from storage, or set by their first event in this batch) is rejected: the
 * models do no currency conversion, and mixing would corrupt every later score of the customer.
 */
export function planBatch(events: readonly PurchaseV1[], fresh: ReadonlySet<string>, knownCurrencies: ReadonlyMap<string, string>): BatchPlan {
  const byCustomer = new Map<string, PurchaseV1[]>();
  const rejected: RejectedEvent[] = [];
  const currencies = new Map(knownCurrencies);
  const planned = new Set<string>();
  for (const event of events) {
    if (!fresh.has(event.eventId) || planned.has(event.eventId)) continue;
    planned.add(event.eventId);
    const currency = currencies.get(event.customerId);
    if (currency !== undefined && currency !== event.currency) {
      rejected.push({ event, reason: `customer history is in ${currency}; this ${event.type} is in ${event.currency}` });
      continue;
    }
    currencies.set(event.customerId, event.currency);
    const list = byCustomer.get(event.customerId);
    if (list) list.push(event);
    else byCustomer.set(event.customerId, [event]);
  }
  return { byCustomer, rejected };
}
