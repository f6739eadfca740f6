import { Injectable } from '@nestjs/common';
import { ErasureTombstones, type Tombstones, schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The SQL of erasure: the locks that order erasures against purchases and the tombstones (shared,
 * see ErasureTombstones), and the deletion of a customer's rows. Every call runs in the caller's
 * transaction.
 */
@Injectable()
export class ErasureStore {
  private readonly schema: string;
  private readonly shared: ErasureTombstones;

  constructor(dataSource: DataSource) {
    this.schema = schemaOf(dataSource);
    this.shared = new ErasureTombstones(this.schema);
  }

  /** Advisory locks on the customers: 'exclusive' while erasing, 'shared' while applying purchases (see ErasureTombstones.lock). */
  lock(manager: EntityManager, customerIds: readonly string[], mode: 'shared' | 'exclusive'): Promise<void> {
    return this.shared.lock(manager, customerIds, mode);
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
    await this.shared.recordTombstone(manager, customerId, erasedAt);
    return held.length > 0;
  }

  /** The tombstones of those of these customers who were erased. */
  tombstones(manager: EntityManager, customerIds: readonly string[]): Promise<Tombstones> {
    return this.shared.tombstones(manager, customerIds);
  }
}
