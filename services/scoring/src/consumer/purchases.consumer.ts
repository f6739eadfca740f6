import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle } from '@churn/messaging';
import type { ScoringConfig } from '../config';
import { SCORING_CONFIG } from '../tokens';
import { PurchaseApplier } from './purchase-applier';

/**
 * Consumes purchases.v1 and customer-erasures.v1 in one group (key = customerId on both). One
 * group rather than a second consumer: one applier, one processed-events record and one lock
 * discipline order a customer's erasure against their purchases. A database, broker or Redis
 * outage makes the batch retry with backoff (the messaging layer); a record that keeps failing for
 * another reason goes to scoring.dlq.v1.
 */
@Injectable()
export class PurchasesConsumer implements BatchHandler, OnModuleInit {
  constructor(
    private readonly lifecycle: KafkaLifecycle,
    private readonly applier: PurchaseApplier,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
  ) {}

  onModuleInit(): void {
    this.lifecycle.register(
      {
        groupId: this.config.CONSUMER_GROUP,
        topics: [Topics.purchases, Topics.customerErasures],
        deadLetterTopicFor: () => Topics.scoringDlq,
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      this,
    );
  }

  handleBatch(records: ConsumedRecord[]): Promise<void> {
    return this.applier.apply(records);
  }
}
