import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle } from '@churn/messaging';
import type { ChurnPredictionConfig } from '../config';
import { CHURN_PREDICTION_CONFIG } from '../tokens';
import { EventApplier } from './event-applier';

/**
 * Consumes scores.v1, interactions.v1 and customer-erasures.v1 in one group (key = customerId on
 * all, so a customer's records stay in order per topic; one applier, processed-events record and
 * lock discipline order an erasure against the customer's other records). An outage retries the
 * batch with backoff (the messaging layer); a record that keeps failing for another reason goes to
 * churn-prediction.dlq.v1.
 */
@Injectable()
export class EventsConsumer implements BatchHandler, OnModuleInit {
  constructor(
    private readonly lifecycle: KafkaLifecycle,
    private readonly applier: EventApplier,
    @Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig,
  ) {}

  onModuleInit(): void {
    this.lifecycle.register(
      {
        groupId: this.config.CONSUMER_GROUP,
        topics: [Topics.scores, Topics.interactions, Topics.customerErasures],
        deadLetterTopicFor: () => Topics.churnPredictionDlq,
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      this,
    );
  }

  handleBatch(records: ConsumedRecord[]): Promise<void> {
    return this.applier.apply(records);
  }
}
