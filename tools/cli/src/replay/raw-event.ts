import { type InteractionEventV1, type PurchaseEventV1, Topics } from '@churn/contracts';

/** One record for an upstream topic, as an upstream system would publish it. */
export type RawEvent =
  | { readonly topic: typeof Topics.purchasesRaw; readonly occurredAt: number; readonly value: PurchaseEventV1 }
  | { readonly topic: typeof Topics.interactionsRaw; readonly occurredAt: number; readonly value: InteractionEventV1 };

/** Oldest first; ties keep their order, so a refund never overtakes the purchase it names. */
export function inTimeOrder<T extends { occurredAt: number }>(events: T[]): T[] {
  return events.sort((a, b) => a.occurredAt - b.occurredAt);
}
