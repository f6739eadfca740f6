import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type ConsumedRecord, type OutgoingRecord, deadLetterRecord, kafkaSource } from '@churn/messaging';
import { OutboxRelay, recordNewEvents } from '@churn/persistence';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '@churn/config';
import type { ScoringConfig } from '../config';
import { planBatch } from '../history/batch-plan';
import { HistoryStore } from '../history/history.store';
import { type ParsedRecord, parsePurchaseRecord, processedIdOf } from '../history/purchase-record';
import { ParameterStore } from '../parameters/parameter.store';
import { CustomerScorer } from '../scores/customer-scorer';
import { SCORING_CONFIG } from '../tokens';

/**
 * Applies one consumed batch of purchases.v1 effectively-once, in ONE transaction: record the
 * batch's eventIds as processed and keep only the new ones, append them to the customers'
 * histories, re-score the touched customers, and put their scores (and any dead letters) in the
 * outbox. A replay or redelivery finds every eventId recorded and changes nothing.
 */
@Injectable()
export class PurchaseApplier {
  private readonly applied: Counter<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly parameters: ParameterStore,
    private readonly scorer: CustomerScorer,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    registry: Registry,
  ) {
    this.applied = new Counter({
      name: 'scoring_events_total',
      help: 'purchases.v1 records by outcome (applied, duplicate, dead_lettered)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map(parsePurchaseRecord);
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.config.CONSUMER_GROUP, parsed.map(processedIdOf));
      const events = parsed.flatMap((p) => (p.ok ? [p.event] : []));
      const stored = await this.history.lockCustomers(
        manager,
        events.filter((e) => fresh.has(e.eventId)).map((e) => e.customerId),
        'update',
      );
      const plan = planBatch(events, fresh, new Map([...stored.values()].map((s) => [s.customerId, s.currency])));
      const customers = await this.history.append(manager, plan.byCustomer);
      const deadLetters = [
        ...parsed.filter((p) => !p.ok && fresh.has(processedIdOf(p))).map((p) => this.deadLetter(p, 'unparseable or invalid purchase', now)),
        ...plan.rejected.map((r) => this.deadLetter(parsed.find((p) => p.ok && p.event.eventId === r.event.eventId)!, r.reason, now)),
      ];
      if (customers.length > 0 || deadLetters.length > 0) {
        const params = await this.parameters.active(manager);
        await this.scorer.scoreWithin(manager, { customers, params, trigger: 'event', now, alsoPublish: deadLetters });
      }
      return { applied: [...plan.byCustomer.values()].reduce((n, es) => n + es.length, 0), deadLettered: deadLetters.length };
    });
    this.relay.notify();
    this.applied.inc({ outcome: 'applied' }, outcome.applied);
    this.applied.inc({ outcome: 'dead_lettered' }, outcome.deadLettered);
    this.applied.inc({ outcome: 'duplicate' }, records.length - outcome.applied - outcome.deadLettered);
  }

  private deadLetter(parsed: ParsedRecord, reason: string, now: Date): OutgoingRecord {
    const { record } = parsed;
    return deadLetterRecord({
      dlqTopic: Topics.scoringDlq,
      consumer: this.config.CONSUMER_GROUP,
      reason: { code: 'invalid', message: parsed.ok ? reason : parsed.reason },
      source: kafkaSource(record),
      payload: record.value,
      key: record.key,
      ...(parsed.ok ? { eventId: parsed.event.eventId } : {}),
      now,
    });
  }
}
