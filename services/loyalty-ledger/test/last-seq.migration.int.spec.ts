import { createDataSource, openDatabase } from '@churn/persistence';
import { createTestNamespace } from '@churn/testing';
import type { DataSource } from 'typeorm';
import { LOYALTY_LEDGER_MIGRATIONS } from '../src/migrations';
import { query } from './ledger-app';

const ns = createTestNamespace('loyaltylastseq');
let dataSource: DataSource | undefined;

const open = async (migrations: readonly (typeof LOYALTY_LEDGER_MIGRATIONS)[number][]): Promise<DataSource> => {
  await dataSource?.destroy();
  dataSource = createDataSource({
    url: ns.endpoints.TEST_DATABASE_URL,
    schema: ns.dbSchema,
    poolSize: 1,
    migrations: [...migrations],
  });
  await openDatabase(dataSource);
  return dataSource;
};

afterAll(async () => {
  await dataSource?.destroy();
  await ns.cleanup();
});

describe('TrackLastSeq1733000000005', () => {
  it("backfills each customer's newest entry, and down() leaves the schema as the previous release had it", async () => {
    await open(LOYALTY_LEDGER_MIGRATIONS.slice(0, -1));
    // Books as the previous release left them (entries without lines are rejections).
    await query(ns, `INSERT INTO customer_balances (customer_id) VALUES ('c-1'), ('c-2'), ('c-none')`);
    await query(
      ns,
      `INSERT INTO journal_entries (entry_key, customer_id, kind, posted_at, details)
       SELECT 'k-' || n, c, 'command-rejected', now(), '{}'
       FROM (VALUES (1, 'c-1'), (2, 'c-2'), (3, 'c-1'), (4, 'c-2'), (5, 'c-1')) AS v(n, c)`,
    );

    const migrated = await open(LOYALTY_LEDGER_MIGRATIONS);
    expect(
      await query(
        ns,
        `SELECT b.customer_id, b.last_seq = coalesce(max(e.seq), 0) AS newest
         FROM customer_balances b LEFT JOIN journal_entries e USING (customer_id) GROUP BY b.customer_id, b.last_seq
         ORDER BY 1`,
      ),
    ).toEqual([
      { customer_id: 'c-1', newest: true },
      { customer_id: 'c-2', newest: true },
      { customer_id: 'c-none', newest: true },
    ]);

    await migrated.undoLastMigration();
    const columns = await query<{ column_name: string }>(
      ns,
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'customer_balances'`,
      [ns.dbSchema],
    );
    expect(columns.map((c) => c.column_name)).not.toContain('last_seq');
    await expect(query(ns, `SELECT * FROM lock_and_load_since(ARRAY['c-1'], ARRAY[NULL::bigint])`)).rejects.toThrow(
      /does not exist/,
    );
    // lock_and_load is the previous release's again: it no longer writes a column that is gone.
    expect(await query(ns, `SELECT entry_key FROM lock_and_load(ARRAY['c-1'])`)).toHaveLength(3);
    // And the migration applies again.
    await open(LOYALTY_LEDGER_MIGRATIONS);
    expect(await query(ns, `SELECT * FROM lock_and_load_since(ARRAY['c-1'], ARRAY[NULL::bigint])`)).toHaveLength(4);
  });
});
