/**
 * Scoring service: throughput from purchases.v1 to the score in Redis, and end-to-end latency
 * (record produced -> score readable in Redis) at a steady rate. Baseline in the same run: a bare
 * kafkajs consumer that writes each record to Redis (no history, no model, no outbox), on the same
 * records. Prints a table and writes .bench/scoring-*.json.
 *
 *   npm run bench:scoring
 *   BENCH_SCORING_EVENTS=50000 BENCH_RATE=1000 BENCH_LATENCY_SECONDS=20 npm run bench:scoring
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics, topicName } from '@churn/contracts';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  ensureKafka,
  ensurePostgres,
  ensureRedis,
  ensureTopics,
} from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { startService } from './service-process';

const EVENTS = Number(process.env['BENCH_SCORING_EVENTS'] ?? 30_000);
const CUSTOMERS = Number(process.env['BENCH_SCORING_CUSTOMERS'] ?? 5_000);
const RATE = Number(process.env['BENCH_RATE'] ?? 1_000);
const LATENCY_SECONDS = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 20);

/** A normalized purchases.v1 record, as ingestion publishes it. */
function purchase(runId: string, sequence: number, customer: string, occurredAt: number): string {
  return JSON.stringify({
    eventId: `${runId}-${sequence}`,
    type: 'purchase',
    customerId: customer,
    orderId: `o-${runId}-${sequence}`,
    occurredAt: new Date(occurredAt).toISOString(),
    amountMinor: 1_000 + ((sequence * 7919) % 40_000),
    currency: 'EUR',
    ingestedAt: new Date().toISOString(),
  });
}

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.${runId}`;
  const { brokers } = await ensureKafka();
  await Promise.all([ensurePostgres(DEFAULT_DATABASE_URL), ensureRedis(DEFAULT_REDIS_URL)]);
  await ensureTopics(brokers, { prefix });
  const kafka = new Kafka({ clientId: 'bench-scoring', brokers, logLevel: logLevel.NOTHING });
  const redis = new Redis(DEFAULT_REDIS_URL);
  const topic = topicName(Topics.purchases, prefix);

  // A year of history spread over the customers, produced before anything consumes it.
  const yearAgo = Date.now() - 365 * 86_400_000;
  const values = Array.from({ length: EVENTS }, (_, i) => ({
    key: `cust-${i % CUSTOMERS}`,
    value: purchase(runId, i, `cust-${i % CUSTOMERS}`, yearAgo + Math.floor((i / EVENTS) * 364 * 86_400_000)),
  }));
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < values.length; i += 1_000)
    await producer.send({ topic, acks: -1, messages: values.slice(i, i + 1_000) });

  console.log(`baseline: bare kafkajs consumer -> Redis SET, ${EVENTS} records`);
  const baseline = await bareConsumeToRedis(kafka, redis, topic, `${prefix}.baseline`, EVENTS);

  const redisPrefix = `bench:${runId}:`;
  const dbSchema = `bench_scoring_${runId}`;
  const service = await startService('scoring', {
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: prefix,
    DB_SCHEMA: dbSchema,
    DATABASE_URL: DEFAULT_DATABASE_URL,
    REDIS_URL: DEFAULT_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
  });
  try {
    console.log(`scoring throughput: ${EVENTS} records already on purchases.v1, until all are applied`);
    const started = performance.now();
    await waitForApplied(service.url, EVENTS, 600_000);
    const throughputSeconds = (performance.now() - started) / 1000;

    console.log(
      `latency: ${RATE} records/s for ${LATENCY_SECONDS}s, each for a new customer, until its score is in Redis`,
    );
    const latencies = await latencyAtRate(producer, redis, topic, redisPrefix, runId);
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (q: number): number =>
      round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN, 1);

    const results = {
      settings: { events: EVENTS, customers: CUSTOMERS, rate: RATE, latencySeconds: LATENCY_SECONDS },
      baseline: { eventsPerSecond: round(EVENTS / baseline) },
      throughput: {
        eventsPerSecond: round(EVENTS / throughputSeconds),
        seconds: round(throughputSeconds, 2),
        ratioToBaseline: round(baseline / throughputSeconds, 2),
      },
      latencyMs: {
        samples: latencies.length,
        p50: pct(0.5),
        p95: pct(0.95),
        p99: pct(0.99),
        max: round(sorted.at(-1) ?? NaN, 1),
      },
    };
    printTable([
      { run: 'baseline (bare consume -> Redis SET)', 'events/s': results.baseline.eventsPerSecond, ratio: 1 },
      {
        run: 'scoring (purchases.v1 -> Redis)',
        'events/s': results.throughput.eventsPerSecond,
        ratio: results.throughput.ratioToBaseline,
      },
      { run: `latency at ${RATE}/s`, 'p50 ms': results.latencyMs.p50, 'p99 ms': results.latencyMs.p99 },
    ]);
    console.log(`saved ${saveReport('scoring', results)}`);
  } finally {
    await service.stop();
    await producer.disconnect();
    await cleanUp(redis, redisPrefix, dbSchema);
    redis.disconnect();
  }
}

/** Seconds for a bare consumer to read `count` records and SET each in Redis (pipelined per batch). */
async function bareConsumeToRedis(
  kafka: Kafka,
  redis: Redis,
  topic: string,
  group: string,
  count: number,
): Promise<number> {
  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        const pipeline = redis.pipeline();
        for (const message of batch.messages)
          pipeline.set(`bench-baseline:${String(message.key)}`, message.value ?? '');
        await pipeline.exec();
        seen += batch.messages.length;
        if (seen >= count) resolve();
      },
    });
  });
  await done;
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return seconds;
}

async function waitForApplied(url: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const applied = Number(/scoring_events_total\{outcome="applied"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
    if (applied >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${applied} of ${count} records applied in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Produces one record per new customer at RATE/s; a record's latency ends when its score is readable. */
async function latencyAtRate(
  producer: ReturnType<Kafka['producer']>,
  redis: Redis,
  topic: string,
  redisPrefix: string,
  runId: string,
): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = RATE * LATENCY_SECONDS;
  let stopPolling = false;
  const poller = (async () => {
    while (!stopPolling || sentAt.size > 0) {
      const pending = [...sentAt.keys()];
      for (let i = 0; i < pending.length; i += 500) {
        const slice = pending.slice(i, i + 500);
        const found = await redis.mget(slice.map((c) => `${redisPrefix}score:${c}`));
        const now = performance.now();
        found.forEach((value, j) => {
          if (value === null) return;
          const customer = slice[j]!;
          latencies.push(now - sentAt.get(customer)!);
          sentAt.delete(customer);
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  const started = performance.now();
  const tickMs = 10;
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
    if (due > sent) {
      const messages = Array.from({ length: due - sent }, (_, k) => {
        const customer = `lat-${runId}-${sent + k}`;
        return { key: customer, value: purchase(runId, 10_000_000 + sent + k, customer, Date.now() - 86_400_000) };
      });
      const now = performance.now();
      for (const m of messages) sentAt.set(m.key, now);
      await producer.send({ topic, acks: -1, messages });
      sent = due;
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  stopPolling = true;
  const deadline = Date.now() + 60_000;
  while (sentAt.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (sentAt.size > 0) throw new Error(`${sentAt.size} scores never reached Redis`);
  await poller;
  return latencies;
}

async function cleanUp(redis: Redis, redisPrefix: string, dbSchema: string): Promise<void> {
  for (const pattern of [`${redisPrefix}*`, 'bench-baseline:*']) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${dbSchema}" CASCADE`);
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
