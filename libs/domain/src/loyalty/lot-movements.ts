import type { JournalLine } from './journal-entry';
import type { CustomerLedger, PointsLot } from './loyalty-ledger';

/** Lots in first-in first-out order: oldest earning first, posting order among equals. */
export function lotsOldestFirst(customer: CustomerLedger): PointsLot[] {
  return [...customer.lots.values()].sort((a, b) => a.earnedAt - b.earnedAt);
}

/**
 * Lines that make `points` of a lot available. Points owed in recovery are repaid first (that is
 * what keeps `available` at zero while the customer is in recovery); only the rest becomes
 * available, and the repaid part leaves the lot for good.
 */
export function creditAvailableLines(customer: CustomerLedger, lotId: string, points: number): JournalLine[] {
  const repaid = Math.min(points, -customer.balances.recovery);
  return [
    { account: 'recovery', points: repaid, memo: 'repays recovery' },
    { account: 'available', points: points - repaid, lotId },
  ];
}

export interface FifoDebit {
  readonly lines: JournalLine[];
  /** What the available lots could not cover. */
  readonly shortfall: number;
}

/** Debits up to `points` from available lots, oldest first, optionally skipping one lot. */
export function debitAvailableFifo(customer: CustomerLedger, points: number, skipLotId?: string): FifoDebit {
  const lines: JournalLine[] = [];
  let remaining = points;
  for (const lot of lotsOldestFirst(customer)) {
    if (remaining === 0) break;
    if (lot.lotId === skipLotId || lot.available === 0) continue;
    const taken = Math.min(remaining, lot.available);
    lines.push({ account: 'available', points: -taken, lotId: lot.lotId });
    remaining -= taken;
  }
  return { lines, shortfall: remaining };
}
