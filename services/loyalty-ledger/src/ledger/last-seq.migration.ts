import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LockAfterCreating1733000000004 } from './lock-after-create.migration';

/**
 * The first two statements of both functions below: create the missing balance rows, then lock
 * them in a separate statement (see LockAfterCreating1733000000004 for why separate).
 */
const createAndLock = (s: string): string => `-- Waits for any posting creating the same rows to commit (or roll back).
        INSERT INTO ${s}.customer_balances (customer_id) SELECT unnest(ids) ORDER BY 1
        ON CONFLICT (customer_id) DO NOTHING;
        -- A new statement, so a new snapshot that sees those rows: lock them all, in order.
        PERFORM 1 FROM ${s}.customer_balances b WHERE b.customer_id = ANY(ids) ORDER BY b.customer_id FOR UPDATE;`;

/** Entry e's lines as the journal rows carry them (journal-rows.ts). */
const linesOf = (s: string): string =>
  `(SELECT json_agg(json_build_object('account', l.account, 'points', l.points, 'lot_id', l.lot_id, 'memo', l.memo) ORDER BY l.line_no)
                  FROM ${s}.journal_lines l WHERE l.entry_seq = e.seq)`;

/**
 * Lets a posting skip reloading a journal the process already holds (LedgerCache).
 *
 * `customer_balances.last_seq` is the sequence number of the customer's newest entry (0: none),
 * written by the posting statement together with the entries. A value of it stands for exactly one
 * journal: a customer's entries get ever larger values of the journal's sequence (their postings
 * are serialized by the row lock), sequence values are never handed out twice, and erasure moves
 * the row together with the entries, so the erased id starts again at 0 with an empty journal.
 *
 * `lock_and_load_since(ids, known)` locks as lock_and_load does and returns one row per customer
 * with its last_seq (seq and the entry columns null), plus the journal, with the lines as
 * lock_and_load aggregates them, of only the customers whose last_seq is not known[i] (null: the
 * caller holds nothing for ids[i]).
 *
 * lock_and_load stays for the previous release's pods, which keep posting while the new ones roll
 * out: their posting statement does not move last_seq, so a new pod's cached ledger would still
 * look current after they posted. lock_and_load therefore now moves last_seq of every customer it
 * locks to a fresh value of the journal's sequence, which no cached ledger can carry. A later
 * migration can drop it.
 *
 * ADD COLUMN takes an exclusive lock on customer_balances until this migration commits, so no
 * posting runs beside the backfill: postings wait for it (one pass over the journal).
 */
export class TrackLastSeq1733000000005 implements MigrationInterface {
  name = 'TrackLastSeq1733000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await queryRunner.query(`ALTER TABLE ${s}.customer_balances ADD COLUMN last_seq bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      UPDATE ${s}.customer_balances b SET last_seq = j.last_seq
      FROM (SELECT customer_id, max(seq) AS last_seq FROM ${s}.journal_entries GROUP BY customer_id) j
      WHERE b.customer_id = j.customer_id`);
    await queryRunner.query(`
      CREATE FUNCTION ${s}.lock_and_load_since(ids text[], known bigint[])
      RETURNS TABLE (customer_id text, last_seq bigint, seq bigint, entry_key text, posted_at timestamptz, details jsonb, lines json)
      LANGUAGE plpgsql VOLATILE
      -- A cached generic plan cannot see how few customers ids holds and scans the journal.
      SET plan_cache_mode = force_custom_plan
      AS $$
      #variable_conflict use_column
      BEGIN
        ${createAndLock(s)}
        -- And a third: last_seq and the journals as the postings we waited for left them.
        RETURN QUERY
          WITH v AS (
            SELECT b.customer_id, b.last_seq, k.cached
            FROM unnest(ids, known) AS k(customer_id, cached)
            JOIN ${s}.customer_balances b ON b.customer_id = k.customer_id
          )
          SELECT v.customer_id, v.last_seq, NULL::bigint, NULL::text, NULL::timestamptz, NULL::jsonb, NULL::json FROM v
          UNION ALL
          SELECT e.customer_id, NULL::bigint, e.seq, e.entry_key, e.posted_at, e.details,
                 ${linesOf(s)}
          FROM v JOIN ${s}.journal_entries e ON e.customer_id = v.customer_id
          WHERE v.last_seq IS DISTINCT FROM v.cached
          ORDER BY 3 NULLS FIRST;
      END
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ${s}.lock_and_load(ids text[])
      RETURNS TABLE (seq bigint, entry_key text, customer_id text, posted_at timestamptz, details jsonb, lines json)
      LANGUAGE plpgsql VOLATILE
      -- A cached generic plan cannot see how few customers ids holds and scans the journal.
      SET plan_cache_mode = force_custom_plan
      AS $$
      #variable_conflict use_column
      BEGIN
        ${createAndLock(s)}
        -- The caller (the previous release) will not move last_seq when it posts: move it now.
        UPDATE ${s}.customer_balances b SET last_seq = nextval(pg_get_serial_sequence('${s}.journal_entries', 'seq'))
        WHERE b.customer_id = ANY(ids);
        -- And the journal as the postings we waited for left it.
        RETURN QUERY
          SELECT e.seq, e.entry_key, e.customer_id, e.posted_at, e.details,
                 ${linesOf(s)}
          FROM ${s}.journal_entries e WHERE e.customer_id = ANY(ids) ORDER BY e.seq;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await new LockAfterCreating1733000000004().up(queryRunner);
    await queryRunner.query(`DROP FUNCTION ${s}.lock_and_load_since(text[], bigint[])`);
    await queryRunner.query(`ALTER TABLE ${s}.customer_balances DROP COLUMN last_seq`);
  }
}
