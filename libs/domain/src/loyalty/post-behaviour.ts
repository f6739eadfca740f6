import { type EarningRuleBook, activeRuleVersion } from './earning-rules';
import type { BehaviourKind, JournalEntry } from './journal-entry';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import { type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { creditAvailableLines } from './lot-movements';
import { nonZeroLines, post, previousOutcome, reject } from './post-command';
import type { PostingOutcome } from './posting-outcome';
import { addUtcMonths } from './utc-calendar';

/** A rewarded behaviour from interactions.v1 (a review) or the referral programme. */
export interface BehaviourEarning {
  readonly eventId: string;
  readonly customerId: string;
  readonly behaviour: BehaviourKind;
  readonly occurredAt: number;
}

export function behaviourKey(eventId: string): string {
  return `interaction-event:${eventId}`;
}

/** Behaviour points are available at once: there is nothing to return. */
export function postBehaviour(
  ledger: LoyaltyLedger,
  behaviour: BehaviourEarning,
  rules: EarningRuleBook,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): PostingOutcome {
  const key = behaviourKey(behaviour.eventId);
  const seen = previousOutcome(ledger, key);
  if (seen) return seen;
  const version = activeRuleVersion(rules, behaviour.occurredAt);
  if (!version) {
    return reject(
      ledger,
      { key, customerId: behaviour.customerId, at: behaviour.occurredAt, kind: 'behaviour' },
      'no-active-earning-rule',
    );
  }
  const points = version.behaviourPoints[behaviour.behaviour];
  const customer = customerLedger(ledger, behaviour.customerId);
  const entry: JournalEntry = {
    key,
    customerId: behaviour.customerId,
    postedAt: behaviour.occurredAt,
    lines: nonZeroLines([
      { account: 'issued', points: -points, memo: behaviour.behaviour },
      ...creditAvailableLines(customer, key, points),
    ]),
    details: {
      kind: 'behaviour-earned',
      behaviour: behaviour.behaviour,
      ruleVersion: version.version,
      lot: { earnedAt: behaviour.occurredAt, expiresAt: addUtcMonths(behaviour.occurredAt, policy.expiryMonths) },
    },
  };
  return post(ledger, entry);
}
