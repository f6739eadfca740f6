/** A normalized purchases.v1 record for the loyalty bench: amounts vary, every 10th order is partly refunded. */
export function loyaltyPurchase(runId: string, sequence: number, customer: string, occurredAt: number): string {
  return JSON.stringify({
    eventId: `${runId}-${sequence}`,
    type: 'purchase',
    customerId: customer,
    orderId: `o-${runId}-${sequence}`,
    occurredAt: new Date(occurredAt).toISOString(),
    amountMinor: 1_000 + ((sequence * 7919) % 40_000),
    currency: 'EUR',
    channel: 'online',
    ingestedAt: new Date().toISOString(),
  });
}

export function loyaltyRefund(runId: string, sequence: number, customer: string, occurredAt: number): string {
  return JSON.stringify({
    eventId: `${runId}-${sequence}-r`,
    type: 'refund',
    customerId: customer,
    orderId: `o-${runId}-${sequence}`,
    occurredAt: new Date(occurredAt + 3_600_000).toISOString(),
    amountMinor: 500,
    currency: 'EUR',
    ingestedAt: new Date().toISOString(),
  });
}
