import { adjustPoints } from './adjust-points';
import { DEFAULT_EARNING_RULE_BOOK } from './earning-rules';
import type { JournalEntry } from './journal-entry';
import { ledgerInvariantViolations } from './ledger-invariants';
import { EMPTY_LEDGER, type LoyaltyLedger, appendEntry, customerLedger, foldLedger } from './loyalty-ledger';
import { postPurchase } from './post-purchase';

const at = Date.UTC(2026, 5, 1);

function sampleLedger(): LoyaltyLedger {
  const purchase = {
    eventId: 'p-1',
    customerId: 'c-1',
    orderId: 'o-1',
    occurredAt: at,
    amountMinor: 5_000,
    currency: 'EUR',
  };
  const ledger = postPurchase(EMPTY_LEDGER, purchase, DEFAULT_EARNING_RULE_BOOK).ledger;
  return adjustPoints(ledger, {
    requestId: 'a-1',
    customerId: 'c-2',
    points: 40,
    reason: 'goodwill',
    operator: 'op-1',
    adjustedAt: at,
  }).ledger;
}

const entry = (lines: JournalEntry['lines'], key = 'x-1'): JournalEntry => ({
  key,
  customerId: 'c-1',
  postedAt: at,
  lines,
  details: { kind: 'points-adjusted', reason: 'test', operator: 'op-1' },
});

describe('ledger invariants', () => {
  it('holds for a ledger built by the posting functions, and the state is the fold of its entries', () => {
    const ledger = sampleLedger();
    expect(ledgerInvariantViolations(ledger)).toEqual([]);
    expect(foldLedger(ledger.entries)).toEqual(ledger);
  });

  it('refuses to append an unbalanced entry or a key twice', () => {
    expect(() => appendEntry(EMPTY_LEDGER, entry([{ account: 'available', points: 5 }]))).toThrow(/does not balance/);
    const balanced = entry([
      { account: 'adjustments', points: -5 },
      { account: 'recovery', points: 5 },
    ]);
    expect(() => appendEntry(appendEntry(EMPTY_LEDGER, balanced), balanced)).toThrow(/already posted/);
  });

  it('reports derived balances that differ from the entries', () => {
    const ledger = sampleLedger();
    const customer = customerLedger(ledger, 'c-1');
    const customers = new Map(ledger.customers).set('c-1', {
      ...customer,
      balances: { ...customer.balances, locked: 1 },
    });
    expect(ledgerInvariantViolations({ ...ledger, customers })).toEqual(
      expect.arrayContaining(['c-1: locked is 1, its entries sum to 150', 'c-1: accounts sum to -149, not 0']),
    );
  });

  it('reports tampered entries and balances of the wrong sign', () => {
    const ledger = sampleLedger();
    const forged = entry([
      { account: 'available', points: -1000 },
      { account: 'redeemed', points: 999 },
    ]);
    const tampered = { ...ledger, entries: [...ledger.entries, forged, forged] };
    expect(ledgerInvariantViolations(tampered)).toEqual(
      expect.arrayContaining([
        'entry x-1 does not balance',
        'entry x-1 is posted twice',
        'c-1: available is 0, its entries sum to -2000',
      ]),
    );
    const overdrawn = appendEntry(
      ledger,
      entry([
        { account: 'available', points: -10 },
        { account: 'redeemed', points: 10 },
      ]),
    );
    expect(ledgerInvariantViolations(overdrawn)).toContain('c-1: available is -10');
  });
});
