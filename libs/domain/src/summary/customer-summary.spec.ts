import { MS_PER_DAY } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { summarizeCustomer, summarizeCustomers } from './customer-summary';

const day0 = Date.UTC(2024, 0, 1);
const at = (day: number, hour = 12): number => day0 + day * MS_PER_DAY + hour * 3_600_000;
const buy = (day: number, amountMinor: number, extra: Partial<Transaction> = {}): Transaction => ({
  customerId: 'c1',
  occurredAt: at(day),
  amountMinor,
  currency: 'EUR',
  type: 'purchase',
  ...extra,
});
const refund = (day: number, amountMinor: number, orderId?: string): Transaction => ({
  customerId: 'c1',
  occurredAt: at(day, 18),
  amountMinor,
  currency: 'EUR',
  type: 'refund',
  ...(orderId !== undefined ? { orderId } : {}),
});
const asOfDay = (day: number): number => day0 + day * MS_PER_DAY;

describe('summarizeCustomer', () => {
  it('merges same-day purchases and counts repeat purchase days', () => {
    const s = summarizeCustomer(
      'c1',
      [buy(0, 100), buy(0, 50, { occurredAt: at(0, 20) }), buy(7, 300), buy(14, 200), buy(14, 100)],
      {
        asOf: asOfDay(28),
        timeUnit: 'day',
      },
    );
    expect(s?.frequency).toBe(2);
    expect(s?.purchaseDays).toBe(3);
    expect(s?.purchaseCount).toBe(5);
    expect(s?.recency).toBe(14);
    expect(s?.T).toBe(28);
    // Mean of the repeat days (300 and 300), the first day (150) excluded.
    expect(s?.monetary).toBe(300);
    expect(s?.grossSpendMinor).toBe(750);
    expect(s?.daysSinceLastPurchase).toBe(14);
    expect(s?.firstPurchaseAt).toBe(at(0));
    expect(s?.lastPurchaseAt).toBe(at(14));
  });

  it('measures weeks as days / 7 and includes the whole as-of day', () => {
    const s = summarizeCustomer('c1', [buy(0, 100), buy(10, 100), buy(21, 100, { occurredAt: at(21, 23) })], {
      asOf: asOfDay(21),
      timeUnit: 'week',
    });
    expect(s?.frequency).toBe(2);
    expect(s?.recency).toBeCloseTo(3, 12);
    expect(s?.T).toBeCloseTo(3, 12);
  });

  it('ignores transactions after the as-of day and customers with no purchase yet', () => {
    const s = summarizeCustomer('c1', [buy(0, 100), buy(40, 999)], { asOf: asOfDay(30), timeUnit: 'day' });
    expect(s?.frequency).toBe(0);
    expect(s?.grossSpendMinor).toBe(100);
    expect(summarizeCustomer('c1', [buy(40, 999)], { asOf: asOfDay(30), timeUnit: 'day' })).toBeUndefined();
  });

  it('nets a refund against the day of the order it names', () => {
    const s = summarizeCustomer(
      'c1',
      [buy(0, 100), buy(5, 400, { orderId: 'o5' }), buy(9, 200), refund(12, 150, 'o5')],
      {
        asOf: asOfDay(20),
        timeUnit: 'day',
      },
    );
    expect(s?.frequency).toBe(2);
    expect(s?.monetary).toBe((400 - 150 + 200) / 2);
    expect(s?.netSpendMinor).toBe(700 - 150);
    expect(s?.refundedMinor).toBe(150);
    expect(s?.refundCount).toBe(1);
  });

  it('nets a refund without an order against the latest purchase day before it', () => {
    const s = summarizeCustomer('c1', [buy(0, 100), buy(5, 400), refund(6, 100), buy(9, 200)], {
      asOf: asOfDay(20),
      timeUnit: 'day',
    });
    expect(s?.monetary).toBe((300 + 200) / 2);
  });

  it('drops a fully refunded purchase day from frequency and recency', () => {
    const s = summarizeCustomer('c1', [buy(0, 100), buy(5, 400, { orderId: 'o5' }), refund(8, 400, 'o5')], {
      asOf: asOfDay(20),
      timeUnit: 'day',
    });
    expect(s?.frequency).toBe(0);
    expect(s?.recency).toBe(0);
    expect(s?.netSpendMinor).toBe(100);
  });

  it('rejects mixed currencies, fractional and negative amounts', () => {
    const opts = { asOf: asOfDay(20), timeUnit: 'day' as const };
    expect(() => summarizeCustomer('c1', [buy(0, 100), buy(1, 100, { currency: 'USD' })], opts)).toThrow(RangeError);
    expect(() => summarizeCustomer('c1', [buy(0, 10.5)], opts)).toThrow(RangeError);
    expect(() => summarizeCustomer('c1', [buy(0, -10)], opts)).toThrow(RangeError);
  });
});

describe('summarizeCustomers', () => {
  it('groups an unordered log by customer', () => {
    const log: Transaction[] = [
      buy(9, 100),
      buy(0, 100, { customerId: 'c2' }),
      buy(0, 100),
      buy(3, 50, { customerId: 'c2' }),
    ];
    const summaries = summarizeCustomers(log, { asOf: asOfDay(10), timeUnit: 'day' });
    expect(summaries.map((s) => [s.customerId, s.frequency, s.recency])).toEqual([
      ['c1', 1, 9],
      ['c2', 1, 3],
    ]);
  });
});
