import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `lock_and_load(customer ids)`: locks the customers' balance rows (creating them on first sight)
 * in sorted order, then returns their journals with the lines, in ONE round trip. It has to be a
 * function: a single statement reads every table as of its start, so a journal read beside the
 * lock could miss what the posting we waited for committed; a VOLATILE function takes a new
 * snapshot for each of its statements, so the journal is read after the lock is held. Its
 * statements are planned for each call's ids, as the service's own statements are.
 */
export class CreateLockAndLoad1733000000002 implements MigrationInterface {
  name = 'CreateLockAndLoad1733000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await queryRunner.query(`
      CREATE FUNCTION ${s}.lock_and_load(ids text[])
      RETURNS TABLE (seq bigint, entry_key text, customer_id text, posted_at timestamptz, details jsonb, lines json)
      LANGUAGE plpgsql VOLATILE
      -- A cached generic plan cannot see how few customers ids holds and scans the journal.
      SET plan_cache_mode = force_custom_plan
      AS $$
      #variable_conflict use_column
      DECLARE
        locked_count integer;
      BEGIN
        -- Rows this statement creates are ours until commit; FOR UPDATE locks the ones that existed.
        WITH created AS (
          INSERT INTO ${s}.customer_balances (customer_id) SELECT unnest(ids) ORDER BY 1
          ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id
        ), locked AS (
          SELECT b.customer_id FROM ${s}.customer_balances b WHERE b.customer_id = ANY(ids) ORDER BY b.customer_id FOR UPDATE
        )
        SELECT count(*) INTO locked_count FROM locked;
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
    await queryRunner.query(`DROP FUNCTION "${queryRunner.connection.driver.schema}".lock_and_load(text[])`);
  }
}
