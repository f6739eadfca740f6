import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { logicalTopicName, topicName } from '@churn/contracts';
import { deadLetterRecord, kafkaSource } from './dead-letter';
import type { EventPublisher } from './event-publisher';
import type { MessagingMetrics } from './messaging-metrics';
import type { ConsumedRecord } from './records';
import { isTransientError } from './transient-errors';

/** Processes a batch of records from one partition. Must be idempotent: records can come again. */
export interface BatchHandler {
  handleBatch(records: ConsumedRecord[]): Promise<void>;
}

export interface BatchConsumerOptions {
  groupId: string;
  /** Logical topic names from the catalogue; the prefix is applied here. */
  topics: readonly string[];
  topicPrefix: string;
  /** Logical DLQ topic for a record of a given (logical) source topic that keeps failing. */
  deadLetterTopicFor: (sourceTopic: string) => string;
  /** Attempts for an error that is not transient before the batch is split and the culprit dead-lettered. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  /** Kept well under a third of the session timeout, because heartbeats are sent between attempts. */
  maxBackoffMs?: number;
  isTransient?: (error: unknown) => boolean;
  /** Test and replay hook; a new group starts from the earliest offset by default. */
  fromBeginning?: boolean;
  /**
   * Partitions processed at once by this member (order within a partition is always kept).
   * Above 1, one partition's database work overlaps another's broker round trip.
   */
  partitionsConsumedConcurrently?: number;
}

/**
 * A consumer-group member that processes whole batches. At-least-once: offsets are resolved only
 * after the handler succeeded. A transient outage is retried forever with exponential backoff and
 * jitter (never dead-lettering good records because a dependency blinked); an error that persists
 * is narrowed down record by record and only the failing record goes to the DLQ, with the error,
 * the original payload and its coordinates, so one poison message cannot stall a partition.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private readonly stopping = new AbortController();
  private readonly maxAttempts: number;
  private readonly backoff: ExponentialBackoff<unknown>;
  private readonly isTransient: (error: unknown) => boolean;

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions,
    private readonly handler: BatchHandler,
    private readonly publisher: EventPublisher,
    private readonly metrics: MessagingMetrics,
    private readonly logger: Logger,
  ) {
    this.consumer = kafka.consumer({ groupId: topicName(options.groupId, options.topicPrefix), allowAutoTopicCreation: false });
    this.maxAttempts = options.maxAttempts ?? 3;
    this.backoff = new ExponentialBackoff({ initialDelay: options.initialBackoffMs ?? 200, maxDelay: options.maxBackoffMs ?? 5_000 });
    this.isTransient = options.isTransient ?? isTransientError;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics.map((t) => topicName(t, this.options.topicPrefix)),
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      eachBatchAutoResolve: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Graceful: kafkajs lets the running batch finish and commits resolved offsets before leaving. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.consumer.disconnect();
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.isEmpty()) return;
    const records = batch.messages.map((message) => toRecord(batch.topic, batch.partition, message));
    const active = (): boolean => isRunning() && !isStale() && !this.stopping.signal.aborted;
    const group = this.options.groupId;
    const stopTimer = this.metrics.batchSeconds.startTimer({ group });
    await this.processResiliently(records, heartbeat, active);
    stopTimer();
    this.metrics.consumed.inc({ topic: batch.topic, group }, records.length);
    this.metrics.lag.set({ topic: batch.topic, partition: String(batch.partition), group }, Number(batch.offsetLag()));
  }

  private async processResiliently(records: ConsumedRecord[], heartbeat: () => Promise<void>, active: () => boolean): Promise<void> {
    let permanentFailures = 0;
    const policy = retry(
      handleWhen((error) => active() && (this.isTransient(error) || ++permanentFailures < this.maxAttempts)),
      { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: this.backoff },
    );
    policy.onRetry((event) => {
      const error = 'error' in event ? event.error : undefined;
      const kind = this.isTransient(error) ? 'transient' : 'permanent';
      this.metrics.retries.inc({ group: this.options.groupId, kind });
      this.logger.warn({ err: error, kind, delayMs: Math.round(event.delay), records: records.length }, 'batch failed; retrying');
      void heartbeat().catch(() => undefined);
    });
    try {
      await policy.execute(() => this.handler.handleBatch(records), this.stopping.signal);
    } catch (error) {
      // Stopping or rebalancing: leave the offsets unresolved; the batch comes again.
      if (!active()) throw error;
      if (records.length > 1) {
        for (const record of records) await this.processResiliently([record], heartbeat, active);
      } else {
        await this.deadLetter(records[0]!, error);
      }
    }
  }

  private async deadLetter(record: ConsumedRecord, error: unknown): Promise<void> {
    const logicalTopic = logicalTopicName(record.topic, this.options.topicPrefix);
    const dlqTopic = this.options.deadLetterTopicFor(logicalTopic);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.error({ err: error, topic: record.topic, partition: record.partition, offset: record.offset }, 'record dead-lettered after repeated failures');
    await this.publisher.publish([
      deadLetterRecord({
        dlqTopic,
        consumer: this.options.groupId,
        reason: { code: 'processing_failed', message },
        source: kafkaSource(record),
        payload: record.value,
        key: record.key,
        now: new Date(),
      }),
    ]);
    this.metrics.deadLettered.inc({ topic: dlqTopic, reason: 'processing_failed' });
  }
}

function toRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

