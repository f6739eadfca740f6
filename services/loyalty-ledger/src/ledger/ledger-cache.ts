import { Inject, Injectable } from '@nestjs/common';
import type { LoyaltyLedger } from '@churn/domain';
import type { LoyaltyLedgerConfig } from '../config';
import { LOYALTY_CONFIG } from '../tokens';

/** A customer's folded ledger and the `customer_balances.last_seq` it is the journal of. */
export interface CachedLedger {
  /** As Postgres returns a bigint: a decimal string. */
  readonly lastSeq: string;
  readonly ledger: LoyaltyLedger;
}

/** One per entry, plus one for the customer: histories grow without bound, so counting customers bounds nothing. */
const weightOf = (cached: CachedLedger): number => cached.ledger.entries.length + 1;

/**
 * The process's folded ledgers by customer, least recently used evicted first once they hold more
 * than LEDGER_CACHE_ENTRIES journal entries. A hint only: LedgerStore uses a ledger only when the
 * database, under the customer's lock, still has the same last_seq.
 */
@Injectable()
export class LedgerCache {
  /** Least recently used first (a Map iterates in insertion order). */
  private readonly ledgers = new Map<string, CachedLedger>();
  private readonly capacity: number;
  private held = 0;

  constructor(@Inject(LOYALTY_CONFIG) config: Pick<LoyaltyLedgerConfig, 'LEDGER_CACHE_ENTRIES'>) {
    this.capacity = config.LEDGER_CACHE_ENTRIES;
  }

  get(customerId: string): CachedLedger | undefined {
    const cached = this.ledgers.get(customerId);
    if (cached) {
      this.ledgers.delete(customerId);
      this.ledgers.set(customerId, cached);
    }
    return cached;
  }

  put(customerId: string, cached: CachedLedger): void {
    this.remove(customerId);
    const weight = weightOf(cached);
    // A ledger bigger than the whole cache would only evict everything else.
    if (weight > this.capacity) return;
    this.ledgers.set(customerId, cached);
    this.held += weight;
    for (const oldest of this.ledgers.keys()) {
      if (this.held <= this.capacity) break;
      this.remove(oldest);
    }
  }

  /** Drops an erased customer's ledger: it names them, and nothing may use it again anyway. */
  forget(customerId: string): void {
    this.remove(customerId);
  }

  private remove(customerId: string): void {
    const cached = this.ledgers.get(customerId);
    if (!cached) return;
    this.ledgers.delete(customerId);
    this.held -= weightOf(cached);
  }
}
