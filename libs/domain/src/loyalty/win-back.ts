import { MS_PER_DAY } from '../time/time-unit';
import type { JournalEntry } from './journal-entry';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import { type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { creditAvailableLines } from './lot-movements';
import { nonZeroLines, post, previousOutcome, reject } from './post-command';
import type { PostingOutcome } from './posting-outcome';
import { addUtcMonths } from './utc-calendar';

/** The optional win-back rule: bonus points when alerting opens a high-risk alert. */
export interface WinBackRule {
  readonly points: number;
  /** At most one grant per customer within this many days. */
  readonly cooldownDays: number;
}

export const DEFAULT_WIN_BACK_RULE: WinBackRule = { points: 250, cooldownDays: 90 };

/** An opened high-risk alert (alerts.v1); the caller filters the other alert events out. */
export interface WinBackTrigger {
  readonly eventId: string;
  readonly alertId: string;
  readonly customerId: string;
  readonly occurredAt: number;
}

export function winBackKey(eventId: string): string {
  return `alert-event:${eventId}`;
}

/** When the customer last received a win-back bonus, if ever. */
export function lastWinBackAt(ledger: LoyaltyLedger, customerId: string): number | undefined {
  let last: number | undefined;
  for (const entry of customerLedger(ledger, customerId).entries) {
    if (entry.details.kind === 'win-back-granted' && (last === undefined || entry.postedAt > last))
      last = entry.postedAt;
  }
  return last;
}

/**
 * Grants the win-back bonus into a lot of its own, available at once (repaying recovery first),
 * booked against `adjustments`: it is goodwill, so it neither counts as issued loyalty points nor
 * raises the tier. A second high-risk alert within the cooldown is refused and recorded, so a
 * replay of the alert gets the same answer.
 */
export function postWinBack(
  ledger: LoyaltyLedger,
  trigger: WinBackTrigger,
  rule: WinBackRule = DEFAULT_WIN_BACK_RULE,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): PostingOutcome {
  const key = winBackKey(trigger.eventId);
  const seen = previousOutcome(ledger, key);
  if (seen) return seen;
  if (!Number.isSafeInteger(rule.points) || rule.points <= 0 || !(rule.cooldownDays >= 0)) {
    throw new RangeError('a win-back rule needs positive whole points and a non-negative cooldown');
  }
  const last = lastWinBackAt(ledger, trigger.customerId);
  if (last !== undefined && trigger.occurredAt < last + rule.cooldownDays * MS_PER_DAY) {
    return reject(
      ledger,
      { key, customerId: trigger.customerId, at: trigger.occurredAt, kind: 'win-back' },
      'win-back-cooldown',
    );
  }
  const customer = customerLedger(ledger, trigger.customerId);
  const entry: JournalEntry = {
    key,
    customerId: trigger.customerId,
    postedAt: trigger.occurredAt,
    lines: nonZeroLines([
      { account: 'adjustments', points: -rule.points, memo: 'win-back' },
      ...creditAvailableLines(customer, key, rule.points),
    ]),
    details: {
      kind: 'win-back-granted',
      alertId: trigger.alertId,
      lot: { earnedAt: trigger.occurredAt, expiresAt: addUtcMonths(trigger.occurredAt, policy.expiryMonths) },
    },
  };
  return post(ledger, entry);
}
