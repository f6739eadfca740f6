/**
 * Alerting service: prediction-to-alert latency at a steady rate of churn-predictions.v1 records
 * (default 1,000/s for 20 s), each for a new high-risk customer, so each opens an alert. Measured
 * to two places: the `opened` record on alerts.v1 (read by a consumer in this process) and the
 * signed webhook arriving at a local HTTP receiver subscribed to every alert. Baseline in the same
 * run: a bare kafkajs produce -> consume round trip at the same rate (no service in between).
 * Prints a table and writes .bench/alerting-*.json.
 *
 *   npm run bench:alerting          (after the lead adds the script; or: npx tsc -b tools/bench services/alerting && node tools/bench/dist/alerting-bench.js)
 *   BENCH_RATE=1000 BENCH_LATENCY_SECONDS=20 node tools/bench/dist/alerting-bench.js
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics, topicName } from '@churn/contracts';
import { DEFAULT_DATABASE_URL, ensureKafka, ensurePostgres, ensureTopics } from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { startService } from './service-process';

const RATE = Number(process.env['BENCH_RATE'] ?? 1_000);
const SECONDS = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 20);
const REPO_ROOT = join(__dirname, '..', '..', '..');

/** A churn-predictions.v1 record as churn-prediction publishes it: a new customer at high risk. */
function prediction(customerId: string, sequence: number): string {
  const now = new Date().toISOString();
  return JSON.stringify({
    eventId: `${customerId}-p`,
    customerId,
    asOf: now,
    predictedAt: now,
    trigger: 'score',
    probability: 0.82,
    previousProbability: null,
    riskLevel: 'high',
    horizonDays: 180,
    drivers: [
      {
        feature: 'daysSinceLastPurchase',
        contribution: 1.4,
        direction: 'raises risk',
        text: 'no purchase for 94 days, 3x the usual gap of 31 days',
      },
    ],
    signals: ['long-gap'],
    modelVersion: 'bench-model',
    tier: (['diamond', 'gold', 'silver', 'basic'] as const)[sequence % 4],
    clvMinor: 25_000,
    currency: 'EUR',
    scoreStateVersion: 1,
  });
}

interface Arrivals {
  /** Customer -> arrival time (performance.now()) of the first record/request for it. */
  at: Map<string, number>;
}

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.${runId}`;
  const baselinePrefix = `bench.${runId}.base`;
  const { brokers } = await ensureKafka();
  await ensurePostgres(DEFAULT_DATABASE_URL);
  await ensureTopics(brokers, { prefix });
  await ensureTopics(brokers, { prefix: baselinePrefix });
  const kafka = new Kafka({ clientId: 'bench-alerting', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();

  console.log(`baseline: bare kafkajs produce -> consume at ${RATE}/s for ${SECONDS}s`);
  const baselineTopic = topicName(Topics.churnPredictions, baselinePrefix);
  const baselineArrivals = await consumeArrivals(kafka, baselineTopic, `${baselinePrefix}.reader`, () => true);
  const baselineSent = await produceAtRate(producer, baselineTopic, runId, 'base');
  const baseline = await latencies(baselineSent, baselineArrivals.arrivals, 60_000);
  await baselineArrivals.stop();

  // Every alert reaches the webhook: no control group in the bench rules.
  const rulesFile = join(REPO_ROOT, '.bench', `alerting-rules-${runId}.json`);
  const shipped = JSON.parse(
    readFileSync(join(REPO_ROOT, 'services', 'alerting', 'rules', 'alert-rules.json'), 'utf8'),
  ) as Record<string, unknown>;
  const dbSchema = `bench_alerting_${runId}`;
  const webhook = await startReceiver();
  mkdirSync(join(REPO_ROOT, '.bench'), { recursive: true });
  writeFileSync(rulesFile, JSON.stringify({ ...shipped, controlGroupShare: 0 }));
  const service = await startService('alerting', {
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: prefix,
    DB_SCHEMA: dbSchema,
    DATABASE_URL: DEFAULT_DATABASE_URL,
    RULES_FILE: rulesFile,
  });
  try {
    const subscribed = await fetch(`${service.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: webhook.url }),
    });
    if (subscribed.status !== 201)
      throw new Error(`subscription failed: ${subscribed.status} ${await subscribed.text()}`);
    const alerts = await consumeArrivals(kafka, topicName(Topics.alerts, prefix), `${prefix}.reader`, (value) =>
      value.includes('"type":"opened"'),
    );

    // Warm-up (connections, JIT, first-batch costs) is not measured.
    await produceAtRate(producer, topicName(Topics.churnPredictions, prefix), runId, 'warm', Math.min(RATE, 200), 2);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    console.log(
      `alerting: ${RATE} predictions/s for ${SECONDS}s, each opening an alert; until it is on alerts.v1 and at the webhook`,
    );
    const sent = await produceAtRate(producer, topicName(Topics.churnPredictions, prefix), runId, 'lat');
    const onTopic = await latencies(sent, alerts.arrivals, 120_000);
    const atWebhook = await latencies(sent, webhook.arrivals, 120_000);
    await alerts.stop();

    const results = {
      settings: { rate: RATE, seconds: SECONDS, predictions: sent.size },
      baselineKafkaRoundTripMs: summary(baseline),
      alertsTopicMs: {
        ...summary(onTopic),
        p99RatioToBaseline: round(summary(onTopic).p99 / summary(baseline).p99, 2),
      },
      webhookMs: {
        ...summary(atWebhook),
        p99RatioToBaseline: round(summary(atWebhook).p99 / summary(baseline).p99, 2),
      },
      webhookSignaturesChecked: webhook.signed,
    };
    printTable([
      {
        run: `baseline: bare Kafka round trip at ${RATE}/s`,
        samples: results.baselineKafkaRoundTripMs.samples,
        'p50 ms': results.baselineKafkaRoundTripMs.p50,
        'p99 ms': results.baselineKafkaRoundTripMs.p99,
        'max ms': results.baselineKafkaRoundTripMs.max,
      },
      {
        run: 'prediction -> alerts.v1 opened',
        samples: results.alertsTopicMs.samples,
        'p50 ms': results.alertsTopicMs.p50,
        'p99 ms': results.alertsTopicMs.p99,
        'max ms': results.alertsTopicMs.max,
      },
      {
        run: 'prediction -> webhook received',
        samples: results.webhookMs.samples,
        'p50 ms': results.webhookMs.p50,
        'p99 ms': results.webhookMs.p99,
        'max ms': results.webhookMs.max,
      },
    ]);
    console.log(`saved ${saveReport('alerting', results)}`);
  } finally {
    await service.stop();
    await webhook.stop();
    await producer.disconnect();
    rmSync(rulesFile, { force: true });
    const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${dbSchema}" CASCADE`);
    await client.end();
  }
}

