import { Inject, Injectable } from '@nestjs/common';
import { CustomerErasureV1, Topics } from '@churn/contracts';
import { Clock } from '@churn/config';
import type { ConsumedRecord } from '@churn/messaging';
import { LOGGER } from '@churn/observability';
import { OutboxRelay, OutboxWriter, recordNewEvents } from '@churn/persistence';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AlertingConfig } from '../config';
import { type CustomerErasure, ErasureStore } from '../erasure/erasure.store';
import { type ErasureRequest, erasureRequest } from '../erasure/pseudonym';
import { ALERTING_CONFIG } from '../tokens';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { deadLetterOf, processedIdOf, recordParser } from './consumed-record';

const parseErasure = recordParser(CustomerErasureV1);

/**
 * Applies customer-erasures.v1 effectively-once, in ONE transaction with the processed-event
 * record: the customers' alerts get the request's pseudonym, their rule state, undelivered webhook
 * deliveries and outbox records go, delivered webhook bodies are rewritten (ErasureStore). A replay
 * is recorded as known and changes nothing; even after processed_events forgot it, no row names
 * the customer any more, so it would find nothing to change. Invalid records are dead-lettered.
 */
@Injectable()
export class ErasureApplier {
  private readonly consumer: string;
  private readonly applied: Counter<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly erasures: ErasureStore,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: Clock,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.consumer = `${config.CONSUMER_GROUP}:${Topics.customerErasures}`;
    this.applied = new Counter({ name: 'alerting_erasures_total', help: 'customer-erasures.v1 records by outcome (applied, duplicate, dead_lettered)', labelNames: ['outcome'], registers: [registry] });
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map(parseErasure);
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.consumer, parsed.map(processedIdOf));
      // Sorted like the prediction applier's customers, so overlapping batches take the state locks in
      // the same order (were collations to differ, Postgres breaks the deadlock and the batch is retried).
      const requests = parsed
        .flatMap((p) => (p.ok && fresh.has(p.event.eventId) ? [erasureRequest(p.event)] : []))
        .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
      const erased: { request: ErasureRequest; result: CustomerErasure }[] = [];
      for (const request of requests) {
        const result = await this.erasures.anonymize(manager, request);
        // Before the commit: once the rows are gone, no worker of this instance may send them from
        // memory. Should the transaction roll back, the rows are still leased and get sent from the
        // table when the lease ends.
        this.dispatcher.forget(result.droppedDeliveryIds);
        erased.push({ request, result });
      }
      const outboxRows = await this.erasures.forgetOutbox(manager, [...new Set(requests.map((r) => r.customerId))]);
      const deadLetters = parsed.flatMap((p) => (!p.ok && fresh.has(processedIdOf(p)) ? [deadLetterOf(p, this.config.CONSUMER_GROUP, now)] : []));
      await this.outbox.append(manager, deadLetters);
      return { erased, outboxRows, deadLettered: deadLetters.length };
    });
    if (outcome.deadLettered > 0) this.relay.notify();
    for (const { request, result } of outcome.erased) {
      // The erasure's own id and counts only: logs never name the customer.
      this.logger.info(
        { erasureEventId: request.eventId, alerts: result.alerts, stateDeleted: result.stateDeleted, deliveriesDropped: result.droppedDeliveryIds.length, deliveriesRewritten: result.rewrittenDeliveries },
        'customer erased from alerting',
      );
    }
    if (outcome.erased.length > 0) this.logger.info({ erasures: outcome.erased.length, outboxRowsDeleted: outcome.outboxRows }, 'erasure batch committed');
    this.applied.inc({ outcome: 'applied' }, outcome.erased.length);
    this.applied.inc({ outcome: 'dead_lettered' }, outcome.deadLettered);
    this.applied.inc({ outcome: 'duplicate' }, records.length - outcome.erased.length - outcome.deadLettered);
  }
}
