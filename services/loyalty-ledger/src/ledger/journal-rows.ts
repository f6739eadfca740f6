import type { EntryDetails, JournalEntry, JournalLine, LedgerAccount } from '@churn/domain';

/** A journal entry as loaded, its lines aggregated as JSON in line order (null when it has none). */
export interface EntryRow {
  seq: string;
  entry_key: string;
  customer_id: string;
  posted_at: Date;
  details: EntryDetails;
  lines: { account: LedgerAccount; points: number; lot_id: string | null; memo: string | null }[] | null;
}

/** Rebuilds the domain's entries from rows. */
export function entriesFromRows(rows: readonly EntryRow[]): JournalEntry[] {
  return rows.map((row) => ({
    key: row.entry_key,
    customerId: row.customer_id,
    postedAt: row.posted_at.getTime(),
    lines: (row.lines ?? []).map((line): JournalLine => ({
      account: line.account,
      points: Number(line.points),
      ...(line.lot_id === null ? {} : { lotId: line.lot_id }),
      ...(line.memo === null ? {} : { memo: line.memo }),
    })),
    details: row.details,
  }));
}
