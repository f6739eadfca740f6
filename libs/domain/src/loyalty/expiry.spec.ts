import { MS_PER_DAY } from '../time/time-unit';
import { adjustPoints } from './adjust-points';
import { expiryNotices } from './expiry-notices';
import { runExpiry } from './expiry-run';
import { EMPTY_LEDGER, type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { redeemPoints } from './redeem-points';

const jan = Date.UTC(2026, 0, 15);
const feb = Date.UTC(2026, 1, 15);

function lots(): LoyaltyLedger {
  const credit = { customerId: 'c-1', reason: 'goodwill', operator: 'op-7' };
  const first = adjustPoints(EMPTY_LEDGER, { ...credit, requestId: 'jan', points: 300, adjustedAt: jan }).ledger;
  return adjustPoints(first, { ...credit, requestId: 'feb', points: 500, adjustedAt: feb }).ledger;
}

describe('runExpiry', () => {
  it('lapses what is left of each lot 12 months after it was earned', () => {
    const ledger = redeemPoints(lots(), { requestId: 'q-1', customerId: 'c-1', points: 100, requestedAt: feb }).ledger;
    expect(runExpiry(ledger, Date.UTC(2027, 0, 15) - 1).entries).toEqual([]);
    const run = runExpiry(ledger, Date.UTC(2027, 0, 15));
    expect(run.entries.map((e) => e.lines)).toEqual([
      [
        { account: 'available', points: -200, lotId: 'adjustment:jan' },
        { account: 'expired', points: 200, lotId: 'adjustment:jan' },
      ],
    ]);
    expect(customerLedger(run.ledger, 'c-1').balances).toMatchObject({ available: 500, expired: 200 });
  });

  it('lapses nothing of a lot that FIFO redemptions used up', () => {
    const ledger = redeemPoints(lots(), { requestId: 'q-1', customerId: 'c-1', points: 300, requestedAt: feb }).ledger;
    expect(runExpiry(ledger, Date.UTC(2027, 0, 20)).entries).toEqual([]);
  });

  it('is a pure function of ledger and time that never lapses a lot twice', () => {
    const once = runExpiry(lots(), Date.UTC(2027, 2, 1));
    expect(once.entries).toHaveLength(2);
    expect(runExpiry(once.ledger, Date.UTC(2027, 2, 1)).ledger).toBe(once.ledger);
    expect(runExpiry(once.ledger, Date.UTC(2028, 0, 1)).entries).toEqual([]);
  });
});

describe('expiryNotices', () => {
  it('lists lots with points left that lapse within the notice period', () => {
    const expiresAt = Date.UTC(2027, 0, 15);
    expect(expiryNotices(lots(), expiresAt - 31 * MS_PER_DAY)).toEqual([]);
    expect(expiryNotices(lots(), expiresAt - 30 * MS_PER_DAY)).toEqual([
      { noticeKey: 'expiry-notice:adjustment:jan', customerId: 'c-1', lotId: 'adjustment:jan', points: 300, expiresAt },
    ]);
    expect(expiryNotices(runExpiry(lots(), expiresAt).ledger, expiresAt)).toEqual([]);
  });
});
