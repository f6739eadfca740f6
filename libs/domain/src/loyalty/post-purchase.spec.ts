import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_EARNING_RULE_BOOK, LAUNCH_EARNING_RULES } from './earning-rules';
import { DEFAULT_LOYALTY_POLICY } from './loyalty-policy';
import { EMPTY_LEDGER, customerLedger } from './loyalty-ledger';
import { type PurchaseEarning, postPurchase } from './post-purchase';
import { runUnlocks } from './unlock-run';

const t0 = Date.UTC(2026, 0, 10, 12);
const purchase: PurchaseEarning = {
  eventId: 'evt-1',
  customerId: 'c-1',
  orderId: 'o-1',
  occurredAt: t0,
  amountMinor: 10_000,
  currency: 'EUR',
  channel: 'store',
};

describe('postPurchase', () => {
  it('books each component as an issued line and locks the total in a new lot', () => {
    const outcome = postPurchase(EMPTY_LEDGER, purchase, DEFAULT_EARNING_RULE_BOOK);
    expect(outcome.status).toBe('posted');
    expect(outcome.entry.lines).toEqual([
      { account: 'issued', points: -100, memo: 'base' },
      { account: 'issued', points: -100, memo: 'milestone:1' },
      { account: 'locked', points: 200, lotId: 'purchase-event:evt-1' },
    ]);
    const customer = customerLedger(outcome.ledger, 'c-1');
    expect(customer.balances).toMatchObject({ available: 0, locked: 200, issued: -200 });
    expect(customer.lots.get('purchase-event:evt-1')).toMatchObject({
      earnedAt: t0,
      unlockAt: t0 + 7 * MS_PER_DAY,
      expiresAt: Date.UTC(2027, 0, 10, 12),
    });
  });

  it('unlocks the points when the return window ends, not before', () => {
    const ledger = postPurchase(EMPTY_LEDGER, purchase, DEFAULT_EARNING_RULE_BOOK).ledger;
    expect(runUnlocks(ledger, t0 + 7 * MS_PER_DAY - 1).entries).toEqual([]);
    const unlocked = runUnlocks(ledger, t0 + 7 * MS_PER_DAY);
    expect(customerLedger(unlocked.ledger, 'c-1').balances).toMatchObject({ available: 200, locked: 0 });
    expect(runUnlocks(unlocked.ledger, t0 + 30 * MS_PER_DAY).ledger).toBe(unlocked.ledger);
  });

  it('uses a configured return window', () => {
    const policy = { ...DEFAULT_LOYALTY_POLICY, returnWindowDays: 30 };
    const ledger = postPurchase(EMPTY_LEDGER, purchase, DEFAULT_EARNING_RULE_BOOK, policy).ledger;
    expect(customerLedger(ledger, 'c-1').lots.get('purchase-event:evt-1')?.unlockAt).toBe(t0 + 30 * MS_PER_DAY);
  });

  it('never posts the same event twice', () => {
    const first = postPurchase(EMPTY_LEDGER, purchase, DEFAULT_EARNING_RULE_BOOK);
    const again = postPurchase(first.ledger, { ...purchase, amountMinor: 99_999 }, DEFAULT_EARNING_RULE_BOOK);
    expect(again.status).toBe('duplicate');
    expect(again.ledger).toBe(first.ledger);
    expect(again.entry).toBe(first.entry);
  });

  it('counts the customer purchases for milestones', () => {
    let ledger = EMPTY_LEDGER;
    const milestones: string[] = [];
    for (let n = 1; n <= 5; n += 1) {
      const outcome = postPurchase(
        ledger,
        { ...purchase, eventId: `e${n}`, orderId: `o${n}`, occurredAt: t0 + n },
        DEFAULT_EARNING_RULE_BOOK,
      );
      milestones.push(outcome.entry.lines.flatMap((l) => (l.memo ? [l.memo] : [])).join(','));
      ledger = outcome.ledger;
    }
    expect(milestones).toEqual([
      'base,milestone:1',
      'base,milestone:2',
      'base,milestone:3',
      'base',
      'base,milestone:5',
    ]);
  });

  it('refuses a second earning for the same order, an unknown currency, and purchases before any rules', () => {
    const ledger = postPurchase(EMPTY_LEDGER, purchase, DEFAULT_EARNING_RULE_BOOK).ledger;
    const sameOrder = postPurchase(ledger, { ...purchase, eventId: 'evt-2' }, DEFAULT_EARNING_RULE_BOOK);
    expect(sameOrder).toMatchObject({ status: 'rejected', reason: 'order-already-earned' });
    expect(
      postPurchase(
        ledger,
        { ...purchase, eventId: 'evt-3', orderId: 'o-3', currency: 'XAU' },
        DEFAULT_EARNING_RULE_BOOK,
      ),
    ).toMatchObject({
      status: 'rejected',
      reason: 'unsupported-currency',
    });
    const early = { ...purchase, eventId: 'evt-4', orderId: 'o-4', occurredAt: LAUNCH_EARNING_RULES.effectiveFrom - 1 };
    expect(postPurchase(ledger, early, DEFAULT_EARNING_RULE_BOOK)).toMatchObject({
      status: 'rejected',
      reason: 'no-active-earning-rule',
    });
  });

  it('answers a replayed rejection with the original rejection', () => {
    const ledger = postPurchase(EMPTY_LEDGER, purchase, DEFAULT_EARNING_RULE_BOOK).ledger;
    const rejected = postPurchase(ledger, { ...purchase, eventId: 'evt-2' }, DEFAULT_EARNING_RULE_BOOK);
    const replayed = postPurchase(rejected.ledger, { ...purchase, eventId: 'evt-2' }, DEFAULT_EARNING_RULE_BOOK);
    expect(replayed.status).toBe('duplicate');
    expect(replayed.entry.details).toMatchObject({ kind: 'command-rejected', reason: 'order-already-earned' });
  });

  it('rejects malformed money as a programming error', () => {
    expect(() => postPurchase(EMPTY_LEDGER, { ...purchase, amountMinor: 12.5 }, DEFAULT_EARNING_RULE_BOOK)).toThrow(
      RangeError,
    );
    expect(() => postPurchase(EMPTY_LEDGER, { ...purchase, amountMinor: 0 }, DEFAULT_EARNING_RULE_BOOK)).toThrow(
      RangeError,
    );
  });
});
