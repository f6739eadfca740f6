import type { PurchaseV1 } from '@churn/contracts';
import { type Transaction, seededRandom } from '@churn/domain';

const DAY_MS = 86_400_000;

/**
 * A purchase history with the shape the value models describe: customers join over a year, buy
 * at their own rate and drop out after some purchase, so a fit has both repeat buyers and churn.
 * Some orders are refunded (one customer's only order entirely, so they have no score).
 */
export function simulatePopulation(prefix: string, customers: number, now: number, seed = 7): PurchaseV1[] {
  const random = seededRandom(seed);
  const events: PurchaseV1[] = [];
  const ingestedAt = new Date(now).toISOString();
  for (let c = 0; c < customers; c++) {
    const customerId = `${prefix}-c${String(c).padStart(3, '0')}`;
    const ratePerDay = 0.01 + random() * 0.08;
    const dropout = 0.1 + random() * 0.4;
    let at = now - (30 + Math.floor(random() * 330)) * DAY_MS;
    for (let n = 0; at < now - DAY_MS; n++) {
      const orderId = `${customerId}-o${n}`;
      const amountMinor = 1_000 + Math.floor(random() * 19_000);
      events.push({ eventId: `${orderId}-p`, type: 'purchase', customerId, orderId, occurredAt: new Date(at).toISOString(), amountMinor, currency: 'EUR', ingestedAt });
      if (c === 0 || random() < 0.08) {
        events.push({ eventId: `${orderId}-r`, type: 'refund', customerId, orderId, occurredAt: new Date(at + 3_600_000).toISOString(), amountMinor, currency: 'EUR', ingestedAt });
      }
      if (c === 0 || random() < dropout) break;
      at += Math.ceil(-Math.log(1 - random()) / ratePerDay) * DAY_MS;
    }
  }
  return events;
}

export function toTransaction(event: PurchaseV1): Transaction {
  return { customerId: event.customerId, occurredAt: Date.parse(event.occurredAt), amountMinor: event.amountMinor, currency: event.currency, type: event.type, orderId: event.orderId };
}
