/**
 * Ingestion throughput, over HTTP (batches of 100) and over the raw topic, against a bare kafkajs
 * produce loop measured in the same run on the same broker (the ratio is what to compare across
 * runs: the machine is shared and noisy). Prints a table and writes .bench/ingestion-*.json.
 *
 *   npm run bench                      # defaults
 *   BENCH_SECONDS=30 BENCH_CONCURRENCY=8 BENCH_RAW_EVENTS=200000 npm run bench
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics, topicCatalogue, topicName } from '@churn/contracts';
import { DEFAULT_DATABASE_URL, ensureKafka, ensurePostgres, ensureTopics } from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { bareProduceLoop, topicRecordCount } from './kafka-baseline';
import { startService } from './service-process';
import { syntheticBatch, syntheticPurchase } from './synthetic-events';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const RAW_EVENTS = Number(process.env['BENCH_RAW_EVENTS'] ?? 100_000);
const BATCH = 100;
/** Enough 100-event bodies for 15 s at 40,000 events/s; more if the run is longer. */
const HTTP_BODY_POOL = Math.ceil((SECONDS * 40_000) / BATCH);

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.${runId}`;
  const kafkaHandle = await ensureKafka();
  await ensurePostgres(DEFAULT_DATABASE_URL);
  const brokers = kafkaHandle.brokers;
  await ensureTopics(brokers, { prefix });
  await ensureTopics(brokers, { prefix: `${prefix}.baseline`, catalogue: topicCatalogue.filter((t) => t.name === Topics.purchases) });
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });

  console.log(`baseline: bare kafkajs produce loop, ${SECONDS}s, batches of ${BATCH}, concurrency ${CONCURRENCY}`);
  const baseline = await bareProduceLoop({
    brokers,
    topic: topicName(Topics.purchases, `${prefix}.baseline`),
    batchSize: BATCH,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
    values: Array.from({ length: 20_000 }, (_, n) => JSON.stringify({ ...syntheticPurchase(n, runId), amountMinor: 1234, ingestedAt: new Date().toISOString() })),
  });

  const dbSchema = `bench_${runId}`;
  const service = await startService('ingestion', { KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: prefix, DB_SCHEMA: dbSchema, DATABASE_URL: DEFAULT_DATABASE_URL });
  try {
    console.log(`HTTP: POST /v1/events/purchases, ${SECONDS}s, batches of ${BATCH}, ${CONCURRENCY} connections`);
    // Bodies are made before the clock starts: the load generator shares the 2 cores with the
    // system under test, and its own work should not count against it. Every event id is unique.
    const bodies = Array.from({ length: HTTP_BODY_POOL }, (_, i) => JSON.stringify(syntheticBatch(i * BATCH, BATCH, `h${runId}`)));
    let next = 0;
    const http = await autocannon({
      url: `${service.url}/v1/events/purchases`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections: CONCURRENCY,
      duration: SECONDS,
      requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
    });
    if (next > bodies.length) console.warn(`warning: the body pool ran out (${next} requests); later requests were duplicates`);
    const httpEvents = http['2xx'] * BATCH;

    console.log(`raw topic: ${RAW_EVENTS} events to purchases.raw.v1, until all are on purchases.v1`);
    const raw = await rawTopicThroughput(kafka, prefix, runId);

    const results = {
      settings: { seconds: SECONDS, concurrency: CONCURRENCY, batch: BATCH, rawEvents: RAW_EVENTS },
      baseline: { eventsPerSecond: round(baseline.eventsPerSecond), events: baseline.events },
      http: {
        eventsPerSecond: round(httpEvents / SECONDS),
        requestsPerSecond: round(http.requests.average),
        latencyMs: { p50: http.latency.p50, p99: http.latency.p99, max: http.latency.max },
        non2xx: http.non2xx,
        errors: http.errors,
        ratioToBaseline: round(httpEvents / SECONDS / baseline.eventsPerSecond, 2),
      },
      rawTopic: { ...raw, eventsPerSecond: round(raw.eventsPerSecond), ratioToBaseline: round(raw.eventsPerSecond / baseline.eventsPerSecond, 2) },
    };
    printTable([
      { path: 'baseline (bare kafkajs produce)', 'events/s': results.baseline.eventsPerSecond, ratio: 1 },
      { path: 'ingestion over HTTP (batches of 100)', 'events/s': results.http.eventsPerSecond, ratio: results.http.ratioToBaseline, 'p99 ms': http.latency.p99 },
      { path: 'ingestion over purchases.raw.v1', 'events/s': results.rawTopic.eventsPerSecond, ratio: results.rawTopic.ratioToBaseline },
    ]);
    if (http.non2xx > 0 || http.errors > 0) console.warn(`warning: ${http.non2xx} non-2xx responses and ${http.errors} errors`);
    console.log(`saved ${saveReport('ingestion', results)}`);
  } finally {
    await service.stop();
    await dropSchema(dbSchema);
  }
}

/** Produces RAW_EVENTS raw events as fast as possible; the clock stops when all are on purchases.v1. */
async function rawTopicThroughput(kafka: Kafka, prefix: string, runId: string): Promise<{ events: number; seconds: number; eventsPerSecond: number }> {
  const output = topicName(Topics.purchases, prefix);
  const before = await topicRecordCount(kafka, output);
  const producer = kafka.producer();
  await producer.connect();
  const started = performance.now();
  for (let sent = 0; sent < RAW_EVENTS; sent += 1000) {
    const batch = syntheticBatch(sent, Math.min(1000, RAW_EVENTS - sent), `r${runId}`);
    await producer.send({ topic: topicName(Topics.purchasesRaw, prefix), acks: -1, messages: batch.map((e) => ({ key: String(e['customerId']), value: JSON.stringify(e) })) });
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
