import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { topicName } from '@churn/contracts';
import { chunkMessages } from './chunk-messages';
import { CoalescingSender } from './coalescing-sender';
import type { MessagingMetrics } from './messaging-metrics';
import { type OutgoingRecord, serializeValue } from './records';

/** Below the broker's default message.max.bytes (1 MiB), leaving room for batch framing. */
const MAX_REQUEST_BYTES = 900 * 1024;

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
  private readonly sender: CoalescingSender;

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
      // Murmur2, as the Java client: the same key lands on the same partition whoever produces it.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    this.sender = new CoalescingSender(async (topic, messages) => {
      // Sequential chunks keep each customer's records in order on their partition.
      for (const chunk of chunkMessages(messages, MAX_REQUEST_BYTES)) await this.producer.send({ topic, acks: -1, messages: chunk });
    });
    // Not the CONNECT event: kafkajs emits it before the idempotent producer has its producer id,
    // and a send in that gap fails inside kafkajs (its broker lock is taken and released on
    // different sides of the initialisation). Connected means connect() resolved.
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects once; concurrent callers share the attempt. Also used to reconnect after an outage. */
  async connect(): Promise<void> {
    this.connecting ??= this.producer
      .connect()
      .then(() => {
        this.connected = true;
      })
      .finally(() => (this.connecting = undefined));
    await this.connecting;
  }

  /** Publishes records to one or more topics; resolves once the broker acknowledged all of them (acks=all). */
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
    await this.sender.send(byTopic);
    stopTimer();
    for (const [topic, messages] of byTopic) this.metrics.published.inc({ topic }, messages.length);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect().catch((error: unknown) => this.logger.warn({ err: error }, 'producer disconnect failed'));
  }
}
