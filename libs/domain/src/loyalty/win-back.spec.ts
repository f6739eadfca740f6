import { MS_PER_DAY } from '../time/time-unit';
import { EMPTY_LEDGER, customerLedger } from './loyalty-ledger';
import { ledgerInvariantViolations } from './ledger-invariants';
import { qualifyingPoints } from './tier-review';
import { type WinBackTrigger, postWinBack } from './win-back';

const rule = { points: 300, cooldownDays: 30 };
const alert: WinBackTrigger = { eventId: 'a-1', alertId: 'al-1', customerId: 'c-1', occurredAt: Date.UTC(2026, 3, 1) };

describe('postWinBack', () => {
  it('grants the bonus available at once, as goodwill that does not count towards the tier', () => {
    const outcome = postWinBack(EMPTY_LEDGER, alert, rule);
    expect(outcome.status).toBe('posted');
    const customer = customerLedger(outcome.ledger, 'c-1');
    expect(customer.balances).toMatchObject({ available: 300, adjustments: -300, issued: 0 });
    expect(qualifyingPoints(customer, alert.occurredAt)).toBe(0);
    expect(ledgerInvariantViolations(outcome.ledger)).toEqual([]);
  });

  it('grants at most once per cooldown, and again once it has passed', () => {
    const first = postWinBack(EMPTY_LEDGER, alert, rule).ledger;
    const tooSoon = postWinBack(
      first,
      { ...alert, eventId: 'a-2', occurredAt: alert.occurredAt + 29 * MS_PER_DAY },
      rule,
    );
    expect(tooSoon).toMatchObject({ status: 'rejected', reason: 'win-back-cooldown' });
    const later = postWinBack(
      tooSoon.ledger,
      { ...alert, eventId: 'a-3', occurredAt: alert.occurredAt + 30 * MS_PER_DAY },
      rule,
    );
    expect(later.status).toBe('posted');
    expect(customerLedger(later.ledger, 'c-1').balances.available).toBe(600);
  });

  it('answers a replayed alert with its first outcome', () => {
    const first = postWinBack(EMPTY_LEDGER, alert, rule);
    expect(postWinBack(first.ledger, alert, rule)).toMatchObject({ status: 'duplicate', ledger: first.ledger });
  });
});
