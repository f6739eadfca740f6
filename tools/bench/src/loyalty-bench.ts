/**
 * Loyalty ledger: ledger postings per second from purchases.v1 (every record already on the topic,
 * until all are posted), and redemption latency over HTTP at a steady open-loop rate (requests
 * are sent on schedule whether or not earlier ones answered, so queueing shows in the figures).
 * Baseline in the same run: a bare kafkajs consumer that INSERTs each record into one Postgres
 * table per batch (no journal, no lots, no balances, no outbox). Prints a table and writes
 * .bench/loyalty-*.json.
 *
 *   node tools/bench/dist/loyalty-bench.js
 *   BENCH_LOYALTY_EVENTS=50000 BENCH_LOYALTY_RATE=200 BENCH_LOYALTY_SECONDS=20 node tools/bench/dist/loyalty-bench.js
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics, topicName } from '@churn/contracts';
import { DEFAULT_DATABASE_URL, ensureKafka, ensurePostgres, ensureTopics } from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { loyaltyPurchase, loyaltyRefund } from './loyalty-synthetic';
import { startService } from './service-process';

const EVENTS = Number(process.env['BENCH_LOYALTY_EVENTS'] ?? 30_000);
const CUSTOMERS = Number(process.env['BENCH_LOYALTY_CUSTOMERS'] ?? 5_000);
const RATE = Number(process.env['BENCH_LOYALTY_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_LOYALTY_SECONDS'] ?? 20);
const REDEEMERS = Number(process.env['BENCH_LOYALTY_REDEEMERS'] ?? 50);
const REFUND_EVERY = 10;

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.${runId}`;
  const { brokers } = await ensureKafka();
  await ensurePostgres(DEFAULT_DATABASE_URL);
  await ensureTopics(brokers, { prefix });
  const kafka = new Kafka({ clientId: 'bench-loyalty', brokers, logLevel: logLevel.NOTHING });
  const topic = topicName(Topics.purchases, prefix);

  // Purchases over the last 300 days (so most lots are past their return window), plus refunds.
  const from = Date.now() - 300 * 86_400_000;
  const values: { key: string; value: string }[] = [];
  for (let i = 0; values.length < EVENTS; i += 1) {
    const customer = `cust-${i % CUSTOMERS}`;
    const at = from + Math.floor((i / EVENTS) * 299 * 86_400_000);
    values.push({ key: customer, value: loyaltyPurchase(runId, i, customer, at) });
    if (i % REFUND_EVERY === 0 && values.length < EVENTS)
      values.push({ key: customer, value: loyaltyRefund(runId, i, customer, at) });
  }
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < values.length; i += 1_000)
    await producer.send({ topic, acks: -1, messages: values.slice(i, i + 1_000) });

  const baselineTable = `bench_loyalty_baseline_${runId}`;
  console.log(`baseline: bare kafkajs consumer -> one INSERT per batch, ${EVENTS} records`);
  const baseline = await bareConsumeToPostgres(kafka, topic, `${prefix}.baseline`, baselineTable, EVENTS);

  const dbSchema = `bench_loyalty_${runId}`;
  const service = await startService('loyalty-ledger', {
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: prefix,
    DB_SCHEMA: dbSchema,
    DATABASE_URL: DEFAULT_DATABASE_URL,
    JOBS_INTERVAL_MS: '0',
    DAILY_REDEMPTION_LIMIT_POINTS: '1000000000',
  });
  try {
    console.log(`postings: ${EVENTS} records already on purchases.v1, until all are posted`);
    const started = performance.now();
    await waitForApplied(service.url, EVENTS, 600_000);
    const postingSeconds = (performance.now() - started) / 1000;
    const postings = await countEntries(dbSchema);
    // Redemptions are measured in steady state, not while the relay still publishes the postings' events.
    await waitForOutboxDrained(dbSchema, 300_000);

    console.log(`redemptions: ${RATE}/s for ${SECONDS}s over ${REDEEMERS} customers (open loop)`);
    await seedRedeemers(service.url, runId);
    const { latencies, statuses } = await redeemAtRate(service.url, runId);
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (q: number): number =>
      round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN, 1);

    const results = {
      settings: {
        events: EVENTS,
        customers: CUSTOMERS,
        refundEvery: REFUND_EVERY,
        rate: RATE,
        seconds: SECONDS,
        redeemers: REDEEMERS,
      },
      baseline: { recordsPerSecond: round(EVENTS / baseline) },
      postings: {
        recordsPerSecond: round(EVENTS / postingSeconds),
        journalEntries: postings,
        postingsPerSecond: round(postings / postingSeconds),
        seconds: round(postingSeconds, 2),
        ratioToBaseline: round(baseline / postingSeconds, 2),
      },
      redemptionLatencyMs: {
        samples: latencies.length,
        statuses,
        p50: pct(0.5),
        p95: pct(0.95),
        p99: pct(0.99),
        max: round(sorted.at(-1) ?? NaN, 1),
      },
      targets: { postingsPerSecond: 3_000, redemptionP99Ms: 50 },
    };
    printTable([
      { run: 'baseline (bare consume -> INSERT)', 'records/s': results.baseline.recordsPerSecond, ratio: 1 },
      {
        run: 'ledger (purchases.v1 -> journal)',
        'records/s': results.postings.recordsPerSecond,
        'postings/s': results.postings.postingsPerSecond,
        ratio: results.postings.ratioToBaseline,
      },
      {
        run: `redemptions at ${RATE}/s`,
        'p50 ms': results.redemptionLatencyMs.p50,
        'p95 ms': results.redemptionLatencyMs.p95,
        'p99 ms': results.redemptionLatencyMs.p99,
      },
    ]);
    console.log(`saved ${saveReport('loyalty', results)}`);
  } finally {
    await service.stop();
    await producer.disconnect();
    await dropAll(dbSchema, baselineTable);
  }
}

/** Seconds for a bare consumer to read `count` records and INSERT each batch into one table. */
async function bareConsumeToPostgres(
  kafka: Kafka,
  topic: string,
  group: string,
  table: string,
  count: number,
): Promise<number> {
  const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await client.connect();
  await client.query(`CREATE TABLE ${table} (key text, value jsonb)`);
  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        await client.query(`INSERT INTO ${table} SELECT * FROM unnest($1::text[], $2::jsonb[])`, [
          batch.messages.map((m) => String(m.key)),
          batch.messages.map((m) => m.value?.toString('utf8') ?? 'null'),
        ]);
        seen += batch.messages.length;
        if (seen >= count) resolve();
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  await client.end();
  return seconds;
}

