import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CreateLockAndLoad1733000000002 } from './lock-and-load.migration';

/**
 * lock_and_load took its row locks in the same statement as it created the missing balance rows.
 * All parts of one statement share its snapshot, so when another posting was creating the same
 * customer, the INSERT waited for that posting to commit and then found the row there, but the
 * FOR UPDATE beside it could not see the row (it was committed after the snapshot) and locked
 * nothing. The posting went on unlocked: a third posting for the customer could load the same
 * journal at the same time, and the later commit overwrote the other's balances (a kill -9 chaos
 * run caught balances 50 points short of their journal lines). Creating and locking are now two
 * statements, so the lock is taken on a snapshot that sees the rows the INSERT waited for.
 */
export class LockAfterCreating1733000000004 implements MigrationInterface {
  name = 'LockAfterCreating1733000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ${s}.lock_and_load(ids text[])
      RETURNS TABLE (seq bigint, entry_key text, customer_id text, posted_at timestamptz, details jsonb, lines json)
      LANGUAGE plpgsql VOLATILE
      -- A cached generic plan cannot see how few customers ids holds and scans the journal.
      SET plan_cache_mode = force_custom_plan
      AS $$
      #variable_conflict use_column
      BEGIN
        -- Waits for any posting creating the same rows to commit (or roll back).
        INSERT INTO ${s}.customer_balances (customer_id) SELECT unnest(ids) ORDER BY 1
        ON CONFLICT (customer_id) DO NOTHING;
        -- A new statement, so a new snapshot that sees those rows: lock them all, in order.
        PERFORM 1 FROM ${s}.customer_balances b WHERE b.customer_id = ANY(ids) ORDER BY b.customer_id FOR UPDATE;
        -- And a third: the journal as the postings we waited for left it.
        RETURN QUERY
          SELECT e.seq, e.entry_key, e.customer_id, e.posted_at, e.details,
                 (SELECT json_agg(json_build_object('account', l.account, 'points', l.points, 'lot_id', l.lot_id, 'memo', l.memo)
                                  ORDER BY l.line_no)
                  FROM ${s}.journal_lines l WHERE l.entry_seq = e.seq)
          FROM ${s}.journal_entries e WHERE e.customer_id = ANY(ids) ORDER BY e.seq;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const previous = new CreateLockAndLoad1733000000002();
    await previous.down(queryRunner);
    await previous.up(queryRunner);
  }
}
