import type { JournalEntry } from './journal-entry';
import { type LoyaltyLedger, appendEntry } from './loyalty-ledger';
import { lotsOldestFirst } from './lot-movements';
import { nonZeroLines } from './post-command';
import type { RunResult } from './posting-outcome';

export function expiryKey(lotId: string): string {
  return `expiry:${lotId}`;
}

/**
 * Lapses what is left of every lot whose expiry date is <= `now`, oldest first. Redemptions
 * consume lots FIFO too, so the points that lapse are always the oldest unspent ones. Points
 * still locked in a lapsed lot lapse as well (only possible when unlock runs fell behind).
 */
export function runExpiry(ledger: LoyaltyLedger, now: number): RunResult {
  let current = ledger;
  const posted: JournalEntry[] = [];
  for (const [customerId, customer] of ledger.customers) {
    for (const lot of lotsOldestFirst(customer)) {
      const key = expiryKey(lot.lotId);
      const remaining = lot.locked + lot.available;
      if (lot.expiresAt > now || remaining === 0 || current.entriesByKey.has(key)) continue;
      const entry: JournalEntry = {
        key,
        customerId,
        postedAt: now,
        lines: nonZeroLines([
          { account: 'locked', points: -lot.locked, lotId: lot.lotId },
          { account: 'available', points: -lot.available, lotId: lot.lotId },
          { account: 'expired', points: remaining, lotId: lot.lotId },
        ]),
        details: { kind: 'points-expired', lotId: lot.lotId },
      };
      current = appendEntry(current, entry);
      posted.push(entry);
    }
  }
  return { ledger: current, entries: posted };
}
