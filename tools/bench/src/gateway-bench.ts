/**
 * Score lookups through the gateway (GET /v1/customers/{id}/score: API key check, rate limit,
 * security headers, request id, Redis MGET, merge) against a bare node:http server reading the
 * same Redis keys, measured in the same run on the same machine:
 *   1. throughput: as many requests as CONNECTIONS keep in flight for SECONDS, each server;
 *   2. latency: a constant RATE (default 2,000 req/s, evenly spaced, open loop: see paced-load.ts)
 *      for SECONDS, each server, p50/p99/max from each request's due time.
 * Both run in ROUNDS alternating bare and gateway phases, and the throughput ratio is the median
 * of the rounds' ratios: the machine is shared (2 cores, other work coming and going), and
 * alternating spreads that load over both sides instead of charging it to whichever ran when it came.
 * Targets (issue 7): gateway >= 60% of the bare throughput, gateway p99 < 10 ms at 2,000 req/s.
 * Customer ids rotate over CUSTOMERS seeded scores, so every lookup hits Redis (no HTTP cache).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  ensureKafka,
  ensurePostgres,
  ensureRedis,
  ensureTopics,
} from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { pacedLoad } from './paced-load';
import { freePort, startService } from './service-process';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 10_000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const RATE = Number(process.env['BENCH_RATE'] ?? 2_000);
/** Connections at most for the paced load; at 2,000/s and ~1 ms, two or three are in use. */
const RATE_CONNECTIONS = Number(process.env['BENCH_RATE_CONNECTIONS'] ?? 20);
const REPO_ROOT = join(__dirname, '..', '..', '..');

interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

/** A score document with the shape scoring writes (ScoreV1), and a prediction as the gateway keeps it (ShownPrediction). */
function seedDocuments(i: number): { score: string; prediction: string } {
  const customerId = `bench-c${i}`;
  const now = new Date().toISOString();
  const score = {
    eventId: `s-${i}`,
    customerId,
    asOf: `${now.slice(0, 10)}T00:00:00.000Z`,
    computedAt: now,
    stateVersion: 3,
    trigger: 'event',
    currency: 'EUR',
    frequency: 2,
    recency: 20.5,
    T: 40.1,
    monetaryMinor: 5_400,
    purchaseCount: 3,
    netSpendMinor: 16_200,
    lastPurchaseAt: now,
    daysSinceLastPurchase: 0,
    rfm: { recency: 4, frequency: 3, monetary: 4, segment: 'Loyal' },
    tier: 'gold',
    stage: 'active',
    pAlive: 0.91,
    expectedPurchases90d: 0.8,
    clvMinor: 10_000 + i,
    parametersVersion: 'fit-1',
    parametersSource: 'fitted',
  };
  // What the gateway keeps of a prediction in Redis (ShownPrediction).
  const prediction = {
    probability: 0.31,
    riskLevel: 'low',
    drivers: [
      { feature: 'daysSinceLastPurchase', contribution: -0.4, direction: 'lowers risk', text: 'bought 3 days ago' },
    ],
    signals: [],
    modelVersion: 'm-1',
    predictedAt: now,
  };
  return { score: JSON.stringify(score), prediction: JSON.stringify(prediction) };
}

const scorePath = (i: number): string => `/v1/customers/bench-c${i % CUSTOMERS}/score`;

/** As many requests as `connections` keep in flight (autocannon), for SECONDS. */
async function load(url: string, key: string, connections: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    headers: { 'x-api-key': key },
    requests: [
      { setupRequest: (request) => ({ ...request, path: scorePath(next++) }) },
    ],
  });
  return warnOnFailures(url, {
    requestsPerSecond: round(result['2xx'] / SECONDS),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
  });
}

/** RATE requests per second, evenly spaced, for SECONDS. */
async function paced(url: string, key: string): Promise<LoadResult> {
  const result = await pacedLoad({ url, rate: RATE, seconds: SECONDS, path: scorePath, headers: { 'x-api-key': key }, connections: RATE_CONNECTIONS });
  return warnOnFailures(url, result);
}

