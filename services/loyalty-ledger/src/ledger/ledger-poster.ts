import { Inject, Injectable } from '@nestjs/common';
import { type LoyaltyLedger, type LoyaltyPolicy, runTierReview } from '@churn/domain';
import type { OutgoingRecord } from '@churn/messaging';
import type { EntityManager } from 'typeorm';
import { LOYALTY_POLICY } from '../tokens';
import { type LedgerChange, LedgerStore, type PostedEntry, type StoredAnswer } from './ledger.store';

/**
 * What a posting step computed for one customer: the ledger after it, its result, records beside
 * the loyalty events, and the answer to store for the request (written with the entries).
 */
export interface PostingWork<T> {
  readonly ledger: LoyaltyLedger;
  readonly result: T;
  readonly records?: readonly OutgoingRecord[];
  readonly answer?: StoredAnswer;
}

/**
 * The one way the service changes the ledger, inside the caller's transaction: lock and load the
 * customers, let the domain post for each customer on that customer's own ledger, check tier
 * upgrades where points were issued (upgrades are immediate), and persist the new entries with
 * their derived rows, their loyalty.v1 events (and any other records) in the outbox and the
 * requests' answers, in one statement. Commit or rollback covers all of it.
 */
@Injectable()
export class LedgerPoster {
  constructor(
    private readonly store: LedgerStore,
    @Inject(LOYALTY_POLICY) private readonly policy: LoyaltyPolicy,
  ) {}

  async post<T>(
    manager: EntityManager,
    customerIds: Iterable<string>,
    now: number,
    work: (ledger: LoyaltyLedger, customerId: string) => PostingWork<T>,
    records: readonly OutgoingRecord[] = [],
  ): Promise<{ results: Map<string, T>; posted: PostedEntry[] }> {
    const ledgers = await this.store.lockAndLoad(manager, customerIds);
    const results = new Map<string, T>();
    const changes: LedgerChange[] = [];
    const extra: OutgoingRecord[] = [...records];
    const answers: StoredAnswer[] = [];
    for (const [customerId, before] of ledgers) {
      const done = work(before, customerId);
      const issued = done.ledger.entries
        .slice(before.entries.length)
        .some((e) => e.lines.some((l) => l.account === 'issued'));
      const after = issued ? runTierReview(done.ledger, now, this.policy, [customerId]).ledger : done.ledger;
      results.set(customerId, done.result);
      changes.push({ customerId, before, after });
      extra.push(...(done.records ?? []));
      if (done.answer) answers.push(done.answer);
    }
    const posted = await this.store.persist(manager, changes, now, { records: extra, answers });
    return { results, posted };
  }
}
