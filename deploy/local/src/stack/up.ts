import path from 'node:path';
import { DEFAULT_DATABASE_URL, ensurePostgres } from '../infra/postgres';
import { DEFAULT_REDIS_URL, ensureRedis } from '../infra/redis';
import { ensureKafka, type KafkaHandle } from '../kafka/broker';
import { ensureTopics } from '../kafka/topics';
import { defaultStateDir } from '../paths';
import type { Reporter } from '../reporter';
import type { StackEndpoints } from '../service-runner/service-env';
import { ensureService } from '../service-runner/service-process';
import { services } from '../services';
import { displayPath, ok, redact, step } from './steps';

export interface StackOptions {
  readonly stateDir?: string;
  readonly kafkaPort?: number;
  readonly controllerPort?: number;
  readonly heapMb?: number;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly topicPrefix?: string;
  readonly logLevel?: string;
  /** Only Postgres, Redis, Kafka and the topics; no services. */
  readonly infraOnly?: boolean;
}

/** Brings the stack up in dependency order; stops at the first failure (reported, then thrown). */
export async function upStack(options: StackOptions, reporter: Reporter): Promise<void> {
  const stateDir = options.stateDir ?? defaultStateDir();
  const databaseUrl = options.databaseUrl ?? DEFAULT_DATABASE_URL;
  const redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL;
  reporter.heading(`local stack up (state in ${displayPath(stateDir)})`);

  await step(reporter, 'postgres', async () => {
    const postgres = await ensurePostgres(databaseUrl);
    const created = postgres.databaseCreated ? ', database created' : '';
    return ok(`${redact(databaseUrl)} (${postgres.startedHere ? 'started' : 'running'}${created})`);
  });
  await step(reporter, 'redis', async () => {
    const redis = await ensureRedis(redisUrl, stateDir);
    return ok(`${redact(redisUrl)} (${redis.startedHere ? 'started' : 'running'})`);
  });
  let brokers: string[] = [];
  await step(reporter, 'kafka', async () => {
    const kafka = await ensureKafka({
      stateDir,
      port: options.kafkaPort,
      controllerPort: options.controllerPort,
      heapMb: options.heapMb,
      onProgress: (message) => reporter.line('info', 'kafka', message),
    });
    brokers = kafka.brokers;
    return ok(`${brokers.join(',')} (${describeBroker(kafka)})`);
  });
  await step(reporter, 'topics', async () => {
    const topics = await ensureTopics(brokers, { prefix: options.topicPrefix });
    const prefix = options.topicPrefix ? `, prefix "${options.topicPrefix}"` : '';
    return ok(`${topics.created.length} created, ${topics.existing.length} already there${prefix}`);
  });
  if (options.infraOnly) {
    reporter.line('skip', 'services', 'skipped (--infra-only)');
    return;
  }

  const endpoints: StackEndpoints = {
    kafkaBrokers: brokers,
    databaseUrl,
    redisUrl,
    topicPrefix: options.topicPrefix ?? '',
    logLevel: options.logLevel ?? 'info',
  };
  for (const service of services) {
    await step(reporter, service.name, async () => {
      const result = await ensureService(service, endpoints, { stateDir });
      if (result.state === 'not-built') {
        const project = path.dirname(path.dirname(result.entry));
        return { status: 'skip', message: `skipped: ${result.entry} is not built yet (npx tsc -b ${project})` };
      }
      return ok(`${result.url} ready (${result.state}, pid ${result.pid}, log ${displayPath(result.logFile)})`);
    });
  }
}

function describeBroker(kafka: KafkaHandle): string {
  if (kafka.startedHere) return `started, pid ${kafka.pid}`;
  return kafka.pid === undefined ? 'reused a broker the launcher did not start' : `running, pid ${kafka.pid}`;
}
