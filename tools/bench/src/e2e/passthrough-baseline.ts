import { type Kafka } from 'kafkajs';
import { Topics, topicName } from '@churn/contracts';

/**
 * The baseline of the end-to-end run: a bare kafkajs consumer that forwards every raw record to
 * the normalized topic unchanged (idempotent producer, acks=all, as the platform's), on the same
 * events, read from the beginning. No validation, storage, models or outbox: what Kafka and
 * kafkajs alone allow on this machine right now.
 */
export async function passthroughEventsPerSecond(
  kafka: Kafka,
  prefix: string,
  total: number,
): Promise<{ events: number; seconds: number; eventsPerSecond: number }> {
  const consumer = kafka.consumer({ groupId: `${prefix}.passthrough`, maxWaitTimeInMs: 50 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const route: Record<string, string> = {
    [topicName(Topics.purchasesRaw, prefix)]: topicName(Topics.purchases, prefix),
    [topicName(Topics.interactionsRaw, prefix)]: topicName(Topics.interactions, prefix),
  };
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: Object.keys(route), fromBeginning: true });
  let forwarded = 0;
  let started = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        started ||= performance.now();
        await producer.send({
          topic: route[batch.topic]!,
          acks: -1,
          messages: batch.messages.map((m) => ({ key: m.key, value: m.value })),
        });
        forwarded += batch.messages.length;
        if (forwarded >= total) resolve();
      },
    });
  });
  await done;
  const seconds = (performance.now() - started) / 1_000;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return { events: forwarded, seconds, eventsPerSecond: forwarded / seconds };
}
