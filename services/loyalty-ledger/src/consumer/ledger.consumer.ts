import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle } from '@churn/messaging';
import type { LoyaltyLedgerConfig } from '../config';
import { LOYALTY_CONFIG } from '../tokens';
import { LedgerApplier } from './ledger-applier';

/**
 * Consumes purchases.v1 (earn, lock, reverse), interactions.v1 (review points) and alerts.v1
 * (win-back) and customer-erasures.v1 (anonymize) in one group. Outages retry with backoff (the messaging layer); a record that keeps
 * failing for another reason goes to loyalty-ledger.dlq.v1.
 */
@Injectable()
export class LedgerConsumer implements BatchHandler, OnModuleInit {
  constructor(
    private readonly lifecycle: KafkaLifecycle,
    private readonly applier: LedgerApplier,
    @Inject(LOYALTY_CONFIG) private readonly config: LoyaltyLedgerConfig,
  ) {}

  onModuleInit(): void {
    this.lifecycle.register(
      {
        groupId: this.config.CONSUMER_GROUP,
        topics: [Topics.purchases, Topics.interactions, Topics.alerts, Topics.customerErasures],
        deadLetterTopicFor: () => Topics.loyaltyDlq,
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      this,
    );
  }

  handleBatch(records: ConsumedRecord[]): Promise<void> {
    return this.applier.apply(records);
  }
}
