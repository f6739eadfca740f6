import type { JournalEntry, RejectionReason } from './journal-entry';
import type { LoyaltyLedger } from './loyalty-ledger';

/**
 * The answer to a command. `duplicate` returns the entry first posted under the same key (posted
 * or rejected), so a retried request gets the original answer. The ledger is returned in every
 * case so that callers can chain commands.
 */
export type PostingOutcome =
  | { readonly status: 'posted'; readonly ledger: LoyaltyLedger; readonly entry: JournalEntry }
  | {
      readonly status: 'rejected';
      readonly ledger: LoyaltyLedger;
      readonly entry: JournalEntry;
      readonly reason: RejectionReason;
      readonly fraudWarning?: FraudWarning;
    }
  | { readonly status: 'duplicate'; readonly ledger: LoyaltyLedger; readonly entry: JournalEntry };

/** Raised when a customer tries to redeem past the daily limit; the service alerts on it. */
export interface FraudWarning {
  readonly customerId: string;
  readonly utcDay: number;
  readonly redeemedToday: number;
  readonly requestedPoints: number;
  readonly limit: number;
}

/** Result of a run (unlock, expiry, tier review): the entries it posted, possibly none. */
export interface RunResult {
  readonly ledger: LoyaltyLedger;
  readonly entries: ReadonlyArray<JournalEntry>;
}
