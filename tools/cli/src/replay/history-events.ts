import { Topics, formatMinorAsAmount } from '@churn/contracts';
import { type Transaction } from '@churn/domain';
import { type RawEvent, inTimeOrder } from './raw-event';

export interface HistoryEventOptions {
  /** Prefix of event and order ids. The same file with the same run id gives the same ids, so a
   * second replay is deduplicated by ingestion instead of counted twice. */
  readonly runId: string;
  /** Moves the whole history in time so that its last transaction happens at this instant
   * (a 1998 export then looks like last year's customers to live scoring). */
  readonly endAt?: number;
}

/**
 * A transaction history (CSV rows as the CLI reads them) as raw purchase events, oldest first.
 * Rows with a zero amount (CDNOW has some) have no event: the contract requires amount > 0.
 */
export function historyEvents(transactions: readonly Transaction[], options: HistoryEventOptions): RawEvent[] {
  const last = transactions.reduce((max, t) => Math.max(max, t.occurredAt), Number.NEGATIVE_INFINITY);
  const shift = options.endAt === undefined || transactions.length === 0 ? 0 : options.endAt - last;
  const events = transactions.flatMap((t, index): RawEvent[] => {
    if (t.amountMinor <= 0) return [];
    const occurredAt = t.occurredAt + shift;
    const event: RawEvent = {
      topic: Topics.purchasesRaw,
      occurredAt,
      value: {
        eventId: `${options.runId}-${index}`,
        type: t.type,
        customerId: t.customerId,
        orderId: t.orderId ?? `${options.runId}-o${index}`,
        occurredAt: new Date(occurredAt).toISOString(),
        amount: formatMinorAsAmount(t.amountMinor, t.currency),
        currency: t.currency,
      },
    };
    return [event];
  });
  return inTimeOrder(events);
}
