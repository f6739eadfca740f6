#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_CONTROLLER_PORT, DEFAULT_KAFKA_PORT, KAFKA_HOST } from './kafka/broker';
import { tailTopic } from './kafka/tail-topic';
import { ensureTopics } from './kafka/topics';
import { consoleReporter } from './reporter';
import { downStack } from './stack/down';
import { reportStackStatus } from './stack/status';
import { StackStepFailed } from './stack/steps';
import { upStack } from './stack/up';

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

const stateDirOption = () =>
  new Option('--state-dir <dir>', 'where data, pidfiles and logs live').env('LOCAL_STACK_DIR');
const kafkaPortOption = () =>
  new Option('--kafka-port <port>', 'Kafka client port')
    .env('KAFKA_PORT')
    .default(DEFAULT_KAFKA_PORT)
    .argParser(integer);
const databaseUrlOption = () =>
  new Option('--database-url <url>', 'Postgres URL (its database is created if missing)').env('DATABASE_URL');
const redisUrlOption = () => new Option('--redis-url <url>', 'Redis URL').env('REDIS_URL');

const program = new Command('local-stack').description(
  'Runs the churn platform locally: Postgres, Redis, Kafka 3.9 (KRaft) and the services.',
);

program
  .command('up')
  .description('start whatever is not running yet (safe to repeat): postgres, redis, kafka, topics, services')
  .addOption(stateDirOption())
  .addOption(kafkaPortOption())
  .addOption(
    new Option('--controller-port <port>', 'KRaft controller port').default(DEFAULT_CONTROLLER_PORT).argParser(integer),
  )
  .addOption(new Option('--heap-mb <mb>', 'Kafka max heap').default(512).argParser(integer))
  .addOption(databaseUrlOption())
  .addOption(redisUrlOption())
  .addOption(
    new Option('--topic-prefix <prefix>', 'prefix for topic names, passed to services as TOPIC_PREFIX')
      .env('TOPIC_PREFIX')
      .default(''),
  )
  .addOption(new Option('--log-level <level>', 'LOG_LEVEL for the services').env('LOG_LEVEL').default('info'))
  .option('--infra-only', 'start postgres, redis, kafka and topics, but no services', false)
  .action((options) => upStack(options, consoleReporter));

program
  .command('down')
  .description('stop the services and the Kafka broker the launcher started (postgres and redis keep running)')
  .addOption(stateDirOption())
  .action((options) => downStack(options, consoleReporter));

program
  .command('status')
  .description('show what is running')
  .addOption(stateDirOption())
  .addOption(kafkaPortOption())
  .addOption(databaseUrlOption())
  .addOption(redisUrlOption())
  .action((options) => reportStackStatus(options, consoleReporter));

program
  .command('tail <topic>')
  .description('print the records of a topic as JSON lines (e.g. purchases.v1, purchases.dlq.v1)')
  .addOption(
    new Option('--brokers <list>', 'comma-separated bootstrap servers')
      .env('KAFKA_BROKERS')
      .default(`${KAFKA_HOST}:${DEFAULT_KAFKA_PORT}`),
  )
  .addOption(new Option('--max <n>', 'stop after n records').argParser(integer))
  .option('--from-beginning', 'start at the oldest record instead of new ones', false)
  .action(
    async (
      topic: string,
      { brokers, max, fromBeginning }: { brokers: string; max?: number; fromBeginning: boolean },
    ) => {
      await tailTopic({
        brokers: brokers.split(','),
        topic,
        fromBeginning,
        ...(max !== undefined ? { max } : {}),
        write: (line) => console.log(line),
      });
    },
  );

program
  .command('topics')
  .description('create the catalogue topics on any broker (used by docker compose)')
  .addOption(
    new Option('--brokers <list>', 'comma-separated bootstrap servers')
      .env('KAFKA_BROKERS')
      .default(`${KAFKA_HOST}:${DEFAULT_KAFKA_PORT}`),
  )
  .addOption(new Option('--prefix <prefix>', 'prefix for topic names').env('TOPIC_PREFIX').default(''))
  .action(async ({ brokers, prefix }: { brokers: string; prefix: string }) => {
    const result = await ensureTopics(brokers.split(','), { prefix });
    for (const topic of result.created) consoleReporter.line('ok', 'topic', `${topic} created`);
    for (const topic of result.existing) consoleReporter.line('skip', 'topic', `${topic} already there`);
  });

program.parseAsync().catch((error: unknown) => {
  // A failed step has already been reported with its details.
  if (!(error instanceof StackStepFailed)) console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