async function waitForApplied(url: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const applied = Number(/loyalty_ledger_records_total\{outcome="applied"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
    if (applied >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${applied} of ${count} records posted in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForOutboxDrained(schema: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}".outbox WHERE sent_at IS NULL`,
      );
      if (Number(rows[0]?.n) === 0) return;
      if (Date.now() > deadline) throw new Error(`outbox still holds ${rows[0]?.n} unsent rows`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end();
  }
}

async function countEntries(schema: string): Promise<number> {
  const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".journal_entries`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** Gives each redeeming customer far more points than the run can spend, so every request should succeed. */
async function seedRedeemers(url: string, runId: string): Promise<void> {
  for (let c = 0; c < REDEEMERS; c += 1) {
    const response = await fetch(`${url}/v1/customers/red-${runId}-${c}/loyalty/adjustments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `seed-${runId}-${c}` },
      body: JSON.stringify({ points: 10_000_000, reason: 'bench seed', operator: 'bench' }),
    });
    if (response.status !== 201) throw new Error(`seeding answered ${response.status}`);
  }
}

/** Sends RATE requests per second for SECONDS on schedule; each latency is send -> full answer. */
async function redeemAtRate(
  url: string,
  runId: string,
): Promise<{ latencies: number[]; statuses: Record<string, number> }> {
  const total = RATE * SECONDS;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
    for (; sent < due; sent += 1) {
      const customer = `red-${runId}-${sent % REDEEMERS}`;
      const t0 = performance.now();
      inFlight.push(
        fetch(`${url}/v1/customers/${customer}/loyalty/redemptions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${runId}-${sent}` },
          body: JSON.stringify({ points: 10 }),
        }).then(async (response) => {
          await response.arrayBuffer();
          latencies.push(performance.now() - t0);
          statuses[String(response.status)] = (statuses[String(response.status)] ?? 0) + 1;
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(inFlight);
  return { latencies, statuses };
}

async function dropAll(schema: string, table: string): Promise<void> {
  const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
