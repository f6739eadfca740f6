import { type PointsAdjustment, adjustPoints } from './adjust-points';
import { EMPTY_LEDGER, customerLedger } from './loyalty-ledger';

const credit: PointsAdjustment = {
  requestId: 'a-1',
  customerId: 'c-1',
  points: 250,
  reason: 'dispute #12: double points after a late delivery',
  operator: 'op-7',
  adjustedAt: Date.UTC(2026, 4, 2),
};

describe('adjustPoints', () => {
  it('credits an available lot against the adjustments account, recording reason and operator', () => {
    const outcome = adjustPoints(EMPTY_LEDGER, credit);
    expect(outcome.entry.lines).toEqual([
      { account: 'adjustments', points: -250, memo: credit.reason },
      { account: 'available', points: 250, lotId: 'adjustment:a-1' },
    ]);
    expect(outcome.entry.details).toMatchObject({ kind: 'points-adjusted', reason: credit.reason, operator: 'op-7' });
    expect(customerLedger(outcome.ledger, 'c-1').lots.get('adjustment:a-1')?.expiresAt).toBe(Date.UTC(2027, 4, 2));
  });

  it('debits available points and refuses a debit beyond them', () => {
    const ledger = adjustPoints(EMPTY_LEDGER, credit).ledger;
    const debit = adjustPoints(ledger, { ...credit, requestId: 'a-2', points: -100 });
    expect(customerLedger(debit.ledger, 'c-1').balances).toMatchObject({ available: 150, adjustments: -150 });
    expect(adjustPoints(ledger, { ...credit, requestId: 'a-3', points: -251 })).toMatchObject({
      status: 'rejected',
      reason: 'insufficient-balance',
    });
  });

  it('is idempotent by request id', () => {
    const first = adjustPoints(EMPTY_LEDGER, credit);
    expect(adjustPoints(first.ledger, credit)).toMatchObject({ status: 'duplicate', ledger: first.ledger });
  });

  it('requires a reason, an operator and a non-zero integer', () => {
    expect(() => adjustPoints(EMPTY_LEDGER, { ...credit, reason: ' ' })).toThrow(RangeError);
    expect(() => adjustPoints(EMPTY_LEDGER, { ...credit, operator: '' })).toThrow(RangeError);
    expect(() => adjustPoints(EMPTY_LEDGER, { ...credit, points: 0 })).toThrow(RangeError);
  });
});
