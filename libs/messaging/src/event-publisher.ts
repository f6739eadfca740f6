import type { Kafka, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { topicName } from '@churn/contracts';
import type { MessagingMetrics } from './messaging-metrics';
import { type OutgoingRecord, serializeValue } from './records';

/**
 * The service's one Kafka producer: idempotent (no duplicates from its own retries), acks=all,
 * and `publish` resolves only once the broker acknowledged every record, so callers may only
 * then acknowledge upstream (HTTP 202, offset commit). Retries are bounded on purpose: an HTTP
 * caller must get a 503 within seconds rather than wait for an outage to end.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;
  private connecting: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly topicPrefix: string,
    private readonly metrics: MessagingMetrics,
    private readonly logger: Logger,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects once; concurrent callers share the attempt. Also used to reconnect after an outage. */
  async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().finally(() => (this.connecting = undefined));
    await this.connecting;
  }

  /** Publishes records to (possibly) several topics in one request per broker; resolves after acks. */
  async publish(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.connected) await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const topic = topicName(record.topic, this.topicPrefix);
      const messages = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
      messages.push({ key: record.key, value: serializeValue(record.value), headers: record.headers });
    }
    const stopTimer = this.metrics.publishSeconds.startTimer();
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    stopTimer();
    for (const [topic, messages] of byTopic) this.metrics.published.inc({ topic }, messages.length);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect().catch((error: unknown) => this.logger.warn({ err: error }, 'producer disconnect failed'));
  }
}
