import { Injectable } from '@nestjs/common';
import { schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { Tombstones } from './erased-events';

/** Lock stripes the customers are hashed onto (see ErasureStore.lock); a power of two: the stripe is a bit mask. */
const LOCK_STRIPES = 64;

/**
 * The SQL of erasure: the locks that order erasures against purchases, the deletion of a
 * customer's rows, and the tombstones. Every call runs in the caller's transaction.
 */
@Injectable()
export class ErasureStore {
  private readonly schema: string;

  constructor(dataSource: DataSource) {
    this.schema = schemaOf(dataSource);
  }

  /**
   * Transaction-scoped advisory locks on the customers' stripes: 'exclusive' while erasing,
   * 'shared' while applying purchases. Row locks cannot do this: a first purchase inserts a
   * customer row that a concurrent erasure cannot see, so the erasure would commit its tombstone
   * while the purchase commits a history the tombstone check did not stop. Customers are hashed
   * onto LOCK_STRIPES stripes so a batch holds at most that many locks (advisory locks live in
   * the server's shared lock table, which a lock per customer of a large batch could exhaust); a
   * shared lock never waits for another, so only an erasure, which is rare and short, makes batches
   * of its stripe wait. Taken in stripe order (no deadlock between batches); the first key names
   * the schema because advisory locks are per database.
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
   * Deletes everything stored about the customer and records (or moves forward) their tombstone.
   * The customer row is locked first, so a re-score holding it (FOR SHARE) finishes, Redis write
   * included, before the rows go. Outbox rows not yet published (scores, dead letters; keyed by
   * the customer) are dropped; published ones are copies of what the topics hold and go with the
   * outbox retention. Returns whether the customer had a stored history.
   */
  async erase(manager: EntityManager, customerId: string, erasedAt: string): Promise<boolean> {
    const s = `"${this.schema}"`;
    const held: unknown[] = await manager.query(`SELECT 1 FROM ${s}.customers WHERE customer_id = $1 FOR UPDATE`, [
      customerId,
    ]);
    await manager.query(`DELETE FROM ${s}.transactions WHERE customer_id = $1`, [customerId]);
    await manager.query(`DELETE FROM ${s}.customers WHERE customer_id = $1`, [customerId]);
    await manager.query(`DELETE FROM ${s}.outbox WHERE sent_at IS NULL AND key = $1`, [customerId]);
    await manager.query(
      `INSERT INTO ${s}.erased_customers AS e (customer_id, erased_at) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET erased_at = GREATEST(e.erased_at, EXCLUDED.erased_at)`,
      [customerId, erasedAt],
    );
    return held.length > 0;
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
