import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle } from '@churn/messaging';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../tokens';
import { ReadModelApplier } from './read-model.applier';

/**
 * Consumes scores.v1 and churn-predictions.v1 into the gateway's read model. Invalid records are
 * kept in the gateway's rejected_events table by the applier; one that keeps failing for another
 * reason goes to the scores DLQ of its source (the catalogue has no gateway DLQ yet).
 */
@Injectable()
export class ReadModelConsumer implements BatchHandler, OnModuleInit {
  constructor(
    private readonly lifecycle: KafkaLifecycle,
    private readonly applier: ReadModelApplier,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.lifecycle.register(
      {
        groupId: this.config.CONSUMER_GROUP,
        topics: [Topics.scores, Topics.churnPredictions],
        deadLetterTopicFor: (source) => (source === Topics.scores ? Topics.scoringDlq : Topics.churnPredictionDlq),
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      this,
    );
  }

  handleBatch(records: ConsumedRecord[]): Promise<void> {
    return this.applier.apply(records);
  }
}
