import type { EntityManager } from 'typeorm';
import type { Tombstones } from './erased-events';

/** Lock stripes the customers are hashed onto (see ErasureTombstones.lock); a power of two: the stripe is a bit mask. */
const LOCK_STRIPES = 64;

/**
 * The SQL of erasure a service shares with the others: the locks that order erasures against the
 * events that could bring an erased customer back, the tombstones (erasedCustomersMigration's
 * table) and their lookup. The service deletes its own rows between lock and recordTombstone.
 * Every call runs in the caller's transaction.
 */
export class ErasureTombstones {
  /** @param schema the service's schema (see schemaOf). */
  constructor(private readonly schema: string) {}

  /**
   * Transaction-scoped advisory locks on the customers' stripes: 'exclusive' while erasing,
   * 'shared' while applying events. Row locks cannot do this: a first event inserts a row that a
   * concurrent erasure cannot see, so the erasure would commit its tombstone while the event
   * commits state the tombstone check did not stop. Customers are hashed onto LOCK_STRIPES stripes
   * so a batch holds at most that many locks (advisory locks live in the server's shared lock
   * table, which a lock per customer of a large batch could exhaust); a shared lock never waits
   * for another, so only an erasure, which is rare and short, makes batches of its stripe wait.
   * Taken in stripe order (no deadlock between batches); the first key names the schema because
   * advisory locks are per database.
   */
  async lock(manager: EntityManager, customerIds: readonly string[], mode: 'shared' | 'exclusive'): Promise<void> {
    if (customerIds.length === 0) return;
    const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await manager.query(
      `SELECT ${lock}(hashtext($1), stripe) FROM (
         SELECT DISTINCT (hashtextextended(id, 0) & $3)::int AS stripe FROM unnest($2::text[]) AS id ORDER BY stripe
       ) AS stripes`,
      [`${this.schema}:erasure`, [...new Set(customerIds)], LOCK_STRIPES - 1],
    );
  }

  /**
   * Drops the customer's outbox rows not yet published (keyed by the customer), then records (or
   * moves forward) their tombstone. Published outbox rows are copies of what the topics hold and
   * go with the outbox retention.
   */
  async recordTombstone(manager: EntityManager, customerId: string, erasedAt: string): Promise<void> {
    const s = `"${this.schema}"`;
    await manager.query(`DELETE FROM ${s}.outbox WHERE sent_at IS NULL AND key = $1`, [customerId]);
    await manager.query(
      `INSERT INTO ${s}.erased_customers AS e (customer_id, erased_at) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET erased_at = GREATEST(e.erased_at, EXCLUDED.erased_at)`,
      [customerId, erasedAt],
    );
  }

  /** The tombstones of those of these customers who were erased. */
  async tombstones(manager: EntityManager, customerIds: readonly string[]): Promise<Tombstones> {
    if (customerIds.length === 0) return new Map();
    const rows: { customer_id: string; erased_at: Date }[] = await manager.query(
      `SELECT customer_id, erased_at FROM "${this.schema}".erased_customers WHERE customer_id = ANY($1::text[])`,
      [[...new Set(customerIds)]],
    );
    return new Map(rows.map((row) => [row.customer_id, row.erased_at.getTime()]));
  }
}
