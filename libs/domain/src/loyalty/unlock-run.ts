import type { JournalEntry } from './journal-entry';
import { type LoyaltyLedger, appendEntry, customerLedger } from './loyalty-ledger';
import { creditAvailableLines, lotsOldestFirst } from './lot-movements';
import { nonZeroLines } from './post-command';
import type { RunResult } from './posting-outcome';

export function unlockKey(lotId: string): string {
  return `unlock:${lotId}`;
}

/**
 * Releases every lot whose return window has ended by `now` (a pure function of the ledger and
 * the time; run it as often as you like, each lot unlocks once). Refunded points already left
 * the lock, so only what is still locked is released, repaying recovery first.
 */
export function runUnlocks(ledger: LoyaltyLedger, now: number): RunResult {
  let current = ledger;
  const posted: JournalEntry[] = [];
  for (const customerId of ledger.customers.keys()) {
    for (const lot of lotsOldestFirst(customerLedger(current, customerId))) {
      const key = unlockKey(lot.lotId);
      if (lot.unlockAt === undefined || lot.unlockAt > now || lot.locked === 0 || current.entriesByKey.has(key))
        continue;
      // Re-read the customer: an earlier unlock in this run may have repaid recovery.
      const customer = customerLedger(current, customerId);
      const entry: JournalEntry = {
        key,
        customerId,
        postedAt: now,
        lines: nonZeroLines([
          { account: 'locked', points: -lot.locked, lotId: lot.lotId },
          ...creditAvailableLines(customer, lot.lotId, lot.locked),
        ]),
        details: { kind: 'points-unlocked', lotId: lot.lotId },
      };
      current = appendEntry(current, entry);
      posted.push(entry);
    }
  }
  return { ledger: current, entries: posted };
}
