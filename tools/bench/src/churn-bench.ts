/**
 * Churn prediction: (1) batch inference over 100,000 customers on every tfjs backend that loads
 * here (native libtensorflow, wasm, cpu): features from purchase patterns, probabilities, and
 * probabilities with the top-3 drivers; the feature computation alone is the baseline in the same
 * run. (2) Online latency at a steady rate: a scores.v1 record produced -> its prediction read from
 * churn-predictions.v1, through the real service process. Prints tables, writes .bench/churn-*.json.
 *
 *   npm run build && node tools/bench/dist/churn-bench.js
 *   BENCH_CHURN_CUSTOMERS=100000 BENCH_RATE=1000 BENCH_LATENCY_SECONDS=20 node tools/bench/dist/churn-bench.js
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { type ChurnModel, initBackend, loadChurnModel } from '@churn/churn-model';
import { Topics, topicName } from '@churn/contracts';
import { type ChurnFeatures, churnFeaturesFromPattern } from '@churn/domain';
import { DEFAULT_DATABASE_URL, ensureKafka, ensurePostgres, ensureTopics } from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { SYNTHETIC_BG_NBD, syntheticPatterns, syntheticScore } from './churn-synthetic';
import { startService } from './service-process';

const CUSTOMERS = Number(process.env['BENCH_CHURN_CUSTOMERS'] ?? 100_000);
const RATE = Number(process.env['BENCH_RATE'] ?? 1_000);
const LATENCY_SECONDS = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 20);
const SEED_MODEL_DIR = join(__dirname, '..', '..', '..', 'services', 'churn-prediction', 'seed-model');

/** The backends that start here: initBackend registers those that load (and logs the fallbacks). */
async function backendsHere(): Promise<string[]> {
  await initBackend({ info: (fields) => console.log(JSON.stringify(fields)) });
  const available: string[] = [];
  for (const name of ['tensorflow', 'wasm', 'cpu']) {
    if (await tf.setBackend(name).catch(() => false)) available.push(name);
  }
  return available;
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

async function batchInference(): Promise<Record<string, unknown>> {
  const now = Date.now();
  const patterns = syntheticPatterns(CUSTOMERS, now);
  const started = performance.now();
  const features: ChurnFeatures[] = patterns.map((p, i) =>
    churnFeaturesFromPattern(`c${i}`, p, { asOf: now, bgNbd: SYNTHETIC_BG_NBD, timeUnit: 'week', horizonDays: 273 }),
  );
  const featureSeconds = seconds(started);
  const rows: Record<string, string | number>[] = [
    {
      run: `features only (baseline), ${CUSTOMERS} customers`,
      seconds: round(featureSeconds, 2),
      'rows/s': round(CUSTOMERS / featureSeconds),
    },
  ];
  const results: Record<string, unknown> = { customers: CUSTOMERS, featureSeconds: round(featureSeconds, 3) };
  for (const backend of await backendsHere()) {
    await tf.setBackend(backend);
    const model: ChurnModel = await loadChurnModel(SEED_MODEL_DIR);
    model.predict(features.slice(0, 100));
    let t = performance.now();
    const probabilities = model.predict(features);
    const predictSeconds = seconds(t);
    t = performance.now();
    const explained = model.explainAll(features);
    const explainSeconds = seconds(t);
    if (explained.length !== probabilities.length) throw new Error('explainAll lost rows');
    model.dispose();
    results[backend] = {
      predictSeconds: round(predictSeconds, 3),
      explainSeconds: round(explainSeconds, 3),
      predictRowsPerSecond: round(CUSTOMERS / predictSeconds),
      explainRowsPerSecond: round(CUSTOMERS / explainSeconds),
      kind: model.metadata.kind,
    };
    rows.push({
      run: `${backend}: probabilities`,
      seconds: round(predictSeconds + featureSeconds, 2),
      'rows/s': round(CUSTOMERS / (predictSeconds + featureSeconds)),
    });
    rows.push({
      run: `${backend}: probabilities + top-3 drivers`,
      seconds: round(explainSeconds + featureSeconds, 2),
      'rows/s': round(CUSTOMERS / (explainSeconds + featureSeconds)),
    });
  }
  printTable(rows);
  return results;
}

/**
 * Produces one score per new customer at RATE/s; a record's latency ends when its prediction is
 * consumed. `backends` is the service's TFJS_BACKENDS.
 */
async function onlineLatency(backends: string): Promise<Record<string, unknown>> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.${runId}`;
  const dbSchema = `bench_churn_${runId}`;
  const { brokers } = await ensureKafka();
  await ensurePostgres(DEFAULT_DATABASE_URL);
  await ensureTopics(brokers, { prefix });
  const kafka = new Kafka({ clientId: 'bench-churn', brokers, logLevel: logLevel.NOTHING });
  const service = await startService('churn-prediction', {
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: prefix,
    DB_SCHEMA: dbSchema,
    DATABASE_URL: DEFAULT_DATABASE_URL,
    RECHECK_TICK_MS: '3600000',
    TFJS_BACKENDS: backends,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${prefix}.reader` });
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: topicName(Topics.churnPredictions, prefix), fromBeginning: true });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = performance.now();
        for (const message of batch.messages) {
          const key = String(message.key);
          const at = sentAt.get(key);
          if (at !== undefined) {
            latencies.push(now - at);
            sentAt.delete(key);
          }
        }
      },
    });
    const patterns = syntheticPatterns(RATE * LATENCY_SECONDS, Date.now(), 23);
    const total = patterns.length;
    const health = (await (await fetch(`${service.url}/health/model`)).json()) as { backend: string };
    console.log(
      `latency (${health.backend} backend): ${RATE} scores/s for ${LATENCY_SECONDS}s, each for a new customer, until its prediction is on churn-predictions.v1`,
    );
    const started = performance.now();
    for (let sent = 0; sent < total;) {
      const due = Math.min(total, Math.floor(seconds(started) * RATE));
      if (due > sent) {
        const messages = Array.from({ length: due - sent }, (_, k) => {
          const customer = `lat-${runId}-${sent + k}`;
          return { key: customer, value: JSON.stringify(syntheticScore(customer, patterns[sent + k]!, Date.now())) };
        });
        const now = performance.now();
        for (const m of messages) sentAt.set(m.key, now);
        await producer.send({ topic: topicName(Topics.scores, prefix), acks: -1, messages });
        sent = due;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const deadline = Date.now() + 60_000;
    while (sentAt.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (sentAt.size > 0) throw new Error(`${sentAt.size} predictions never arrived`);
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (q: number): number =>
      round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN, 1);
    const result = {
      backend: health.backend,
      rate: RATE,
      seconds: LATENCY_SECONDS,
      samples: sorted.length,
      p50: pct(0.5),
      p95: pct(0.95),
      p99: pct(0.99),
      max: round(sorted.at(-1) ?? NaN, 1),
    };
    printTable([
      {
        run: `${health.backend}: scores.v1 -> churn-predictions.v1 at ${RATE}/s`,
        'p50 ms': result.p50,
        'p95 ms': result.p95,
        'p99 ms': result.p99,
        'max ms': result.max,
      },
    ]);
    return result;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await service.stop();
    const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${dbSchema}" CASCADE`);
    await client.end();
  }
}

async function main(): Promise<void> {
  console.log(`batch inference: ${CUSTOMERS} customers per available tfjs backend`);
  const batch = await batchInference();
  const online = [await onlineLatency('tensorflow,wasm,cpu'), await onlineLatency('tensorflow,cpu')];
  console.log(
    `saved ${saveReport('churn', { settings: { customers: CUSTOMERS, rate: RATE, latencySeconds: LATENCY_SECONDS }, batch, online })}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
