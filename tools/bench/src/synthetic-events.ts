import { randomUUID } from 'node:crypto';

/** A plausible raw purchase event (v1 contract), unique per call; about 260 bytes of JSON. */
export function syntheticPurchase(sequence: number, runId: string): Record<string, unknown> {
  const customer = sequence % 50_000;
  return {
    eventId: `${runId}-${sequence}-${randomUUID().slice(0, 8)}`,
    type: 'purchase',
    customerId: `cust-${customer.toString().padStart(6, '0')}`,
    orderId: `ord-${runId}-${sequence}`,
    occurredAt: new Date(Date.now() - (sequence % 86_400) * 1000).toISOString(),
    amount: `${10 + (sequence % 490)}.${(sequence % 100).toString().padStart(2, '0')}`,
    currency: 'EUR',
    channel: (['online', 'store', 'app', 'partner'] as const)[sequence % 4],
  };
}

export function syntheticBatch(start: number, size: number, runId: string): Record<string, unknown>[] {
  return Array.from({ length: size }, (_, i) => syntheticPurchase(start + i, runId));
}
