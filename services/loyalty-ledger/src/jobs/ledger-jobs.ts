import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@churn/config';
import { type LoyaltyPolicy, customerLedger, expiryNotices, runExpiry, runTierReview, runUnlocks } from '@churn/domain';
import { OutboxRelay, OutboxWriter, schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { LoyaltyLedgerConfig } from '../config';
import { LedgerPoster } from '../ledger/ledger-poster';
import { LedgerStore } from '../ledger/ledger.store';
import { expiryNoticeRecord } from '../ledger/loyalty-events';
import { LOYALTY_CONFIG, LOYALTY_POLICY } from '../tokens';

export interface JobsReport {
  unlocked: number;
  expired: number;
  notices: number;
  tierChanges: number;
}

/**
 * The time-driven side of the ledger, as of the injected Clock: unlock lots whose return window
 * ended, lapse lots (FIFO), announce lapses EXPIRY_NOTICE_DAYS ahead, and review tiers for
 * downgrade. Each pass takes JOB_BATCH_SIZE customers due per transaction until none is due, so a
 * backlog never becomes one huge transaction; every step is keyed in the journal, so a rerun (or
 * two instances at once) posts nothing twice.
 */
@Injectable()
export class LedgerJobs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly poster: LedgerPoster,
    private readonly store: LedgerStore,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    @Inject(LOYALTY_CONFIG) private readonly config: LoyaltyLedgerConfig,
    @Inject(LOYALTY_POLICY) private readonly policy: LoyaltyPolicy,
  ) {}

  async runAll(): Promise<JobsReport> {
    // Unlock before expiry, so points are never expired straight out of the lock by a late run.
    const unlocked = await this.unlock();
    const expired = await this.expire();
    const notices = await this.notifyExpiries();
    const tierChanges = await this.reviewTiers();
    return { unlocked, expired, notices, tierChanges };
  }

  unlock(): Promise<number> {
    return this.inBatches(
      (s) =>
        `SELECT DISTINCT customer_id FROM "${s}".lots WHERE locked > 0 AND unlock_at <= $1 ORDER BY customer_id LIMIT $2`,
      async (manager, ids, now) =>
        (
          await this.poster.post(manager, ids, now, (ledger) => ({
            ledger: runUnlocks(ledger, now).ledger,
            result: undefined,
          }))
        ).posted.length,
    );
  }

  expire(): Promise<number> {
    return this.inBatches(
      (s) =>
        `SELECT DISTINCT customer_id FROM "${s}".lots WHERE locked + available > 0 AND expires_at <= $1 ORDER BY customer_id LIMIT $2`,
      async (manager, ids, now) =>
        (
          await this.poster.post(manager, ids, now, (ledger) => ({
            ledger: runExpiry(ledger, now).ledger,
            result: undefined,
          }))
        ).posted.length,
    );
  }

  /** One notice per lot, ever (table expiry_notices), published through the outbox. */
  notifyExpiries(): Promise<number> {
    const noticeMs = this.policy.expiryNoticeDays * 86_400_000;
    return this.inBatches(
      (s) => `SELECT DISTINCT l.customer_id FROM "${s}".lots l
              WHERE l.locked + l.available > 0 AND l.expires_at > $1 AND l.expires_at <= $1::timestamptz + ${noticeMs} * interval '1 millisecond'
                AND NOT EXISTS (SELECT 1 FROM "${s}".expiry_notices n WHERE n.lot_id = l.lot_id)
              ORDER BY l.customer_id LIMIT $2`,
      async (manager, ids, now) => {
        const s = schemaOf(manager.connection);
        const ledgers = await this.store.lockAndLoad(manager, ids);
        const notices = [...ledgers.values()].flatMap((ledger) => expiryNotices(ledger, now, this.policy));
        if (notices.length === 0) return 0;
        const inserted: { id: string; lot_id: string }[] = await manager.query(
          `INSERT INTO "${s}".expiry_notices (lot_id, customer_id) SELECT * FROM unnest($1::text[], $2::text[])
           ON CONFLICT (lot_id) DO NOTHING RETURNING id, lot_id`,
          [notices.map((n) => n.lotId), notices.map((n) => n.customerId)],
        );
        const idByLot = new Map(inserted.map((row) => [row.lot_id, row.id]));
        const records = notices.flatMap((notice) => {
          const id = idByLot.get(notice.lotId);
          const { available, locked } = customerLedger(ledgers.get(notice.customerId)!, notice.customerId).balances;
          return id === undefined ? [] : [expiryNoticeRecord(notice, id, { available, locked }, now)];
        });
        await this.outbox.append(manager, records);
        return records.length;
      },
    );
  }

  /** Downgrades at review dates (after grace); a review that changes nothing moves the customer's next due date. */
  reviewTiers(): Promise<number> {
    return this.inBatches(
      (s) => `SELECT customer_id FROM "${s}".tier_state WHERE review_due_at <= $1 ORDER BY customer_id LIMIT $2`,
      async (manager, ids, now) => {
        const { results, posted } = await this.poster.post(manager, ids, now, (ledger, customerId) => {
          const reviewed = runTierReview(ledger, now, this.policy, [customerId]);
          return {
            ledger: reviewed.ledger,
            result: reviewed.entries.length === 0 ? customerLedger(ledger, customerId) : undefined,
          };
        });
        const unchanged = [...results.values()].filter((customer) => customer !== undefined);
        await this.store.deferReviews(manager, unchanged, now);
        return posted.length;
      },
    );
  }

  private async inBatches(
    select: (schema: string) => string,
    apply: (manager: EntityManager, ids: string[], now: number) => Promise<number>,
  ): Promise<number> {
    const now = this.clock.now().getTime();
    let total = 0;
    for (;;) {
      const applied = await this.dataSource.transaction(async (manager) => {
        const rows: { customer_id: string }[] = await manager.query(select(schemaOf(manager.connection)), [
          new Date(now),
          this.config.JOB_BATCH_SIZE,
        ]);
        if (rows.length === 0) return undefined;
        return apply(
          manager,
          rows.map((r) => r.customer_id),
          now,
        );
      });
      if (applied === undefined) break;
      total += applied;
      this.relay.notify();
    }
    return total;
  }
}
