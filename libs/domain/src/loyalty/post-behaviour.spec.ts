import { DEFAULT_EARNING_RULE_BOOK } from './earning-rules';
import { EMPTY_LEDGER, customerLedger } from './loyalty-ledger';
import { type BehaviourEarning, postBehaviour } from './post-behaviour';

const review: BehaviourEarning = {
  eventId: 'i-1',
  customerId: 'c-1',
  behaviour: 'review',
  occurredAt: Date.UTC(2026, 3, 1),
};

describe('postBehaviour', () => {
  it('earns 50 points for a review and 200 for a referral, available at once', () => {
    let ledger = postBehaviour(EMPTY_LEDGER, review, DEFAULT_EARNING_RULE_BOOK).ledger;
    ledger = postBehaviour(
      ledger,
      { ...review, eventId: 'i-2', behaviour: 'referral' },
      DEFAULT_EARNING_RULE_BOOK,
    ).ledger;
    expect(customerLedger(ledger, 'c-1').balances).toMatchObject({ available: 250, issued: -250, locked: 0 });
  });

  it('never rewards the same interaction twice', () => {
    const first = postBehaviour(EMPTY_LEDGER, review, DEFAULT_EARNING_RULE_BOOK);
    expect(postBehaviour(first.ledger, review, DEFAULT_EARNING_RULE_BOOK)).toMatchObject({
      status: 'duplicate',
      ledger: first.ledger,
    });
  });

  it('refuses behaviour before any earning rules applied', () => {
    const early = { ...review, occurredAt: Date.UTC(2019, 0, 1) };
    expect(postBehaviour(EMPTY_LEDGER, early, DEFAULT_EARNING_RULE_BOOK)).toMatchObject({
      status: 'rejected',
      reason: 'no-active-earning-rule',
    });
  });
});
