import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel } from 'kafkajs';
import { type ChurnPredictionV1, type CustomerErasureV1, type PurchaseV1, Topics, topicName } from '@churn/contracts';
import { createHttpApp } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { type TestNamespace, eventually, produceRaw } from '@churn/testing';
import { AlertingModule } from '../src/alerting.module';
import { DEFAULT_RULES_FILE, loadAlertingConfig } from '../src/config';

export interface RunningAlerting {
  app: NestFastifyApplication;
  baseUrl: string;
}

/** The shipped rule set with some values replaced, written to a temporary file. */
export function rulesFile(overrides: Record<string, unknown>): string {
  const rules = { ...(JSON.parse(readFileSync(DEFAULT_RULES_FILE, 'utf8')) as Record<string, unknown>), ...overrides };
  const file = join(tmpdir(), `alert-rules-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(rules));
  return file;
}

/** The real alerting application on an ephemeral loopback port, wired to the test namespace. */
export async function startAlerting(ns: TestNamespace, env: Record<string, string> = {}): Promise<RunningAlerting> {
  const config = loadAlertingConfig({
    KAFKA_BROKERS: ns.endpoints.TEST_KAFKA_BROKERS,
    DATABASE_URL: ns.endpoints.TEST_DATABASE_URL,
    TOPIC_PREFIX: ns.topicPrefix,
    DB_SCHEMA: ns.dbSchema,
    OUTBOX_POLL_INTERVAL_MS: '100',
    WEBHOOK_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'error',
    ...env,
  });
  const logger = createLogger('alerting-test', config.LOG_LEVEL);
  const app = await createHttpApp(AlertingModule.forRoot({ config, logger, registry: createMetricsRegistry('alerting') }), { logger, bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}

let asOfClock = Date.now() - 60_000;

/** A valid churn-predictions.v1 record, as churn-prediction publishes it; as-of times only grow. */
export function prediction(customerId: string, over: Partial<ChurnPredictionV1> = {}): ChurnPredictionV1 {
  asOfClock += 1;
  return {
    eventId: randomUUID(),
    customerId,
    asOf: new Date(asOfClock).toISOString(),
    predictedAt: new Date().toISOString(),
    trigger: 'score',
    probability: 0.8,
    previousProbability: null,
    riskLevel: 'high',
    horizonDays: 180,
    drivers: [{ feature: 'daysSinceLastPurchase', contribution: 1.2, direction: 'raises risk', text: 'no purchase for 94 days, 3x the usual gap of 31 days' }],
    signals: [],
    modelVersion: 'model-test-1',
    tier: 'basic',
    clvMinor: 12_000,
    currency: 'EUR',
    scoreStateVersion: 1,
    ...over,
  };
}

export function purchase(customerId: string, occurredAt = new Date()): PurchaseV1 {
  return {
    eventId: randomUUID(),
    type: 'purchase',
    customerId,
    orderId: `o-${randomUUID()}`,
    occurredAt: occurredAt.toISOString(),
    amountMinor: 4_990,
    currency: 'EUR',
    ingestedAt: new Date().toISOString(),
  };
}

/** A customer-erasures.v1 request, as the gateway publishes it on DELETE /v1/customers/{id}. */
export function erasure(customerId: string, eventId = `erasure-${randomUUID()}`): CustomerErasureV1 {
  return { eventId, customerId, requestedAt: new Date().toISOString(), requestedBy: 'key-test' };
}

export async function produce(ns: TestNamespace, topic: string, events: readonly { customerId: string }[]): Promise<void> {
  await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(topic, ns.topicPrefix), events.map((e) => ({ key: e.customerId, value: JSON.stringify(e) })));
}

/** Waits until the alerting group has committed everything produced to its topics so far. */
export async function waitCaughtUp(ns: TestNamespace, timeoutMs = 60_000): Promise<void> {
  const admin = new Kafka({ clientId: 'test-lag', brokers: ns.endpoints.TEST_KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const logical of [Topics.churnPredictions, Topics.purchases, Topics.customerErasures]) {
      const topic = topicName(logical, ns.topicPrefix);
      await eventually(
        async () => {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId: topicName('alerting', ns.topicPrefix), topics: [topic] });
          for (const end of ends) {
            const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
            if (Number(end.high) > 0 && Number(done) < Number(end.high)) throw new Error(`${logical} partition ${end.partition} at ${done} of ${end.high}`);
          }
        },
        timeoutMs,
        200,
      );
    }
  } finally {
    await admin.disconnect();
  }
}

export async function request<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}