function warnOnFailures(url: string, result: LoadResult): LoadResult {
  if (result.non2xx > 0 || result.errors > 0)
    console.warn(`warning: ${result.non2xx} non-2xx responses and ${result.errors} errors from ${url}`);
  return result;
}

/** The median run by throughput (flat out) or by p99 (at a fixed rate), with its other figures. */
function median(runs: readonly LoadResult[], by: 'throughput' | 'p99'): LoadResult {
  const sorted = [...runs].sort((a, b) =>
    by === 'throughput' ? a.requestsPerSecond - b.requestsPerSecond : a.latencyMs.p99 - b.latencyMs.p99,
  );
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function startBare(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'gateway-bare-server.js')], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.${runId}`;
  const redisPrefix = `bench:${runId}:`;
  const dbSchema = `bench_gateway_${runId}`;
  const { brokers } = await ensureKafka();
  await Promise.all([ensurePostgres(DEFAULT_DATABASE_URL), ensureRedis(DEFAULT_REDIS_URL)]);
  await ensureTopics(brokers, { prefix });

  const redis = new Redis(DEFAULT_REDIS_URL, { keyPrefix: redisPrefix });
  for (let i = 0; i < CUSTOMERS; i += 1_000) {
    const pipeline = redis.pipeline();
    for (let j = i; j < Math.min(CUSTOMERS, i + 1_000); j++) {
      const { score, prediction } = seedDocuments(j);
      pipeline.set(`score:bench-c${j}`, score).set(`gateway:prediction:bench-c${j}`, prediction);
    }
    await pipeline.exec();
  }

  const env = {
    DATABASE_URL: DEFAULT_DATABASE_URL,
    DB_SCHEMA: dbSchema,
    REDIS_URL: DEFAULT_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: prefix,
  };
  // The first key comes from the CLI, as on a fresh deployment; its rate limit is lifted for the run.
  const created = JSON.parse(
    execFileSync(
      process.execPath,
      [
        join(REPO_ROOT, 'services', 'gateway', 'dist', 'create-api-key.js'),
        '--name',
        'bench',
        '--scopes',
        'scores:read',
      ],
      { env: { ...process.env, ...env } },
    ).toString(),
  ) as { key: string };
  const gateway = await startService('gateway', { ...env, RATE_LIMIT_MAX: '100000000' });
  const bare = await startBare({ REDIS_URL: DEFAULT_REDIS_URL, REDIS_KEY_PREFIX: redisPrefix, API_KEY: created.key });
  try {
    const probe = await fetch(`${gateway.url}/v1/customers/bench-c1/score`, { headers: { 'x-api-key': created.key } });
    if (probe.status !== 200 || probe.headers.get('x-score-source') !== 'cache')
      throw new Error(`gateway probe answered ${probe.status} (${probe.headers.get('x-score-source')})`);
    // Warm both (JIT, connection pools) before measuring.
    await load(bare.url, created.key, 10).catch(() => undefined);
    await load(gateway.url, created.key, 10);

    const bareMaxRuns: LoadResult[] = [];
    const gatewayMaxRuns: LoadResult[] = [];
    const bareRateRuns: LoadResult[] = [];
    const gatewayRateRuns: LoadResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(
        `round ${round}/${ROUNDS}: throughput (${CONNECTIONS} connections), then ${RATE} req/s evenly spaced, ${SECONDS} s each`,
      );
      bareMaxRuns.push(await load(bare.url, created.key, CONNECTIONS));
      gatewayMaxRuns.push(await load(gateway.url, created.key, CONNECTIONS));
      bareRateRuns.push(await paced(bare.url, created.key));
      gatewayRateRuns.push(await paced(gateway.url, created.key));
    }
    const bareMax = median(bareMaxRuns, 'throughput');
    const gatewayMax = median(gatewayMaxRuns, 'throughput');
    const bareRate = median(bareRateRuns, 'p99');
    const gatewayRate = median(gatewayRateRuns, 'p99');
    // Each round's two phases ran back to back under about the same background load: the ratio
    // is taken per round, and its median is the figure.
    const ratios = gatewayMaxRuns.map((g, i) => round(g.requestsPerSecond / bareMaxRuns[i]!.requestsPerSecond, 3));
    const ratio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
    const results = {
      settings: {
        customers: CUSTOMERS,
        connections: CONNECTIONS,
        seconds: SECONDS,
        rounds: ROUNDS,
        rate: RATE,
        rateConnections: RATE_CONNECTIONS,
      },
      throughput: {
        bare: bareMax,
        gateway: gatewayMax,
        ratioToBare: ratio,
        ratiosPerRound: ratios,
        target: 0.6,
        met: ratio >= 0.6,
      },
      atRate: {
        bare: bareRate,
        gateway: gatewayRate,
        targetP99Ms: 10,
        met: gatewayRate.latencyMs.p99 < 10 && gatewayRate.requestsPerSecond >= RATE * 0.95,
      },
      rounds: {
        bareMax: bareMaxRuns,
        gatewayMax: gatewayMaxRuns,
        bareAtRate: bareRateRuns,
        gatewayAtRate: gatewayRateRuns,
      },
    };
    printTable(
      Array.from({ length: ROUNDS }, (_, i) => ({
        round: i + 1,
        'bare req/s': bareMaxRuns[i]!.requestsPerSecond,
        'gateway req/s': gatewayMaxRuns[i]!.requestsPerSecond,
        ratio: ratios[i]!,
        [`bare p99 ms @${RATE}/s`]: bareRateRuns[i]!.latencyMs.p99,
        [`gateway p99 ms @${RATE}/s`]: gatewayRateRuns[i]!.latencyMs.p99,
      })),
    );
    printTable([
      {
        run: 'bare node:http + Redis MGET (max, median)',
        'req/s': bareMax.requestsPerSecond,
        'p50 ms': bareMax.latencyMs.p50,
        'p99 ms': bareMax.latencyMs.p99,
        ratio: 1,
      },
      {
        run: 'gateway (max, median)',
        'req/s': gatewayMax.requestsPerSecond,
        'p50 ms': gatewayMax.latencyMs.p50,
        'p99 ms': gatewayMax.latencyMs.p99,
        ratio: `${ratio} (median per round)`,
      },
      {
        run: `bare at ${RATE}/s (median)`,
        'req/s': bareRate.requestsPerSecond,
        'p50 ms': bareRate.latencyMs.p50,
        'p99 ms': bareRate.latencyMs.p99,
        ratio: '',
      },
      {
        run: `gateway at ${RATE}/s (median)`,
        'req/s': gatewayRate.requestsPerSecond,
        'p50 ms': gatewayRate.latencyMs.p50,
        'p99 ms': gatewayRate.latencyMs.p99,
        ratio: '',
      },
    ]);
    console.log(
      `targets: throughput ratio ${ratio} (>= 0.6: ${results.throughput.met}); p99 at ${RATE}/s ${gatewayRate.latencyMs.p99} ms (< 10: ${results.atRate.met})`,
    );
    console.log(`saved ${saveReport('gateway', results)}`);
  } finally {
    await gateway.stop();
    bare.child.kill('SIGTERM');
    redis.disconnect();
    await cleanUp(redisPrefix, dbSchema);
  }
}

async function cleanUp(redisPrefix: string, dbSchema: string): Promise<void> {
  // A client without keyPrefix: KEYS answers full names, which a prefixed DEL would prefix twice.
  const redis = new Redis(DEFAULT_REDIS_URL);
  const keys = await redis.keys(`${redisPrefix}*`);
  for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
  redis.disconnect();
  const client = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${dbSchema}" CASCADE`).finally(() => client.end());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
