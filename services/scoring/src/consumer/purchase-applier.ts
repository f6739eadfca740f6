import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type ConsumedRecord, type OutgoingRecord, deadLetterRecord, kafkaSource } from '@churn/messaging';
import { LOGGER } from '@churn/observability';
import { OutboxRelay, recordNewEvents } from '@churn/persistence';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '@churn/config';
import type { ScoringConfig } from '../config';
import { CustomerEraser } from '../erasure/customer-eraser';
import { planBatch } from '../history/batch-plan';
import { HistoryStore } from '../history/history.store';
import { ParameterStore } from '../parameters/parameter.store';
import { CustomerScorer } from '../scores/customer-scorer';
import { SCORING_CONFIG } from '../tokens';
import { type ParsedRecord, parseConsumedRecord, processedIdOf } from './consumed-record';

/**
 * Applies one consumed batch of purchases.v1 and customer-erasures.v1 effectively-once, in ONE
 * transaction: record the batch's ids as processed and keep only the new ones, erase the customers
 * asked for, drop purchases of an erased past, append the rest to the customers' histories,
 * re-score the touched customers, and put their scores (and any dead letters) in the outbox. A
 * replay or redelivery finds every id recorded and changes nothing.
 */
@Injectable()
export class PurchaseApplier {
  private readonly applied: Counter<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly parameters: ParameterStore,
    private readonly scorer: CustomerScorer,
    private readonly eraser: CustomerEraser,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.applied = new Counter({
      name: 'scoring_events_total',
      help: 'purchases.v1 and customer-erasures.v1 records by outcome (applied, erased, suppressed: a purchase of an erased past, duplicate, dead_lettered)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map((r) => parseConsumedRecord(r, this.config.TOPIC_PREFIX));
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.config.CONSUMER_GROUP, parsed.map(processedIdOf));
      const isFresh = (p: ParsedRecord): boolean => fresh.has(processedIdOf(p));
      // Erasures first: a purchase of the same batch is then judged against the new tombstone.
      const erasure = await this.eraser.erase(
        manager,
        parsed.flatMap((p) => (p.ok && p.kind === 'erasure' && isFresh(p) ? [p.event] : [])),
      );
      const { live, erased } = await this.eraser.admit(
        manager,
        parsed.flatMap((p) => (p.ok && p.kind === 'purchase' && isFresh(p) ? [p.event] : [])),
      );
      const stored = await this.history.lockCustomers(
        manager,
        live.map((e) => e.customerId),
        'update',
      );
      const plan = planBatch(live, fresh, new Map([...stored.values()].map((s) => [s.customerId, s.currency])));
      const customers = await this.history.append(manager, plan.byCustomer);
      const deadLetters = [
        ...parsed
          .filter((p) => !p.ok && isFresh(p))
          .map((p) => this.deadLetter(p, 'unparseable or invalid record', now)),
        ...plan.rejected.map((r) =>
          this.deadLetter(
            parsed.find((p) => p.ok && p.kind === 'purchase' && p.event.eventId === r.event.eventId)!,
            r.reason,
            now,
          ),
        ),
      ];
      if (customers.length > 0 || deadLetters.length > 0) {
        const params = await this.parameters.active(manager);
        await this.scorer.scoreWithin(manager, { customers, params, trigger: 'event', now, alsoPublish: deadLetters });
      }
      return {
        applied: [...plan.byCustomer.values()].reduce((n, es) => n + es.length, 0),
        deadLettered: deadLetters.length,
        erasure,
        suppressed: erased.length,
      };
    });
    this.relay.notify();
    // Counts only: a customer id in the logs would be the personal data the erasure removed.
    if (outcome.erasure.requests > 0) {
      this.logger.info(
        { event: 'customer_erasure', requests: outcome.erasure.requests, withHistory: outcome.erasure.withHistory },
        'customers erased',
      );
    }
    if (outcome.suppressed > 0) {
      this.logger.info(
        { event: 'erased_purchases_skipped', purchases: outcome.suppressed },
        'purchases of erased customers ingested before their erasure were not applied',
      );
    }
    const handled = outcome.applied + outcome.deadLettered + outcome.erasure.requests + outcome.suppressed;
    this.applied.inc({ outcome: 'applied' }, outcome.applied);
    this.applied.inc({ outcome: 'erased' }, outcome.erasure.requests);
    this.applied.inc({ outcome: 'suppressed' }, outcome.suppressed);
    this.applied.inc({ outcome: 'dead_lettered' }, outcome.deadLettered);
    this.applied.inc({ outcome: 'duplicate' }, records.length - handled);
  }

  private deadLetter(parsed: ParsedRecord, reason: string, now: Date): OutgoingRecord {
    const { record } = parsed;
    return deadLetterRecord({
      dlqTopic: Topics.scoringDlq,
      consumer: this.config.CONSUMER_GROUP,
      reason: parsed.ok ? { code: 'invalid', message: reason } : { code: parsed.code, message: parsed.reason },
      source: kafkaSource(record),
      payload: record.value,
      key: record.key,
      ...(parsed.ok ? { eventId: parsed.event.eventId } : {}),
      now,
    });
  }
}
