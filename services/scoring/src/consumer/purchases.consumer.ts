import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle } from '@churn/messaging';
import type { ScoringConfig } from '../config';
import { SCORING_CONFIG } from '../tokens';
import { PurchaseApplier } from './purchase-applier';

/**
 * Consumes purchases.v1. A database, broker or Redis outage makes the batch retry with backoff
 * (the messaging layer); a record that keeps failing for another reason goes to scoring.dlq.v1.
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
        topics: [Topics.purchases],
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
