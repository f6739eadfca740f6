import { Injectable } from '@nestjs/common';
import type { EntryDetails, LedgerAccount } from '@churn/domain';
import { schemaOf } from '@churn/persistence';
import type { EntityManager } from 'typeorm';

export interface StatementLine {
  entryId: string;
  kind: EntryDetails['kind'];
  postedAt: string;
  /** What the entry did to the customer's own accounts (available, locked, recovery). */
  change: { available: number; locked: number; recovery: number };
  lines: { account: LedgerAccount; points: number; lotId?: string; memo?: string }[];
  details: EntryDetails;
}

/** A customer's journal, newest first, paged by journal sequence (stable: entries are never changed). */
@Injectable()
export class StatementStore {
  async page(
    manager: EntityManager,
    customerId: string,
    beforeSeq: string | undefined,
    limit: number,
  ): Promise<StatementLine[]> {
    const s = schemaOf(manager.connection);
    const rows: {
      seq: string;
      kind: EntryDetails['kind'];
      posted_at: Date;
      details: EntryDetails;
      lines: { account: LedgerAccount; points: number; lot_id: string | null; memo: string | null }[] | null;
    }[] = await manager.query(
      `SELECT e.seq, e.kind, e.posted_at, e.details,
                (SELECT json_agg(json_build_object('account', l.account, 'points', l.points, 'lot_id', l.lot_id, 'memo', l.memo) ORDER BY l.line_no)
                 FROM "${s}".journal_lines l WHERE l.entry_seq = e.seq) AS lines
         FROM "${s}".journal_entries e
         WHERE e.customer_id = $1 AND ($2::bigint IS NULL OR e.seq < $2::bigint)
         ORDER BY e.seq DESC LIMIT $3`,
      [customerId, beforeSeq ?? null, limit],
    );
    return rows.map((row) => {
      const lines = (row.lines ?? []).map((l) => ({
        account: l.account,
        points: Number(l.points),
        ...(l.lot_id ? { lotId: l.lot_id } : {}),
        ...(l.memo ? { memo: l.memo } : {}),
      }));
      const of = (account: LedgerAccount): number =>
        lines.filter((l) => l.account === account).reduce((sum, l) => sum + l.points, 0);
      return {
        entryId: row.seq,
        kind: row.kind,
        postedAt: row.posted_at.toISOString(),
        change: { available: of('available'), locked: of('locked'), recovery: of('recovery') },
        lines,
        details: row.details,
      };
    });
  }
}
