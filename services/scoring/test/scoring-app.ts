import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel } from 'kafkajs';
import { Topics, topicName } from '@churn/contracts';
import type { Clock } from '@churn/config';
import { createHttpApp } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { type TestNamespace, eventually } from '@churn/testing';
import { loadScoringConfig } from '../src/config';
import { ScoringModule } from '../src/scoring.module';

export interface RunningScoring {
  app: NestFastifyApplication;
  baseUrl: string;
}

/** The real scoring application on an ephemeral loopback port, wired to the test namespace. */
export async function startScoring(ns: TestNamespace, env: Record<string, string> = {}, clock?: Clock): Promise<RunningScoring> {
  const config = loadScoringConfig({
    KAFKA_BROKERS: ns.endpoints.TEST_KAFKA_BROKERS,
    DATABASE_URL: ns.endpoints.TEST_DATABASE_URL,
    REDIS_URL: ns.endpoints.TEST_REDIS_URL,
    REDIS_KEY_PREFIX: ns.redisPrefix,
    TOPIC_PREFIX: ns.topicPrefix,
    DB_SCHEMA: ns.dbSchema,
    OUTBOX_POLL_INTERVAL_MS: '100',
    RESCORE_BATCH_SIZE: '50',
    LOG_LEVEL: 'error',
    ...env,
  });
  const logger = createLogger('scoring-test', config.LOG_LEVEL);
  const app = await createHttpApp(ScoringModule.forRoot({ config, logger, registry: createMetricsRegistry('scoring'), ...(clock ? { clock } : {}) }), {
    logger,
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}

/**
 * Waits until a consumer group (scoring's by default) has committed every record produced to the
 * topics (purchases.v1 by default) so far.
 */
export async function waitCaughtUp(ns: TestNamespace, timeoutMs = 60_000, topics: readonly string[] = [Topics.purchases], group = 'scoring'): Promise<void> {
  const admin = new Kafka({ clientId: 'test-lag', brokers: ns.endpoints.TEST_KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        for (const topic of topics.map((t) => topicName(t, ns.topicPrefix))) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId: topicName(group, ns.topicPrefix), topics: [topic] });
          for (const end of ends) {
            const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
            if (Number(end.high) > 0 && Number(done) < Number(end.high)) throw new Error(`${topic} partition ${end.partition} at ${done} of ${end.high}`);
          }
        }
      },
      timeoutMs,
      200,
    );
  } finally {
    await admin.disconnect();
  }
}

export async function request(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
