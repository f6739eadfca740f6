import { normalizePurchase } from '@churn/contracts';
import { type Transaction } from '@churn/domain';
import { historyEvents } from './history-events';

const rows: Transaction[] = [
  { customerId: 'c2', occurredAt: Date.UTC(1997, 2, 1), amountMinor: 1_999, currency: 'USD', type: 'purchase' },
  {
    customerId: 'c1',
    occurredAt: Date.UTC(1997, 0, 1),
    amountMinor: 500,
    currency: 'USD',
    type: 'purchase',
    orderId: 'o-1',
  },
  {
    customerId: 'c1',
    occurredAt: Date.UTC(1997, 0, 3),
    amountMinor: 250,
    currency: 'USD',
    type: 'refund',
    orderId: 'o-1',
  },
];

describe('historyEvents', () => {
  it('turns rows into contract purchase events, oldest first, with ids stable across runs', () => {
    const events = historyEvents(rows, { runId: 'replay-x' });
    expect(events.map((e) => e.value)).toEqual([
      {
        eventId: 'replay-x-1',
        type: 'purchase',
        customerId: 'c1',
        orderId: 'o-1',
        occurredAt: '1997-01-01T00:00:00.000Z',
        amount: '5.00',
        currency: 'USD',
      },
      {
        eventId: 'replay-x-2',
        type: 'refund',
        customerId: 'c1',
        orderId: 'o-1',
        occurredAt: '1997-01-03T00:00:00.000Z',
        amount: '2.50',
        currency: 'USD',
      },
      {
        eventId: 'replay-x-0',
        type: 'purchase',
        customerId: 'c2',
        orderId: 'replay-x-o0',
        occurredAt: '1997-03-01T00:00:00.000Z',
        amount: '19.99',
        currency: 'USD',
      },
    ]);
    expect(historyEvents(rows, { runId: 'replay-x' })).toEqual(events);
  });

  it('moves the history so that its last event happens at endAt, keeping every gap', () => {
    const endAt = Date.UTC(2026, 10, 24, 12);
    const events = historyEvents(rows, { runId: 'r', endAt });
    expect(events.map((e) => e.occurredAt)).toEqual([
      endAt - (Date.UTC(1997, 2, 1) - Date.UTC(1997, 0, 1)),
      endAt - (Date.UTC(1997, 2, 1) - Date.UTC(1997, 0, 3)),
      endAt,
    ]);
    for (const e of events) expect(normalizePurchase(e.value, new Date(endAt))).toMatchObject({ ok: true });
  });
});

describe('historyEvents on zero amounts', () => {
  it('leaves out rows the contract cannot carry, keeping the ids of the others', () => {
    const events = historyEvents([{ ...rows[0], amountMinor: 0 }, rows[1]], { runId: 'z' });
    expect(events.map((e) => e.value.eventId)).toEqual(['z-1']);
  });
});
