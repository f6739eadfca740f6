/**
 * The whole platform under load: all six services on the local stack, fed by `churn replay`
 * through purchases.raw.v1 / interactions.raw.v1 as upstream systems would.
 *
 * 1. baseline: a bare kafkajs consume-and-produce passthrough (raw -> normalized topic) on the
 *    flood population below, in the same run, before the services start;
 * 2. steady: a simulated population replayed at BENCH_E2E_RATE events/s: latency percentiles of
 *    event -> score in Redis, event -> churn prediction, event -> alert; consumer lag each second;
 *    CPU seconds per service;
 * 3. flood: the baseline's population replayed as fast as possible: end-to-end events/s until
 *    every purchase's score is in Redis, and its ratio to the baseline.
 *
 * Prints a table, writes .bench/e2e-*.json and .bench/e2e-*.html (latency and lag over time).
 *
 *   npm run bench:e2e
 *   BENCH_E2E_RATE=1000 BENCH_E2E_SECONDS=30 BENCH_E2E_FLOOD_CUSTOMERS=2000 npm run bench:e2e
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5499/churn npm run bench:e2e
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { type ReplayReport, replayInChildProcess } from '@churn/cli/replay-child';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  ensureKafka,
  ensurePostgres,
  ensureRedis,
  ensureTopics,
} from '@churn/local-stack';
import { printTable, round, saveReport } from './bench-report';
import { cpuSeconds } from './e2e/cpu-sampler';
import { infraDelta, infraSnapshot, redisBytesPerKey, rowWrites } from './e2e/infra-usage';
import { LagSampler } from './e2e/lag-sampler';
import { passthroughEventsPerSecond } from './e2e/passthrough-baseline';
import { PipelineObserver } from './e2e/pipeline-observer';
import { percentiles } from './e2e/stage-latency';
import { timelineHtml } from './e2e/timeline-chart';
import { type RunningService, startService } from './service-process';

const RATE = Number(process.env['BENCH_E2E_RATE'] ?? 2_000);
const STEADY_SECONDS = Number(process.env['BENCH_E2E_SECONDS'] ?? 60);
const FLOOD_CUSTOMERS = Number(process.env['BENCH_E2E_FLOOD_CUSTOMERS'] ?? 5_000);
/** What `churn replay --generate` produces per customer over 365 days (measured: 12.7). */
const EVENTS_PER_CUSTOMER = 12.7;
/** Another Postgres to run against (a tuned one, one with pg_stat_statements loaded). */
const DATABASE_URL = process.env['BENCH_DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
const DRAIN_TIMEOUT_MS = Number(process.env['BENCH_E2E_DRAIN_SECONDS'] ?? 600) * 1_000;
const SERVICE_NAMES = ['ingestion', 'scoring', 'churn-prediction', 'alerting', 'loyalty-ledger', 'gateway'] as const;
type ServiceName = (typeof SERVICE_NAMES)[number];

/** `churn replay` as its own process, so the load generator does not share our event loop. */
function churnReplay(args: string[], brokers: string[]): Promise<ReplayReport> {
  return replayInChildProcess([...args, '--brokers', brokers.join(',')], { showStderr: true });
}

/** Waits until `done` says so, printing its progress every 10 s; resolves with the time it did. */
async function until(
  done: () => Promise<{ ok: boolean; unsettled: number; progress: string }>,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let nextReport = Date.now() + 10_000;
  for (let state = await done(); !state.ok; state = await done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${state.progress}`);
    if (Date.now() > nextReport) {
      console.log(`  waiting for ${what}: ${state.progress}`);
      nextReport += 10_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { unsettled } = await done();
  if (unsettled > 0)
    console.log(`  ${what}: drained with ${unsettled} purchases never seen in a live score (orders refunded in full)`);
  return Date.now();
}

/**
 * Every purchase of the run's customers has its score in Redis; a count stalled for 5 s is settled
 * by reading Redis. A customer whose only order was refunded in full has no purchase day left and
 * no live score, so the run also counts as drained once every consumer group has been at lag 0 for
 * 15 s; the purchases never seen in a score are then reported as unsettled.
 */
function allScored(
  observer: PipelineObserver,
  lag: LagSampler,
  expected: number,
  isRun: (customer: string) => boolean,
) {
  let last = -1;
  let stalledSince = Date.now();
  let reconciledAt = 0;
  let reconciled = 0;
  return async () => {
    let scored = observer.score.completed(isRun);
    if (scored !== last) [last, stalledSince] = [scored, Date.now()];
    else if (scored < expected && Date.now() - Math.max(stalledSince, reconciledAt) > 5_000) {
      reconciled += await observer.reconcileScores(isRun);
      scored = observer.score.completed(isRun);
      reconciledAt = Date.now();
    }
    const drained = Date.now() - stalledSince > 15_000 && lag.latestTotal() === 0;
    return {
      ok: scored >= expected || drained,
      unsettled: expected - scored,
      progress: `${scored} of ${expected} purchases scored (${observer.sent(isRun)} seen sent, ${reconciled} customers read from Redis after lost notifications), consumer lag ${lag.latestTotal()}`,
    };
  };
}

/**
 * The end of a run: its last purchase scored, not the moment the drain was noticed (a run whose
 * last orders were refunded in full is only known drained after the stall window).
 */
function lastScoredAt(observer: PipelineObserver, isRun: (customer: string) => boolean, drainedAt: number): number {
  return observer.score.lastReachedAt(isRun) ?? drainedAt;
}

async function startPlatform(
  runId: string,
  prefix: string,
  brokers: string[],
): Promise<Map<ServiceName, RunningService>> {
  const running = new Map<ServiceName, RunningService>();
  const common = (name: ServiceName): Record<string, string> => ({
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: prefix,
    DATABASE_URL,
    DB_SCHEMA: schemaOf(runId, name),
    REDIS_URL: DEFAULT_REDIS_URL,
    REDIS_KEY_PREFIX: `bench:${runId}:`,
  });
  const url = (name: ServiceName): string => running.get(name)!.url;
  for (const name of SERVICE_NAMES) {
    const extra: Record<string, string> =
      name === 'churn-prediction'
        ? { SCORING_URL: url('scoring') }
        : name === 'gateway'
          ? {
              INGESTION_URL: url('ingestion'),
              SCORING_URL: url('scoring'),
              CHURN_PREDICTION_URL: url('churn-prediction'),
              ALERTING_URL: url('alerting'),
              LOYALTY_URL: url('loyalty-ledger'),
            }
          : {};
    console.log(`starting ${name}`);
    running.set(name, await startService(name, { ...common(name), ...extra }));
  }
  return running;
}

function schemaOf(runId: string, name: ServiceName): string {
  return `bench_e2e_${runId}_${name.replace('-', '_')}`;
}

function cpuOf(services: Map<ServiceName, RunningService>): Record<string, number> {
  return Object.fromEntries([...services].map(([name, s]) => [name, cpuSeconds(s.process.pid!) ?? Number.NaN]));
}

function cpuDelta(before: Record<string, number>, after: Record<string, number>, seconds: number, events: number) {
  return Object.fromEntries(
    Object.keys(before).map((name) => {
      const used = after[name]! - before[name]!;
      return [
        name,
        {
          cpuSeconds: round(used, 1),
          coresBusy: round(used / seconds, 2),
          cpuMsPerEvent: round((used * 1_000) / events, 3),
        },
      ];
    }),
  );
}

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench.e2e${runId}`;
  const baselinePrefix = `bench.e2eb${runId}`;
  const { brokers, pid: brokerPid } = await ensureKafka();
  await Promise.all([ensurePostgres(DATABASE_URL), ensureRedis(DEFAULT_REDIS_URL)]);
  await ensureTopics(brokers, { prefix });
  await ensureTopics(brokers, { prefix: baselinePrefix });
  const kafka = new Kafka({ clientId: 'bench-e2e', brokers, logLevel: logLevel.NOTHING });
  const floodArgs = ['--generate', String(FLOOD_CUSTOMERS), '--seed', '2', '--run-id', `flood${runId}`];

  console.log(`baseline: ${FLOOD_CUSTOMERS} simulated customers through a bare kafkajs passthrough`);
  const baselineReplay = await churnReplay([...floodArgs, '--topic-prefix', baselinePrefix], brokers);
  const baseline = await passthroughEventsPerSecond(kafka, baselinePrefix, baselineReplay.events);

  const services = await startPlatform(runId, prefix, brokers);
  const observer = new PipelineObserver(kafka, prefix, DEFAULT_REDIS_URL, `bench:${runId}:`);
  const admin = kafka.admin();
  await admin.connect();
  const lag = new LagSampler(admin, Object.fromEntries(SERVICE_NAMES.map((name) => [name, `${prefix}.${name}`])));
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const t0 = Date.now();
  try {
    await observer.start();
    lag.start();

    const steadyCustomers = Math.ceil((RATE * STEADY_SECONDS) / EVENTS_PER_CUSTOMER);
    const steadyRun = `steady${runId}`;
    console.log(`steady: ${steadyCustomers} simulated customers at ${RATE} events/s`);
    const cpuSteadyStart = cpuOf(services);
    const infraSteadyStart = await infraSnapshot(db, brokerPid);
    const steadyStart = Date.now();
    const steadyReplay = await churnReplay(
      [
        '--generate',
        String(steadyCustomers),
        '--seed',
        '1',
        '--run-id',
        steadyRun,
        '--rate',
        String(RATE),
        '--topic-prefix',
        prefix,
      ],
      brokers,
    );
    const isSteady = (customer: string): boolean => customer.startsWith(`${steadyRun}-`);
    const steadyDrained = await until(
      allScored(observer, lag, steadyReplay.purchases, isSteady),
      DRAIN_TIMEOUT_MS,
      'the steady run to be scored',
    );
    const steadySeconds = (lastScoredAt(observer, isSteady, steadyDrained) - steadyStart) / 1_000;
    const cpuSteady = cpuDelta(cpuSteadyStart, cpuOf(services), steadySeconds, steadyReplay.events);
    const infraSteady = infraDelta(
      infraSteadyStart,
      await infraSnapshot(db, brokerPid),
      steadySeconds,
      steadyReplay.events,
    );
    const steadyEnd = Date.now();

    console.log(`flood: the baseline's ${baselineReplay.events} events as fast as possible`);
    const cpuFloodStart = cpuOf(services);
    const infraFloodStart = await infraSnapshot(db, brokerPid);
    const floodStart = Date.now();
    const floodReplay = await churnReplay([...floodArgs, '--topic-prefix', prefix], brokers);
    const isFlood = (customer: string): boolean => customer.startsWith(`flood${runId}-`);
    const floodDrained = await until(
      allScored(observer, lag, floodReplay.purchases, isFlood),
      DRAIN_TIMEOUT_MS,
      'the flood to be scored',
    );
    const floodSeconds = (lastScoredAt(observer, isFlood, floodDrained) - floodStart) / 1_000;
    const cpuFlood = cpuDelta(cpuFloodStart, cpuOf(services), floodSeconds, floodReplay.events);
    const infraFlood = infraDelta(
      infraFloodStart,
      await infraSnapshot(db, brokerPid),
      floodSeconds,
      floodReplay.events,
    );
    // Predictions, alerts and postings trail the scores: the cost per event of the whole pipeline
    // is read once every group has caught up.
    const events = steadyReplay.events + floodReplay.events;
    const settledAt = await until(
      async () => ({ ok: lag.latestTotal() === 0, unsettled: 0, progress: `consumer lag ${lag.latestTotal()}` }),
      DRAIN_TIMEOUT_MS,
      'every consumer group to catch up',
    );
    const wholeSeconds = (settledAt - steadyStart) / 1_000;
    const cpuWhole = cpuDelta(cpuSteadyStart, cpuOf(services), wholeSeconds, events);
    const infraWhole = infraDelta(infraSteadyStart, await infraSnapshot(db, brokerPid), wholeSeconds, events);
    const writes = await rowWrites(db, Object.fromEntries(SERVICE_NAMES.map((n) => [n, schemaOf(runId, n)])));
    const redis = new Redis(DEFAULT_REDIS_URL);
    const redisBytesPerCustomer = {
      score: await redisBytesPerKey(redis, `bench:${runId}:score:*`),
      prediction: await redisBytesPerKey(redis, `bench:${runId}:gateway:prediction:*`),
    };
    redis.disconnect();
    lag.stop();

    const inSteady = (s: { at: number }): boolean => s.at >= steadyStart && s.at <= steadyEnd;
    const latency = (samples: ReadonlyArray<{ at: number; ms: number }>) => {
      const p = percentiles(samples.filter(inSteady).map((s) => s.ms));
      return { samples: p.samples, p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(p.max) };
    };
    const steadyLag = lag.samples.filter(inSteady).map((s) => Object.values(s.byGroup).reduce((a, b) => a + b, 0));
    const floodEventsPerSecond = floodReplay.events / floodSeconds;
    const results = {
      settings: { rate: RATE, steadySeconds: STEADY_SECONDS, steadyCustomers, floodCustomers: FLOOD_CUSTOMERS },
      baseline: { events: baseline.events, eventsPerSecond: round(baseline.eventsPerSecond) },
      steady: {
        events: steadyReplay.events,
        purchases: steadyReplay.purchases,
        offeredEventsPerSecond: round(steadyReplay.eventsPerSecond),
        secondsUntilAllScored: round(steadySeconds, 1),
        latencyMs: {
          eventToPurchasesV1: latency(observer.ingestion.samples),
          eventToScoreInRedis: latency(observer.score.samples),
          eventToPrediction: latency(observer.prediction.samples),
          eventToAlert: latency(observer.alert),
        },
        maxTotalLag: Math.max(0, ...steadyLag),
        cpu: cpuSteady,
        infrastructure: infraSteady,
      },
      flood: {
        events: floodReplay.events,
        seconds: round(floodSeconds, 1),
        eventsPerSecond: round(floodEventsPerSecond),
        ratioToBaseline: round(floodEventsPerSecond / baseline.eventsPerSecond, 2),
        cpu: cpuFlood,
        infrastructure: infraFlood,
      },
      wholeRun: {
        events,
        secondsUntilEveryGroupCaughtUp: round(wholeSeconds, 1),
        cpu: cpuWhole,
        infrastructure: infraWhole,
        postgresRowWritesPerEvent: Object.fromEntries(
          Object.entries(writes).map(([service, n]) => [service, round(n / events, 2)]),
        ),
        redisBytesPerCustomer,
      },
      lag: lag.samples.map((s) => ({ t: round((s.at - t0) / 1_000, 1), ...s.byGroup })),
    };
    const s = results.steady.latencyMs;
    printTable([
      { run: 'baseline: bare passthrough', 'events/s': results.baseline.eventsPerSecond },
      {
        run: `steady ${RATE}/s: event -> purchases.v1`,
        'p50 ms': s.eventToPurchasesV1.p50,
        'p95 ms': s.eventToPurchasesV1.p95,
        'p99 ms': s.eventToPurchasesV1.p99,
      },
      {
        run: 'steady: event -> score in Redis',
        'p50 ms': s.eventToScoreInRedis.p50,
        'p95 ms': s.eventToScoreInRedis.p95,
        'p99 ms': s.eventToScoreInRedis.p99,
      },
      {
        run: 'steady: event -> churn prediction',
        'p50 ms': s.eventToPrediction.p50,
        'p95 ms': s.eventToPrediction.p95,
        'p99 ms': s.eventToPrediction.p99,
      },
      {
        run: 'steady: event -> alert',
        'p50 ms': s.eventToAlert.p50,
        'p95 ms': s.eventToAlert.p95,
        'p99 ms': s.eventToAlert.p99,
      },
      { run: 'flood: end to end', 'events/s': results.flood.eventsPerSecond, ratio: results.flood.ratioToBaseline },
    ]);
    type Usage = { coresBusy: number; cpuMsPerEvent: number } | undefined;
    const usage = (name: string, flood: Usage, whole: Usage, rows = '') => ({
      process: name,
      'flood cores busy': flood?.coresBusy ?? 'n/a',
      'cpu ms/event (whole run)': whole?.cpuMsPerEvent ?? 'n/a',
      'pg row writes/event': rows,
    });
    printTable([
      ...SERVICE_NAMES.map((name) =>
        usage(name, cpuFlood[name]!, cpuWhole[name]!, String(results.wholeRun.postgresRowWritesPerEvent[name])),
      ),
      usage('kafka broker', infraFlood.broker, infraWhole.broker),
      usage('postgres', infraFlood.postgres, infraWhole.postgres),
      usage('redis', infraFlood.redis, infraWhole.redis),
    ]);
    console.log(
      `postgres WAL ${infraWhole.walBytesPerEvent} bytes/event; redis ${redisBytesPerCustomer.score} bytes per score, ${redisBytesPerCustomer.prediction} per prediction`,
    );
    const file = saveReport('e2e', results);
    writeFileSync(file.replace(/\.json$/, '.html'), chart(results, observer, lag, t0));
    console.log(`saved ${file} and its .html chart`);
  } finally {
    lag.stop();
    await observer.stop();
    await Promise.all([admin.disconnect(), db.end()]);
    for (const service of [...services.values()].reverse()) await service.stop();
    await cleanUp(runId);
  }
}

function chart(results: object, observer: PipelineObserver, lag: LagSampler, t0: number): string {
  const perSecondP99 = (samples: ReadonlyArray<{ at: number; ms: number }>): Array<[number, number]> => {
    const buckets = new Map<number, number[]>();
    for (const s of samples) {
      const second = Math.floor((s.at - t0) / 1_000);
      (buckets.get(second) ?? buckets.set(second, []).get(second)!).push(s.ms);
    }
    return [...buckets].sort(([a], [b]) => a - b).map(([second, values]) => [second, percentiles(values).p99]);
  };
  return timelineHtml(
    'churn platform: end-to-end run',
    JSON.stringify(results, (k, v: unknown) => (k === 'lag' ? undefined : v), 2),
    [
      {
        title: 'p99 latency per second',
        unit: 'ms',
        series: [
          { name: 'event -> purchases.v1', points: perSecondP99(observer.ingestion.samples) },
          { name: 'event -> score (Redis)', points: perSecondP99(observer.score.samples) },
          { name: 'event -> prediction', points: perSecondP99(observer.prediction.samples) },
          { name: 'event -> alert', points: perSecondP99(observer.alert) },
        ],
      },
      {
        title: 'consumer lag',
        unit: 'records',
        series: SERVICE_NAMES.map((name) => ({
          name,
          points: lag.samples.map((s) => [(s.at - t0) / 1_000, s.byGroup[name] ?? 0] as const),
        })),
      },
    ],
  );
}

async function cleanUp(runId: string): Promise<void> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  for (const name of SERVICE_NAMES) await client.query(`DROP SCHEMA IF EXISTS "${schemaOf(runId, name)}" CASCADE`);
  await client.end();
  const redis = new Redis(DEFAULT_REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `bench:${runId}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
