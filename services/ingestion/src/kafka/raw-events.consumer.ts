import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { invalid, logicalTopicName, parseJsonPayload } from '@churn/contracts';
import { type BatchHandler, type ConsumedRecord, KafkaLifecycle, kafkaSource } from '@churn/messaging';
import type { IngestionConfig } from '../config';
import { EVENT_STREAMS, type EventStream } from '../pipeline/event-streams';
import type { IngestInput } from '../pipeline/ingest-outcome';
import { IngestPipeline } from '../pipeline/ingest-pipeline';
import { INGESTION_CONFIG } from '../tokens';

/**
 * Consumes purchases.raw.v1 and interactions.raw.v1. Everything that cannot be accepted goes to
 * the stream's DLQ with the reason; a failure to reach Postgres or Kafka makes the whole batch
 * retry (the messaging layer's backoff), so nothing is committed that was not published.
 */
@Injectable()
export class RawEventsConsumer implements BatchHandler, OnModuleInit {
  private readonly streamsByTopic: ReadonlyMap<string, EventStream>;

  constructor(
    private readonly lifecycle: KafkaLifecycle,
    private readonly pipeline: IngestPipeline,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {
    this.streamsByTopic = new Map(EVENT_STREAMS.map((stream) => [stream.rawTopic, stream]));
  }

  onModuleInit(): void {
    this.lifecycle.register(
      {
        groupId: this.config.CONSUMER_GROUP,
        topics: [...this.streamsByTopic.keys()],
        deadLetterTopicFor: (topic) => this.streamFor(topic).deadLetterTopic,
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      this,
    );
  }

  async handleBatch(records: ConsumedRecord[]): Promise<void> {
    // kafkajs batches are per partition, hence per topic.
    const stream = this.streamFor(logicalTopicName(records[0]!.topic, this.config.TOPIC_PREFIX));
    await this.pipeline.ingest(stream, records.map(toInput), { deadLetterInvalid: true });
  }

  private streamFor(topic: string): EventStream {
    const stream = this.streamsByTopic.get(topic);
    if (!stream) throw new Error(`no event stream consumes topic ${topic}`);
    return stream;
  }
}

/** Fields listed rather than spread from a shared base: this runs for every consumed record. */
function toInput(record: ConsumedRecord): IngestInput {
  const parsed =
    record.value === null || record.value.length === 0
      ? invalid({ path: '', message: 'record has no value' })
      : parseJsonPayload(record.value.toString('utf8'));
  const source = kafkaSource(record);
  return parsed.ok
    ? { parsed: parsed.value, original: record.value, key: record.key, source }
    : { parsed: undefined, parseIssues: parsed.issues, original: record.value, key: record.key, source };
}
