import { LEDGER_ACCOUNTS } from '@churn/domain';
import type { Client } from 'pg';

/**
 * Every way the stored ledger can disagree with its journal, as messages (empty when sound):
 * entries whose lines do not sum to zero, lines filed under another customer than their entry,
 * customer balance rows (per account) and lot rows that differ from the sum of their lines, and
 * the sign rules (available and locked never negative; recovery only as a debt, with nothing
 * available beside it). Computed in SQL so it scales with the journal, not with memory.
 */
export async function invariantViolations(client: Client, schema: string): Promise<string[]> {
  const s = `"${schema}"`;
  const violations: string[] = [];
  const unbalanced = await client.query<{ entry_seq: string; total: string }>(
    `SELECT entry_seq, sum(points) AS total FROM ${s}.journal_lines GROUP BY entry_seq HAVING sum(points) <> 0`,
  );
  for (const row of unbalanced.rows)
    violations.push(`entry ${row.entry_seq} does not balance (lines sum to ${row.total})`);
  const misfiled = await client.query<{ entry_seq: string }>(
    `SELECT DISTINCT l.entry_seq FROM ${s}.journal_lines l JOIN ${s}.journal_entries e ON e.seq = l.entry_seq WHERE e.customer_id <> l.customer_id`,
  );
  for (const row of misfiled.rows) violations.push(`entry ${row.entry_seq} has lines of another customer`);

  const sums = LEDGER_ACCOUNTS.map((a) => `coalesce(sum(points) FILTER (WHERE account = '${a}'), 0) AS ${a}`).join(
    ', ',
  );
  const differs = LEDGER_ACCOUNTS.map((a) => `coalesce(b.${a}, 0) <> coalesce(j.${a}, 0)`).join(' OR ');
  const balances = await client.query<Record<string, string>>(
    `WITH j AS (SELECT customer_id, ${sums} FROM ${s}.journal_lines GROUP BY customer_id)
     SELECT coalesce(b.customer_id, j.customer_id) AS customer_id,
            ${LEDGER_ACCOUNTS.map((a) => `coalesce(b.${a}, 0) AS stored_${a}, coalesce(j.${a}, 0) AS journal_${a}`).join(', ')}
     FROM ${s}.customer_balances b FULL OUTER JOIN j ON j.customer_id = b.customer_id
     WHERE ${differs}`,
  );
  for (const row of balances.rows) {
    for (const account of LEDGER_ACCOUNTS) {
      if (row[`stored_${account}`] !== row[`journal_${account}`]) {
        violations.push(
          `${row['customer_id']}: ${account} is ${row[`stored_${account}`]}, its lines sum to ${row[`journal_${account}`]}`,
        );
      }
    }
  }
  const lots = await client.query<{ lot_id: string }>(
    `WITH j AS (SELECT lot_id, ${['locked', 'available', 'expired'].map((a) => `coalesce(sum(points) FILTER (WHERE account = '${a}'), 0) AS ${a}`).join(', ')}
                FROM ${s}.journal_lines WHERE lot_id IS NOT NULL GROUP BY lot_id)
     SELECT coalesce(l.lot_id, j.lot_id) AS lot_id FROM ${s}.lots l FULL OUTER JOIN j ON j.lot_id = l.lot_id
     WHERE coalesce(l.locked, 0) <> coalesce(j.locked, 0) OR coalesce(l.available, 0) <> coalesce(j.available, 0) OR coalesce(l.expired, 0) <> coalesce(j.expired, 0)`,
  );
  for (const row of lots.rows) violations.push(`lot ${row.lot_id} differs from the sum of its lines`);
  const signs = await client.query<{ customer_id: string }>(
    `SELECT customer_id FROM ${s}.customer_balances
     WHERE available < 0 OR locked < 0 OR recovery > 0 OR (recovery < 0 AND available <> 0)
        OR ${LEDGER_ACCOUNTS.join(' + ')} <> 0`,
  );
  for (const row of signs.rows)
    violations.push(`${row.customer_id}: balances break the sign rules or do not sum to zero`);
  return violations;
}
