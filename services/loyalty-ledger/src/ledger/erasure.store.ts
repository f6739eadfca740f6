import { Injectable } from '@nestjs/common';
import { schemaOf } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { LedgerCache } from './ledger-cache';

/** Tables that name the customer, besides the journal. */
const DERIVED_TABLES = ['lots', 'tier_state', 'expiry_notices'] as const;

/**
 * Erasure (customer-erasures.v1): the customer's id is replaced by a pseudonym everywhere it
 * appears. Entries and lines are rewritten in place, the one change the journal's append-only
 * trigger allows (only customer_id, only with loyalty.erasure set for the transaction), so every
 * entry keeps its lines and still balances, and the books still prove out; points are not
 * forfeited. Keys and details hold event and order ids, never the customer id.
 *
 * The balance row moves with its last_seq, so no process can post on a cached ledger of the old
 * journal (LedgerCache): the id's next posting creates a new row at last_seq 0, which only an empty
 * journal has, and the pseudonym's row carries the last_seq of exactly the journal it received.
 * This process also forgets its cached ledger of the customer, which still names them; another
 * instance's copy (from before a rebalance) is never used again and ages out of its cache.
 */
@Injectable()
export class ErasureStore {
  constructor(private readonly cache: LedgerCache) {}

  /** Returns whether the customer had anything in the ledger. */
  async anonymize(manager: EntityManager, customerId: string, pseudonym: string): Promise<boolean> {
    this.cache.forget(customerId);
    const s = schemaOf(manager.connection);
    const locked: unknown[] = await manager.query(
      `SELECT customer_id FROM "${s}".customer_balances WHERE customer_id = $1 FOR UPDATE`,
      [customerId],
    );
    if (locked.length === 0) return false;
    await manager.query(`SELECT set_config('loyalty.erasure', 'on', true)`);
    for (const table of ['journal_entries', 'journal_lines', 'customer_balances', ...DERIVED_TABLES]) {
      await manager.query(`UPDATE "${s}".${table} SET customer_id = $2 WHERE customer_id = $1`, [
        customerId,
        pseudonym,
      ]);
    }
    await manager.query(
      `UPDATE "${s}".redemption_requests SET customer_id = $2, response = jsonb_set(response, '{customerId}', to_jsonb($2::text))
       WHERE customer_id = $1`,
      [customerId, pseudonym],
    );
    await manager.query(`SELECT set_config('loyalty.erasure', 'off', true)`);
    return true;
  }
}
