import type { LedgerAccount } from './ledger-account';
import type { LoyaltyTier } from './loyalty-tier';

/** One movement of integer points into (+) or out of (-) an account of the entry's customer. */
export interface JournalLine {
  readonly account: LedgerAccount;
  readonly points: number;
  /** The earning lot the points belong to, on available, locked and expired lines. */
  readonly lotId?: string;
  /** Why the line exists (e.g. which component of a purchase's points it books). */
  readonly memo?: string;
}

/** When a lot's points become available and when they lapse. */
export interface LotTerms {
  readonly earnedAt: number;
  readonly expiresAt: number;
  /** Set for points locked during a return window. */
  readonly unlockAt?: number;
}

export type PurchaseChannel = 'online' | 'store' | 'app' | 'partner';
export type BehaviourKind = 'review' | 'referral';

export type RejectionReason =
  | 'insufficient-balance'
  | 'daily-redemption-limit'
  | 'unsupported-currency'
  | 'currency-mismatch'
  | 'no-active-earning-rule'
  | 'order-already-earned'
  | 'unknown-order'
  | 'order-fully-refunded'
  | 'win-back-cooldown';

/** What an entry records, by kind. Entries without lines are memos: they move no points. */
export type EntryDetails =
  | {
      readonly kind: 'purchase-earned';
      readonly orderId: string;
      readonly amountMinor: number;
      readonly currency: string;
      readonly channel: PurchaseChannel;
      readonly ruleVersion: string;
      readonly lot: LotTerms;
    }
  | {
      readonly kind: 'behaviour-earned';
      readonly behaviour: BehaviourKind;
      readonly ruleVersion: string;
      readonly lot: LotTerms;
    }
  | { readonly kind: 'points-unlocked'; readonly lotId: string }
  | {
      readonly kind: 'refund-reversed';
      readonly orderId: string;
      readonly refundedMinor: number;
      readonly currency: string;
    }
  | { readonly kind: 'points-redeemed'; readonly requestId: string; readonly points: number }
  | { readonly kind: 'points-expired'; readonly lotId: string }
  | {
      readonly kind: 'points-adjusted';
      readonly reason: string;
      readonly operator: string;
      /** Present for credits: adjusted-in points form a lot of their own. */
      readonly lot?: LotTerms;
    }
  | {
      readonly kind: 'win-back-granted';
      readonly alertId: string;
      readonly lot: LotTerms;
    }
  | {
      readonly kind: 'tier-changed';
      readonly from: LoyaltyTier;
      readonly to: LoyaltyTier;
      readonly qualifyingPoints: number;
      /** For downgrades, the review date that decided it. */
      readonly reviewDate?: number;
    }
  | {
      readonly kind: 'command-rejected';
      readonly command: 'purchase' | 'refund' | 'behaviour' | 'redemption' | 'adjustment' | 'win-back';
      readonly reason: RejectionReason;
      readonly fraudWarning?: boolean;
    };

export type EntryKind = EntryDetails['kind'];

/**
 * An immutable ledger record. `key` is the idempotency key (the source eventId or request id,
 * namespaced by source) and also the entry's identity: the ledger accepts a key once, so the same
 * event can never post twice. Rejections are recorded too, so a replayed command gets the same
 * answer even after balances have changed.
 */
export interface JournalEntry {
  readonly key: string;
  readonly customerId: string;
  readonly postedAt: number;
  readonly lines: ReadonlyArray<JournalLine>;
  readonly details: EntryDetails;
}

export function sumOfLines(lines: ReadonlyArray<JournalLine>): number {
  return lines.reduce((sum, line) => sum + line.points, 0);
}

export function isBalancedEntry(entry: JournalEntry): boolean {
  return (
    sumOfLines(entry.lines) === 0 && entry.lines.every((line) => Number.isSafeInteger(line.points) && line.points !== 0)
  );
}
