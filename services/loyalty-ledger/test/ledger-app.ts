import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics, topicName } from '@churn/contracts';
import type { Clock } from '@churn/config';
import { createHttpApp } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { type TestNamespace, eventually, produceRaw } from '@churn/testing';
import { checkInvariants } from '../src/check-invariants';
import { loadLoyaltyLedgerConfig } from '../src/config';
import { LedgerJobs } from '../src/jobs/ledger-jobs';
import { LoyaltyLedgerModule } from '../src/loyalty-ledger.module';

export interface RunningLedger {
  app: NestFastifyApplication;
  baseUrl: string;
  jobs: LedgerJobs;
}

/** The real loyalty-ledger application on an ephemeral loopback port, wired to the test namespace. */
export async function startLedger(
  ns: TestNamespace,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<RunningLedger> {
  const config = loadLoyaltyLedgerConfig({
    KAFKA_BROKERS: ns.endpoints.TEST_KAFKA_BROKERS,
    DATABASE_URL: ns.endpoints.TEST_DATABASE_URL,
    TOPIC_PREFIX: ns.topicPrefix,
    DB_SCHEMA: ns.dbSchema,
    OUTBOX_POLL_INTERVAL_MS: '100',
    JOBS_INTERVAL_MS: '0',
    LOG_LEVEL: 'error',
    ...env,
  });
  const logger = createLogger('loyalty-ledger-test', config.LOG_LEVEL);
  const app = await createHttpApp(
    LoyaltyLedgerModule.forRoot({
      config,
      logger,
      registry: createMetricsRegistry('loyalty_ledger'),
      ...(clock ? { clock } : {}),
    }),
    {
      logger,
      bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
    },
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, jobs: app.get(LedgerJobs) };
}

export function produceTo(
  ns: TestNamespace,
  logicalTopic: string,
  events: readonly { customerId: string }[],
): Promise<void> {
  return produceRaw(
    ns.endpoints.TEST_KAFKA_BROKERS,
    topicName(logicalTopic, ns.topicPrefix),
    events.map((e) => ({ key: e.customerId, value: JSON.stringify(e) })),
  );
}

/** Waits until `group` has committed every record produced so far to the consumed topics. */
export async function waitCaughtUp(ns: TestNamespace, group = 'loyalty-ledger', timeoutMs = 60_000): Promise<void> {
  const admin = new Kafka({
    clientId: 'test-lag',
    brokers: ns.endpoints.TEST_KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = [Topics.purchases, Topics.interactions, Topics.alerts, Topics.customerErasures].map((t) =>
      topicName(t, ns.topicPrefix),
    );
    await eventually(
      async () => {
        for (const topic of topics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId: topicName(group, ns.topicPrefix), topics: [topic] });
          for (const end of ends) {
            const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
            if (Number(end.high) > 0 && Number(done) < Number(end.high))
              throw new Error(`${topic}/${end.partition} at ${done} of ${end.high}`);
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

export async function request(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, {
    method,
    ...(body === undefined
      ? { headers }
      : { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** Runs SQL against the namespace's schema, or another one (a rebuilt ledger's), for snapshots and invariant checks. */
export async function query<T>(
  ns: TestNamespace,
  sql: string,
  params: unknown[] = [],
  schema = ns.dbSchema,
): Promise<T[]> {
  const client = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export const purchaseEvent = (
  id: string,
  customerId: string,
  amountMinor: number,
  occurredAt: Date,
  type: 'purchase' | 'refund' = 'purchase',
  orderId = `o-${id}`,
) => ({
  eventId: id,
  type,
  customerId,
  orderId,
  occurredAt: occurredAt.toISOString(),
  amountMinor,
  currency: 'EUR',
  channel: 'online',
  ingestedAt: occurredAt.toISOString(),
});

/** Exit code of the invariant check over the namespace's ledger (0: balances equal the journal). */
export function checkBooks(ns: TestNamespace): Promise<number> {
  return checkInvariants(['--database-url', ns.endpoints.TEST_DATABASE_URL, '--schema', ns.dbSchema], () => undefined);
}

/** Waits until the app answers ready (its consumer has joined the group). */
export async function untilReady(ledger: RunningLedger): Promise<void> {
  await eventually(
    async () => expect((await request('GET', `${ledger.baseUrl}/health/ready`)).status).toBe(200),
    60_000,
    250,
  );
}
