import { randomUUID } from 'node:crypto';
import { launcherKafka } from './client';

export interface TailOptions {
  brokers: readonly string[];
  topic: string;
  /** Stop after this many records (default: keep following until interrupted). */
  max?: number;
  fromBeginning: boolean;
  write: (line: string) => void;
}

/**
 * Prints a topic's records, one JSON line each ({partition, offset, key, value}), for looking at
 * what a service published or dead-lettered. A throwaway consumer group, so it disturbs no one.
 */
export async function tailTopic(options: TailOptions): Promise<void> {
  const consumer = launcherKafka(options.brokers).consumer({
    groupId: `churn-tail-${randomUUID()}`,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  process.once('SIGINT', done);
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      if (options.max !== undefined && seen >= options.max) return;
      seen += 1;
      const value = message.value?.toString('utf8') ?? null;
      let parsed: unknown = value;
      try {
        parsed = value === null ? null : JSON.parse(value);
      } catch {
        // not JSON (e.g. a raw record that ended in the DLQ): print it as text
      }
      options.write(
        JSON.stringify({
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: parsed,
        }),
      );
      if (options.max !== undefined && seen >= options.max) done();
    },
  });
  await finished;
  await consumer.disconnect();
}