/** Produces one prediction per new customer at RATE/s (10 ms ticks); returns customer -> send time. */
async function produceAtRate(
  producer: ReturnType<Kafka['producer']>,
  topic: string,
  runId: string,
  tag: string,
  rate = RATE,
  seconds = SECONDS,
): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const total = rate * seconds;
  const started = performance.now();
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    if (due > sent) {
      const messages = Array.from({ length: due - sent }, (_, k) => {
        const customer = `${tag}-${runId}-${sent + k}`;
        return { key: customer, value: prediction(customer, sent + k) };
      });
      const now = performance.now();
      for (const m of messages) sentAt.set(m.key, now);
      await producer.send({ topic, acks: -1, messages });
      sent = due;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return sentAt;
}

/** Records when a record keyed by each customer first arrives on a topic (value filter applied). */
async function consumeArrivals(
  kafka: Kafka,
  topic: string,
  group: string,
  accept: (value: string) => boolean,
): Promise<{ arrivals: Arrivals; stop(): Promise<void> }> {
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 50 });
  const arrivals: Arrivals = { at: new Map() };
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const message of batch.messages) {
        const key = message.key?.toString('utf8');
        if (key && !arrivals.at.has(key) && accept(message.value?.toString('utf8') ?? '')) arrivals.at.set(key, now);
      }
    },
  });
  return { arrivals, stop: () => consumer.disconnect() };
}

/** A webhook receiver on loopback: records the arrival of each customer's `opened` alert, checks the signature header is present. */
async function startReceiver(): Promise<{ url: string; arrivals: Arrivals; signed: number; stop(): Promise<void> }> {
  const arrivals: Arrivals = { at: new Map() };
  const state = { signed: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const now = performance.now();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { customerId: string; type: string };
      if (/^t=\d+,v1=[0-9a-f]{64}$/.test(String(req.headers['x-churn-signature']))) state.signed++;
      if (event.type === 'opened' && !arrivals.at.has(event.customerId)) arrivals.at.set(event.customerId, now);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  return {
    url,
    arrivals,
    get signed() {
      return state.signed;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Per-customer latency (ms) once every sent customer has arrived; throws if some never do. */
async function latencies(sentAt: Map<string, number>, arrivals: Arrivals, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  const missing = (): number => [...sentAt.keys()].filter((c) => !arrivals.at.has(c)).length;
  while (missing() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (missing() > 0) throw new Error(`${missing()} of ${sentAt.size} never arrived`);
  return [...sentAt].map(([customer, at]) => arrivals.at.get(customer)! - at);
}

function summary(values: readonly number[]): { samples: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const pct = (q: number): number =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN, 1);
  return { samples: sorted.length, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: round(sorted.at(-1) ?? NaN, 1) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
