import { Injectable } from '@nestjs/common';
import type { CustomerErasureV1, InteractionV1, ScoreV1 } from '@churn/contracts';
import { type Admitted, admitEvents } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { ErasureStore } from './erasure.store';

export interface ErasureOutcome {
  /** Erasure requests applied. */
  requests: number;
  /** Of them, those whose customer had a state. */
  withState: number;
}

export interface AdmittedInputs {
  scores: Admitted<ScoreV1>;
  interactions: Admitted<InteractionV1>;
}

/**
 * Erasure inside the consumer's transaction: erasing customers, and keeping scores and
 * interactions of their erased past from bringing them back. Both hold the customers' advisory
 * locks until the commit.
 */
@Injectable()
export class CustomerEraser {
  constructor(private readonly store: ErasureStore) {}

  /** Deletes the customers' state and interactions and tombstones them, in customer order. */
  async erase(manager: EntityManager, requests: readonly CustomerErasureV1[]): Promise<ErasureOutcome> {
    if (requests.length === 0) return { requests: 0, withState: 0 };
    await this.store.lock(
      manager,
      requests.map((r) => r.customerId),
      'exclusive',
    );
    let withState = 0;
    for (const request of [...requests].sort(byCustomer)) {
      if (await this.store.erase(manager, request.customerId, request.requestedAt)) withState += 1;
    }
    return { requests: requests.length, withState };
  }

  /**
   * Splits new scores and interactions into those to apply and those of an erased past, under
   * shared locks, so an erasure cannot commit in between. A score counts from when scoring
   * computed it, an interaction from when ingestion accepted it.
   */
  async admit(
    manager: EntityManager,
    scores: readonly ScoreV1[],
    interactions: readonly InteractionV1[],
  ): Promise<AdmittedInputs> {
    const customerIds = [...scores, ...interactions].map((e) => e.customerId);
    if (customerIds.length === 0) return { scores: { live: [], erased: [] }, interactions: { live: [], erased: [] } };
    await this.store.lock(manager, customerIds, 'shared');
    const tombstones = await this.store.tombstones(manager, customerIds);
    return {
      scores: admitEvents(scores, (s) => s.computedAt, tombstones),
      interactions: admitEvents(interactions, (i) => i.ingestedAt, tombstones),
    };
  }
}

const byCustomer = (a: CustomerErasureV1, b: CustomerErasureV1): number =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
