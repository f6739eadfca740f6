import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics, logicalTopicName } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle } from '@churn/messaging';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../tokens';
import { ErasureApplier } from './erasure-applier';
import { PredictionApplier } from './prediction-applier';
import { PurchaseApplier } from './purchase-applier';

/**
 * Consumes churn-predictions.v1 (the rules), purchases.v1 (auto-resolve, closed loop) and
 * customer-erasures.v1 (anonymize) in one group; a batch comes from one partition of one topic.
 * Outages retry with backoff (messaging layer); a record that keeps failing for another reason
 * goes to alerting.dlq.v1.
 */
@Injectable()
export class AlertingConsumer implements BatchHandler, OnModuleInit {
  constructor(
    private readonly lifecycle: KafkaLifecycle,
    private readonly predictions: PredictionApplier,
    private readonly purchases: PurchaseApplier,
    private readonly erasures: ErasureApplier,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  onModuleInit(): void {
    this.lifecycle.register(
      {
        groupId: this.config.CONSUMER_GROUP,
        topics: [Topics.churnPredictions, Topics.purchases, Topics.customerErasures],
        deadLetterTopicFor: () => Topics.alertingDlq,
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      this,
    );
  }

  handleBatch(records: ConsumedRecord[]): Promise<void> {
    const topic = logicalTopicName(records[0]!.topic, this.config.TOPIC_PREFIX);
    if (topic === Topics.purchases) return this.purchases.apply(records);
    if (topic === Topics.customerErasures) return this.erasures.apply(records);
    return this.predictions.apply(records);
  }
}
