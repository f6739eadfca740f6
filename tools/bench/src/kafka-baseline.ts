import { Kafka, type Message, logLevel } from 'kafkajs';

export interface ProduceLoopResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * The baseline: what a bare kafkajs producer achieves on this machine right now, with the same
 * settings the platform's publisher uses (idempotent, acks=all, one request in flight) and the
 * same batch size and concurrency as the load on the service.
 */
export async function bareProduceLoop(args: {
  brokers: string[];
  topic: string;
  batchSize: number;
  concurrency: number;
  seconds: number;
  /**
   * Records made before the clock starts (cycled), like the HTTP bodies of the service run: the
   * same key, value and headers as the service under test writes, so that the baseline does the
   * same Kafka work and only the service's own work separates the two.
   */
  records: readonly Message[];
}): Promise<ProduceLoopResult> {
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: args.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let sequence = 0;
  const started = performance.now();
  const deadline = started + args.seconds * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const messages = Array.from({ length: args.batchSize }, () => args.records[sequence++ % args.records.length]!);
      await producer.send({ topic: args.topic, acks: -1, messages });
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return { events: sequence, seconds, eventsPerSecond: sequence / seconds };
}

/** Sum of the high watermarks of a topic: how many records it holds. */
export async function topicRecordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
