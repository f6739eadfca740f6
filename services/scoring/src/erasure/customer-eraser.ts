import { Injectable } from '@nestjs/common';
import type { CustomerErasureV1, PurchaseV1 } from '@churn/contracts';
import { type Admitted, admitEvents } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { ScoreCache } from '../scores/score.cache';
import { ErasureStore } from './erasure.store';

export interface ErasureOutcome {
  /** Erasure requests applied. */
  requests: number;
  /** Of them, those whose customer had a stored history. */
  withHistory: number;
}

/**
 * Erasure inside the consumer's transaction: erasing customers, and keeping purchases of their
 * erased past from bringing them back. Both hold the customers' advisory locks until the commit.
 */
@Injectable()
export class CustomerEraser {
  constructor(
    private readonly store: ErasureStore,
    private readonly cache: ScoreCache,
  ) {}

  /**
   * Deletes the customers' history and tombstones them, then their live Redis scores. Redis goes
   * before the commit, like every score write here: a Redis outage rolls the batch back and it is
   * retried, so a committed erasure never leaves a live score behind. In customer order, so two
   * transactions never wait for each other's customer rows in opposite orders.
   */
  async erase(manager: EntityManager, requests: readonly CustomerErasureV1[]): Promise<ErasureOutcome> {
    if (requests.length === 0) return { requests: 0, withHistory: 0 };
    const customerIds = [...new Set(requests.map((r) => r.customerId))].sort();
    await this.store.lock(manager, customerIds, 'exclusive');
    let withHistory = 0;
    for (const request of [...requests].sort(byCustomer)) {
      if (await this.store.erase(manager, request.customerId, request.requestedAt)) withHistory += 1;
    }
    await Promise.all(customerIds.map((id) => this.cache.remove(id)));
    return { requests: requests.length, withHistory };
  }

  /**
   * Splits new purchases into those to apply and those of an erased past (ingested at or before
   * their customer's erasure), under shared locks, so an erasure cannot commit in between.
   */
  async admit(manager: EntityManager, purchases: readonly PurchaseV1[]): Promise<Admitted<PurchaseV1>> {
    if (purchases.length === 0) return { live: [], erased: [] };
    const customerIds = purchases.map((p) => p.customerId);
    await this.store.lock(manager, customerIds, 'shared');
    return admitEvents(purchases, (p) => p.ingestedAt, await this.store.tombstones(manager, customerIds));
  }
}

const byCustomer = (a: CustomerErasureV1, b: CustomerErasureV1): number =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
