import { Kafka, logLevel } from 'kafkajs';
import { logicalTopicName, topicName } from '@churn/contracts';
import { eventually } from './eventually';

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads topics from the beginning into memory, for asserting what a service published. Uses its
 * own throwaway consumer group, so it sees everything and disturbs no one.
 */
export class TopicReader {
  readonly records: ReadRecord[] = [];
  private readonly kafka: Kafka;
  private consumer: ReturnType<Kafka['consumer']> | undefined;

  constructor(
    brokers: string,
    private readonly topicPrefix: string,
  ) {
    this.kafka = new Kafka({ clientId: 'test-reader', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  }

  async start(logicalTopics: readonly string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `reader-${this.topicPrefix}-${Date.now()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: logicalTopics.map((t) => topicName(t, this.topicPrefix)), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
        this.records.push({
          topic: logicalTopicName(topic, this.topicPrefix),
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers,
        });
      },
    });
  }

  /** Records of a topic, values parsed as JSON. */
  json<T = Record<string, unknown>>(logicalTopic: string): (ReadRecord & { json: T })[] {
    return this.records.filter((r) => r.topic === logicalTopic).map((r) => ({ ...r, json: JSON.parse(r.value ?? 'null') as T }));
  }

  /** Waits until `predicate` holds over the records read so far. */
  async waitFor<T = Record<string, unknown>>(logicalTopic: string, predicate: (records: (ReadRecord & { json: T })[]) => boolean, timeoutMs = 20_000): Promise<(ReadRecord & { json: T })[]> {
    return eventually(() => {
      const records = this.json<T>(logicalTopic);
      if (!predicate(records)) throw new Error(`condition on ${logicalTopic} not met; ${records.length} records so far`);
      return records;
    }, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Produces raw records (any bytes) to a topic, as an upstream system would, in requests of 500. */
export async function produceRaw(brokers: string, topic: string, messages: { key?: string | null; value: string | Buffer | null }[]): Promise<void> {
  const producer = new Kafka({ clientId: 'test-upstream', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += 500) {
      const slice = messages.slice(start, start + 500);
      await producer.send({ topic, acks: -1, messages: slice.map((m) => ({ key: m.key ?? null, value: m.value })) });
    }
  } finally {
    await producer.disconnect();
  }
}
