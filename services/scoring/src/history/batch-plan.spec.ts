import type { PurchaseV1 } from '@churn/contracts';
import { planBatch } from './batch-plan';

const event = (eventId: string, customerId: string, currency = 'EUR'): PurchaseV1 => ({
  eventId,
  type: 'purchase',
  customerId,
  orderId: `o-${eventId}`,
  occurredAt: '2026-01-01T00:00:00.000Z',
  amountMinor: 100,
  currency,
  ingestedAt: '2026-01-01T00:00:01.000Z',
});

describe('planBatch', () => {
  it('groups new events by customer in consumed order', () => {
    const events = [event('1', 'a'), event('2', 'b'), event('3', 'a')];
    const plan = planBatch(events, new Set(['1', '2', '3']), new Map());
    expect([...plan.byCustomer.entries()].map(([c, es]) => [c, es.map((e) => e.eventId)])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
    expect(plan.rejected).toEqual([]);
  });

  it('skips events processed before and repeats within the batch', () => {
    const plan = planBatch([event('1', 'a'), event('2', 'a'), event('2', 'a')], new Set(['2']), new Map());
    expect(plan.byCustomer.get('a')!.map((e) => e.eventId)).toEqual(['2']);
  });

  it('rejects an event in another currency than the stored history or the first event of the batch', () => {
    const plan = planBatch([event('1', 'a', 'USD'), event('2', 'b', 'USD'), event('3', 'b', 'EUR')], new Set(['1', '2', '3']), new Map([['a', 'EUR']]));
    expect(plan.rejected.map((r) => [r.event.eventId, r.reason])).toEqual([
      ['1', 'customer history is in EUR; this purchase is in USD'],
      ['3', 'customer history is in USD; this purchase is in EUR'],
    ]);
    expect([...plan.byCustomer.keys()]).toEqual(['b']);
  });

  it('plans nothing for an empty or fully replayed batch', () => {
    expect(planBatch([event('1', 'a')], new Set(), new Map()).byCustomer.size).toBe(0);
    expect(planBatch([], new Set(), new Map()).byCustomer.size).toBe(0);
  });
});
