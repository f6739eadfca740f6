import { Injectable } from '@nestjs/common';
import { schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { Tombstones } from './erased-events';

/** Lock stripes the customers are hashed onto (see ErasureStore.lock); a power of two: the stripe is a bit mask. */
const LOCK_STRIPES = 64;

/**
 * The SQL of erasure: the locks that order erasures against scores and interactions, the deletion of a
 * customer's rows, and the tombstones. Every call but purgeResurrected runs in the caller's transaction.
 */
@Injectable()
export class ErasureStore {
  private readonly schema: string;

  constructor(private readonly dataSource: DataSource) {
    this.schema = schemaOf(dataSource);
  }

  /**
   * Transaction-scoped advisory locks on the customers' stripes: 'exclusive' while erasing,
   * 'shared' while applying scores and interactions. Row locks cannot do this: a first score
   * inserts a customer_state row (an interaction, an interactions row) that a concurrent erasure
   * cannot see, so the erasure would commit its tombstone while the event commits state the
   * tombstone check did not stop. Customers are hashed onto LOCK_STRIPES stripes so a batch holds
   * at most that many locks (advisory locks live in the server's shared lock table, which a lock
   * per customer of a large batch could exhaust); a shared lock never waits for another, so only an
   * erasure, which is rare and short, makes batches of its stripe wait. Taken in stripe order (no
   * deadlock between batches); the first key names the schema because advisory locks are per
   * database.
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
   * Deletes everything stored about the customer (state with score and prediction, interactions)
   * and records (or moves forward) their tombstone. Outbox rows not yet published (predictions,
   * dead letters; keyed by the customer) are dropped; published ones are copies of what the topics
   * hold and go with the outbox retention. Returns whether the customer had a state.
   */
  async erase(manager: EntityManager, customerId: string, erasedAt: string): Promise<boolean> {
    const s = `"${this.schema}"`;
    const [, deleted] = (await manager.query(`DELETE FROM ${s}.customer_state WHERE customer_id = $1`, [
      customerId,
    ])) as [unknown, number];
    await manager.query(`DELETE FROM ${s}.interactions WHERE customer_id = $1`, [customerId]);
    await manager.query(`DELETE FROM ${s}.outbox WHERE sent_at IS NULL AND key = $1`, [customerId]);
    await manager.query(
      `INSERT INTO ${s}.erased_customers AS e (customer_id, erased_at) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET erased_at = GREATEST(e.erased_at, EXCLUDED.erased_at)`,
      [customerId, erasedAt],
    );
    return deleted > 0;
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

  /**
   * Deletes the state of erased customers that scoring no longer knows: a score scoring computed
   * from the erased history after the erasure was requested, but before scoring itself had
   * applied it, is newer than the tombstone and brought the state back. The clock finds such
   * customers within a day (scoring answers "unknown"); a customer who came back and bought again
   * is known to scoring and keeps their state. Returns how many states went.
   */
  async purgeResurrected(customerIds: readonly string[]): Promise<number> {
    if (customerIds.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, customerIds, 'exclusive');
      const [, deleted] = (await manager.query(
        `DELETE FROM "${this.schema}".customer_state AS c USING "${this.schema}".erased_customers AS e
         WHERE c.customer_id = e.customer_id AND c.customer_id = ANY($1::text[])`,
        [[...new Set(customerIds)]],
      )) as [unknown, number];
      return deleted;
    });
  }
}
