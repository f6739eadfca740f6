import { type LoyaltyEventType, type LoyaltyEventV1, Topics } from '@churn/contracts';
import type { ExpiryNotice, JournalEntry, JournalLine, LedgerAccount } from '@churn/domain';
import type { OutgoingRecord } from '@churn/messaging';

const sum = (lines: readonly JournalLine[], account: LedgerAccount): number =>
  lines.filter((l) => l.account === account).reduce((total, l) => total + l.points, 0);

/** Entries caused by one outside event or request (the others come from jobs). */
const SOURCED = new Set([
  'purchase-earned',
  'refund-reversed',
  'behaviour-earned',
  'win-back-granted',
  'points-redeemed',
  'points-adjusted',
]);

/** The id of what caused an entry: its key without the ledger's source namespace. */
function sourceEventId(entry: JournalEntry): string | undefined {
  const colon = entry.key.indexOf(':');
  return colon > 0 ? entry.key.slice(colon + 1) : undefined;
}

/**
 * What loyalty.v1 says about an entry, or undefined for entries that are no movement (rejections:
 * the caller answered them). Points are signed from the customer's side: what they gained (+) or
 * lost (-) across available, locked and recovery.
 */
function describe(
  entry: JournalEntry,
): (Pick<LoyaltyEventV1, 'type' | 'points'> & Partial<LoyaltyEventV1>) | undefined {
  const held = sum(entry.lines, 'available') + sum(entry.lines, 'locked') + sum(entry.lines, 'recovery');
  const d = entry.details;
  switch (d.kind) {
    case 'purchase-earned':
      // A purchase's points are earned into the lock; 'unlocked' follows after the return window.
      return {
        type: 'locked',
        points: sum(entry.lines, 'locked'),
        ruleVersion: d.ruleVersion,
        expiresAt: new Date(d.lot.expiresAt).toISOString(),
      };
    case 'behaviour-earned':
      return {
        type: 'earned',
        points: held,
        ruleVersion: d.ruleVersion,
        reason: d.behaviour,
        expiresAt: new Date(d.lot.expiresAt).toISOString(),
      };
    case 'win-back-granted':
      return { type: 'earned', points: held, reason: 'win-back', expiresAt: new Date(d.lot.expiresAt).toISOString() };
    case 'points-unlocked':
      return { type: 'unlocked', points: sum(entry.lines, 'available') + sum(entry.lines, 'recovery') };
    case 'refund-reversed':
      return { type: 'reversed', points: held };
    case 'points-redeemed':
      return { type: 'redeemed', points: held };
    case 'points-expired':
      return { type: 'expired', points: held };
    case 'points-adjusted':
      return { type: 'adjusted', points: held, reason: d.reason, operator: d.operator };
    case 'tier-changed':
      return { type: 'tier-changed', points: 0, tier: { from: d.from, to: d.to } };
    case 'command-rejected':
      return undefined;
  }
}

function record(customerId: string, value: LoyaltyEventV1): OutgoingRecord {
  return { topic: Topics.loyalty, key: customerId, value, headers: { eventId: value.eventId } };
}

/** An entry's loyalty event before the entry has its journal sequence number. */
export type LoyaltyEventDraft = Omit<LoyaltyEventV1, 'eventId' | 'entryId'>;

/** An entry as it will be posted, with the customer's available and locked balances right after it. */
export interface EntryWithBalance {
  readonly entry: JournalEntry;
  readonly balanceAfter: { available: number; locked: number };
}

/**
 * The loyalty.v1 events of new entries, without `eventId` and `entryId`: both come from the
 * journal's sequence number (`loyalty-entry-<seq>`), which the posting statement assigns and adds
 * (ledger.store), so the events are written in the same round trip as their entries.
 */
export function loyaltyEventDrafts(
  entries: readonly EntryWithBalance[],
): { entryKey: string; draft: LoyaltyEventDraft }[] {
  return entries.flatMap(({ entry, balanceAfter }) => {
    const described = describe(entry);
    if (!described) return [];
    const source = SOURCED.has(entry.details.kind) ? sourceEventId(entry) : undefined;
    const type: LoyaltyEventType = described.type;
    return [
      {
        entryKey: entry.key,
        draft: {
          ...described,
          type,
          customerId: entry.customerId,
          occurredAt: new Date(entry.postedAt).toISOString(),
          balance: balanceAfter,
          ...(source === undefined ? {} : { sourceEventId: source }),
        },
      },
    ];
  });
}

/** An expiry notice: information, not a movement; `noticeId` makes its eventId unique. */
export function expiryNoticeRecord(
  notice: ExpiryNotice,
  noticeId: string,
  balance: { available: number; locked: number },
  now: number,
): OutgoingRecord {
  return record(notice.customerId, {
    eventId: `loyalty-notice-${noticeId}`,
    customerId: notice.customerId,
    type: 'expiry-notice',
    occurredAt: new Date(now).toISOString(),
    points: notice.points,
    balance,
    expiresAt: new Date(notice.expiresAt).toISOString(),
  });
}
