/**
 * Ingestion throughput, over HTTP (batches of 100) and over the raw topic, with one instance and
 * with two (one per core, as the service scales out: HTTP behind a balancer, Kafka by consumer
 * group), against a bare kafkajs produce loop measured in the same run on the same broker (the
 * ratio is what to compare across runs: the machine is shared and noisy). Prints a table and
 * writes .bench/ingestion-*.json.
 *
 *   npm run bench                      # defaults
 *   BENCH_SECONDS=30 BENCH_CONCURRENCY=8 BENCH_RAW_EVENTS=200000 npm run bench
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Kafka, type Message, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics, normalizePurchase, topicCatalogue, topicName } from '@churn/contracts';
import { DEFAULT_DATABASE_URL, ensureKafka, ensurePostgres, ensureTopics } from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { bareProduceLoop, topicRecordCount } from './kafka-baseline';
import { type RunningService, startService } from './service-process';
import { syntheticBatch, syntheticPurchase } from './synthetic-events';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const RAW_EVENTS = Number(process.env['BENCH_RAW_EVENTS'] ?? 100_000);
const BATCH = 100;
/** Instance counts measured in one run: one, then one per core of this machine. */
const INSTANCE_COUNTS = [1, 2];
/** Enough 100-event bodies for 15 s at 40,000 events/s; more if the run is longer. */
const HTTP_BODY_POOL = Math.ceil((SECONDS * 40_000) / BATCH);

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.${runId}`;
  const kafkaHandle = await ensureKafka();
  await ensurePostgres(DEFAULT_DATABASE_URL);
  const brokers = kafkaHandle.brokers;
  await ensureTopics(brokers, { prefix });
  await ensureTopics(brokers, {
    prefix: `${prefix}.baseline`,
    catalogue: topicCatalogue.filter((t) => t.name === Topics.purchases),
  });
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });

  console.log(`baseline: bare kafkajs produce loop, ${SECONDS}s, batches of ${BATCH}, concurrency ${CONCURRENCY}`);
  const baseline = await bareProduceLoop({
    brokers,
    topic: topicName(Topics.purchases, `${prefix}.baseline`),
    batchSize: BATCH,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
    records: Array.from({ length: 20_000 }, (_, n) => purchasesV1Record(syntheticPurchase(n, runId))),
  });

  const dbSchema = `bench_${runId}`;
  const env = {
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: prefix,
    DB_SCHEMA: dbSchema,
    DATABASE_URL: DEFAULT_DATABASE_URL,
  };
  const services: RunningService[] = [];
  const runs: InstanceRun[] = [];
  try {
    // One instance, then two (one per core): HTTP behind a balancer, Kafka by consumer group.
    for (const instances of INSTANCE_COUNTS) {
      while (services.length < instances) services.push(await startService('ingestion', env));
      await waitForGroupMembers(kafka, `${prefix}.ingestion`, instances);
      console.log(
        `${instances} instance(s) — HTTP: ${SECONDS}s, batches of ${BATCH}, ${CONCURRENCY} connections in all`,
      );
      const http = await httpThroughput(
        services.map((s) => s.url),
        `h${instances}${runId}`,
      );
      console.log(
        `${instances} instance(s) — raw topic: ${RAW_EVENTS} events to purchases.raw.v1, until all are on purchases.v1`,
      );
      const raw = await rawTopicThroughput(kafka, prefix, `r${instances}${runId}`);
      runs.push({
        instances,
        http: {
          ...http,
          eventsPerSecond: round(http.eventsPerSecond),
          ratioToBaseline: round(http.eventsPerSecond / baseline.eventsPerSecond, 2),
        },
        rawTopic: {
          ...raw,
          eventsPerSecond: round(raw.eventsPerSecond),
          ratioToBaseline: round(raw.eventsPerSecond / baseline.eventsPerSecond, 2),
        },
      });
    }
    printTable([
      { path: 'baseline (bare kafkajs produce, 1 process)', 'events/s': round(baseline.eventsPerSecond), ratio: 1 },
      ...runs.flatMap((run) => [
        {
          path: `HTTP, batches of 100, ${run.instances} instance(s)`,
          'events/s': run.http.eventsPerSecond,
          ratio: run.http.ratioToBaseline,
          'p99 ms': run.http.latencyMs.p99,
        },
        {
          path: `purchases.raw.v1, ${run.instances} instance(s)`,
          'events/s': run.rawTopic.eventsPerSecond,
          ratio: run.rawTopic.ratioToBaseline,
        },
      ]),
    ]);
    const results = {
      settings: { seconds: SECONDS, concurrency: CONCURRENCY, batch: BATCH, rawEvents: RAW_EVENTS },
      baseline: { eventsPerSecond: round(baseline.eventsPerSecond), events: baseline.events },
      runs,
    };
    console.log(`saved ${saveReport('ingestion', results)}`);
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await dropSchema(dbSchema);
  }
}

interface HttpResult {
  eventsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

interface InstanceRun {
  instances: number;
  http: HttpResult & { ratioToBaseline: number };
  rawTopic: { events: number; seconds: number; eventsPerSecond: number; ratioToBaseline: number };
}

/** The record ingestion writes to purchases.v1 for a raw purchase: normalized, keyed by customer, eventId header. */
function purchasesV1Record(raw: Record<string, unknown>): Message {
  const normalized = normalizePurchase(raw, new Date());
  if (!normalized.ok) throw new Error(`synthetic purchase is invalid: ${JSON.stringify(normalized.issues)}`);
  const event = normalized.value;
  return { key: event.customerId, value: JSON.stringify(event), headers: { eventId: event.eventId } };
}

/** POSTs pre-made batches to every instance at once, the connections split between them. */
async function httpThroughput(urls: readonly string[], tag: string): Promise<HttpResult> {
  // Bodies are made before the clock starts: the load generator shares the 2 cores with the
  // system under test, and its own work should not count against it. Every event id is unique.
  const bodies = Array.from({ length: HTTP_BODY_POOL }, (_, i) =>
    JSON.stringify(syntheticBatch(i * BATCH, BATCH, tag)),
  );
  let next = 0;
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url: `${url}/v1/events/purchases`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: Math.max(1, Math.round(CONCURRENCY / urls.length)),
        duration: SECONDS,
        requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
      }),
    ),
  );
  if (next > bodies.length)
    console.warn(`warning: the body pool ran out (${next} requests); later requests were duplicates`);
  const non2xx = results.reduce((n, r) => n + r.non2xx, 0);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  if (non2xx > 0 || errors > 0) console.warn(`warning: ${non2xx} non-2xx responses and ${errors} errors`);
  return {
    eventsPerSecond: (results.reduce((n, r) => n + r['2xx'], 0) * BATCH) / SECONDS,
    // The slowest instance's percentiles: what a caller behind a balancer may meet.
    latencyMs: {
      p50: Math.max(...results.map((r) => r.latency.p50)),
      p99: Math.max(...results.map((r) => r.latency.p99)),
      max: Math.max(...results.map((r) => r.latency.max)),
    },
    non2xx,
    errors,
  };
}

/** Waits until the raw-topic consumer group has settled with `members` members. */
async function waitForGroupMembers(kafka: Kafka, groupId: string, members: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [group] = (await admin.describeGroups([groupId])).groups;
      if (group?.state === 'Stable' && group.members.length === members) return;
      if (Date.now() > deadline) throw new Error(`consumer group ${groupId} did not settle with ${members} members`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Produces RAW_EVENTS raw events as fast as possible; the clock stops when all are on purchases.v1. */
async function rawTopicThroughput(
  kafka: Kafka,
  prefix: string,
  tag: string,
): Promise<{ events: number; seconds: number; eventsPerSecond: number }> {
  const output = topicName(Topics.purchases, prefix);
  const before = await topicRecordCount(kafka, output);
  const producer = kafka.producer();
  await producer.connect();
  const started = performance.now();
  for (let sent = 0; sent < RAW_EVENTS; sent += 1000) {
    const batch = syntheticBatch(sent, Math.min(1000, RAW_EVENTS - sent), tag);
    await producer.send({
      topic: topicName(Topics.purchasesRaw, prefix),
      acks: -1,
      messages: batch.map((e) => ({ key: String(e['customerId']), value: JSON.stringify(e) })),
    });
  }
  await producer.disconnect();
  const deadline = Date.now() + 300_000;
  while ((await topicRecordCount(kafka, output)) - before < RAW_EVENTS) {
    if (Date.now() > deadline) throw new Error('raw events did not all reach purchases.v1 within 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  return { events: RAW_EVENTS, seconds: round(seconds, 2), eventsPerSecond: RAW_EVENTS / seconds };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
