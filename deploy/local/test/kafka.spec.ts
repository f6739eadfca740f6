// Integration: really starts the local broker (or reuses a running one), then exercises it the way
// the services will: prefixed catalogue topics, one message produced and consumed with kafkajs.
import { randomUUID } from 'node:crypto';
import { Topics, topicCatalogue, topicName } from '@churn/contracts';
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';
import { consumerGroupLag, ensureKafka, ensureTopics, stopKafka, type KafkaHandle } from '../src';

const prefix = `it-${randomUUID().slice(0, 8)}`;
const prefixedNames = topicCatalogue.map((spec) => topicName(spec.name, prefix));

describe('local Kafka broker', () => {
  let broker: KafkaHandle;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    broker = await ensureKafka();
    kafka = new Kafka({ clientId: 'local-stack-test', brokers: broker.brokers, logLevel: logLevel.ERROR });
    admin = kafka.admin();
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    await admin?.deleteTopics({ topics: prefixedNames }).catch(() => undefined);
    await admin?.disconnect();
    // A broker someone else started (a developer's `up`, another suite) is theirs to stop.
    if (broker?.startedHere) await stopKafka();
  }, 60_000);

  it('creates the prefixed catalogue topics with their partitions and retention, idempotently', async () => {
    const first = await ensureTopics(broker.brokers, { prefix });
    const second = await ensureTopics(broker.brokers, { prefix });

    expect(first.created.sort()).toEqual([...prefixedNames].sort());
    expect(second).toEqual({ created: [], existing: prefixedNames });

    const { topics } = await admin.fetchTopicMetadata({ topics: prefixedNames });
    for (const spec of topicCatalogue) {
      const metadata = topics.find((topic) => topic.name === topicName(spec.name, prefix));
      expect(metadata?.partitions).toHaveLength(spec.partitions);
    }
    const purchases = topicCatalogue.find((spec) => spec.name === Topics.purchases);
    const configs = await admin.describeConfigs({
      resources: [
        {
          type: 2 /* ConfigResourceTypes.TOPIC */,
          name: topicName(Topics.purchases, prefix),
          configNames: ['retention.ms'],
        },
      ],
      includeSynonyms: false,
    });
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe(String(purchases?.retentionMs));
  }, 60_000);

  it('delivers a produced message to a consumer', async () => {
    const topic = topicName(Topics.purchases, prefix);
    const consumer = kafka.consumer({ groupId: `${prefix}-reader` });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([consumer.connect(), producer.connect()]);
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }),
        });
      });
      await producer.send({ topic, messages: [{ key: 'customer-1', value: 'hello' }] });

      await expect(received).resolves.toEqual({ key: 'customer-1', value: 'hello' });
    } finally {
      await Promise.all([consumer.disconnect(), producer.disconnect()]);
    }
  }, 60_000);

  it("counts a group's lag from its commits, and from the low watermark where it has none", async () => {
    const topic = topicName(Topics.interactions, prefix);
    // Idempotent: a send retried while the new topic's leaders settle must not write a record twice.
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    await producer.send({ topic, messages: ['a', 'b', 'c'].map((key) => ({ key, value: key })) });
    await producer.disconnect();
    const groupId = `${prefix}-lag`;

    // A group that never committed: invisible without its topics, all of it behind with them.
    expect(await consumerGroupLag(admin, groupId)).toBe(0);
    expect(await consumerGroupLag(admin, groupId, new Map(), [topic])).toBe(3);

    const highs = await admin.fetchTopicOffsets(topic);
    const behindOne = highs.find((p) => Number(p.high) > 0)!;
    await admin.setOffsets({
      groupId,
      topic,
      partitions: highs.map((p) => ({
        partition: p.partition,
        offset: String(Number(p.high) - (p === behindOne ? 1 : 0)),
      })),
    });
    expect(await consumerGroupLag(admin, groupId)).toBe(1);
    expect(await consumerGroupLag(admin, groupId, new Map(), [topic])).toBe(1);
  }, 60_000);
});
