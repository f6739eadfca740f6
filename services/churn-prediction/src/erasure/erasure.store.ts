import { Injectable } from '@nestjs/common';
import { ErasureTombstones, type Tombstones, schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The SQL of erasure: the locks that order erasures against scores and interactions and the
 * tombstones (shared, see ErasureTombstones), and the deletion of a customer's rows. Every call
 * but purgeResurrected runs in the caller's transaction.
 */
@Injectable()
export class ErasureStore {
  private readonly schema: string;
  private readonly shared: ErasureTombstones;

  constructor(private readonly dataSource: DataSource) {
    this.schema = schemaOf(dataSource);
    this.shared = new ErasureTombstones(this.schema);
  }

  /**
   * Advisory locks on the customers: 'exclusive' while erasing, 'shared' while applying scores and
   * interactions, whose first one inserts a customer_state (an interactions) row a concurrent
   * erasure cannot see (see ErasureTombstones.lock).
   */
  lock(manager: EntityManager, customerIds: readonly string[], mode: 'shared' | 'exclusive'): Promise<void> {
    return this.shared.lock(manager, customerIds, mode);
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
    await this.shared.recordTombstone(manager, customerId, erasedAt);
    return deleted > 0;
  }

  /** The tombstones of those of these customers who were erased. */
  tombstones(manager: EntityManager, customerIds: readonly string[]): Promise<Tombstones> {
    return this.shared.tombstones(manager, customerIds);
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
