import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle } from '@churn/messaging';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../tokens';
import { ReadModelApplier } from './read-model.applier';

/**
 * Consumes scores.v1 and churn-predictions.v1 into the gateway's read model. What it cannot apply
 * goes to gateway.dlq.v1: invalid records from the applier, one that keeps failing for another
 * reason from the messaging layer.
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
        deadLetterTopicFor: () => Topics.gatewayDlq,
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      this,
    );
  }

  handleBatch(records: ConsumedRecord[]): Promise<void> {
    return this.applier.apply(records);
  }
}
