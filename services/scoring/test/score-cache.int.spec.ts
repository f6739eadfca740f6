import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { type CustomerErasureV1, ScoreV1, Topics, compileSchema, topicName } from '@churn/contracts';
import { PRIOR_SCORING_PARAMETERS, scoreCustomers } from '@churn/domain';
import { createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { ScoreCacheRebuilder } from '../src/scores/score-cache.rebuilder';
import { simulatePopulation, toTransaction } from './population';
import { type RunningScoring, request, startScoring, waitCaughtUp } from './scoring-app';

const ns = createTestNamespace('scorecache');
const prefix = `r${randomUUID().slice(0, 6)}`;
const events = simulatePopulation(prefix, 40, Date.now());
const customerIds = [...new Set(events.map((e) => e.customerId))];
const scoredAtStart = scoreCustomers(events.map(toTransaction), Date.now(), PRIOR_SCORING_PARAMETERS).map((s) => s.customerId);
/** Erased before the tests: unknown to scoring from then on. */
const erased = scoredAtStart[0]!;
const scored = scoredAtStart.filter((id) => id !== erased);
/** Customers with no score: every purchase refunded (the first one), or erased. */
const unscored = customerIds.filter((id) => !scored.includes(id));
const validateScore = compileSchema(ScoreV1);
let scoring: RunningScoring;
let redis: Redis;
/** The fields each score takes from the stored history, as the events wrote them; no test changes the history. */
const fromHistory = new Map<string, Pick<ScoreV1, 'purchaseCount' | 'netSpendMinor' | 'stateVersion'>>();

const produce = (topic: string, values: readonly { key: string; value: unknown }[]): Promise<void> =>
  produceRaw(
    ns.endpoints.TEST_KAFKA_BROKERS,
    topicName(topic, ns.topicPrefix),
    values.map((v) => ({ key: v.key, value: JSON.stringify(v.value) })),
  );
const caughtUp = (): Promise<void> => waitCaughtUp(ns, 60_000, [Topics.purchases, Topics.customerErasures]);
const cached = async (customerId: string): Promise<ScoreV1 | undefined> => {
  const value = await redis.get(`${ns.redisPrefix}score:${customerId}`);
  return value === null ? undefined : (JSON.parse(value) as ScoreV1);
};
const markerSet = async (): Promise<boolean> => (await redis.exists(`${ns.redisPrefix}score-cache:complete`)) === 1;
const scoreOf = (baseUrl: string, customerId: string) =>
  request('GET', `${baseUrl}/v1/customers/${encodeURIComponent(customerId)}/score`);

/** What the Redis flush of the chaos test does to this service, without touching other keys of the shared Redis. */
async function deleteRunKeys(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns.redisPrefix}*`, 'COUNT', 1_000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A loopback port nobody listens on: a Redis that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  await ns.createTopics();
  redis = new Redis(ns.endpoints.TEST_REDIS_URL);
  // Pages smaller than the population, so a rebuild walks several of them; no periodic check
  // during the run, so each rebuild here has the trigger the test gives it.
  scoring = await startScoring(ns, { RESCORE_BATCH_SIZE: '7', SCORE_CACHE_CHECK_INTERVAL_MS: '3600000' });
  await eventually(async () => expect((await request('GET', `${scoring.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
  await produce(
    Topics.purchases,
    events.map((e) => ({ key: e.customerId, value: e })),
  );
  await caughtUp();
  const erasure: CustomerErasureV1 = { eventId: randomUUID(), customerId: erased, requestedAt: new Date().toISOString(), requestedBy: 'key-test' };
  await produce(Topics.customerErasures, [{ key: erased, value: erasure }]);
  await caughtUp();
  for (const id of scored) {
    const { purchaseCount, netSpendMinor, stateVersion } = (await cached(id))!;
    fromHistory.set(id, { purchaseCount, netSpendMinor, stateVersion });
  }
}, 120_000);

afterAll(async () => {
  await scoring?.app.close();
  if (redis) await deleteRunKeys();
  redis?.disconnect();
  await ns.cleanup();
});

describe('GET /v1/customers/:id/score without the cache', () => {
  it('computes a score missing from Redis from the history, leaves Redis alone, and 404s when the history has none', async () => {
    const customerId = scored[0]!;
    const before = (await cached(customerId))!;
    await redis.del(`${ns.redisPrefix}score:${customerId}`);

    const answer = await scoreOf(scoring.baseUrl, customerId);
    expect(answer.status).toBe(200);
    const score = answer.body as unknown as ScoreV1;
    expect(validateScore(score)).toMatchObject({ ok: true });
    const [expected] = scoreCustomers(
      events.filter((e) => e.customerId === customerId).map(toTransaction),
      Date.parse(score.asOf),
      PRIOR_SCORING_PARAMETERS,
    );
    expect(score).toMatchObject({
      customerId,
      stateVersion: before.stateVersion,
      purchaseCount: expected!.purchaseCount,
      netSpendMinor: expected!.netSpendMinor,
      clvMinor: expected!.clvMinor,
      tier: expected!.tier,
      stage: expected!.stage,
      parametersVersion: PRIOR_SCORING_PARAMETERS.version,
    });
    expect(score.computedAt > before.computedAt).toBe(true);
    // Answered, not cached: the rebuilder restores keys (see the rebuild tests).
    expect(await cached(customerId)).toBeUndefined();

    for (const id of [...unscored, 'nobody']) {
      const missing = await scoreOf(scoring.baseUrl, id);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('answers from Postgres at once while the instance cannot reach Redis', async () => {
    // A second instance on the same database whose Redis is down (closed port). Its own topic
    // prefix keeps its consumer away from this run's topics: it only serves HTTP here.
    const elsewhere = createTestNamespace('scorecachedown');
    await elsewhere.createTopics();
    const offline = await startScoring(ns, { REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, TOPIC_PREFIX: elsewhere.topicPrefix });
    try {
      expect(await request('GET', `${offline.baseUrl}/health/ready`)).toMatchObject({ status: 503, body: { checks: { redis: { status: 'down' } } } });
      let slowest = 0;
      for (const id of scored) {
        const started = Date.now();
        const answer = await scoreOf(offline.baseUrl, id);
        slowest = Math.max(slowest, Date.now() - started);
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ customerId: id, ...fromHistory.get(id) });
      }
      for (const id of [...unscored, 'nobody']) expect((await scoreOf(offline.baseUrl, id)).status).toBe(404);
      // A read queued behind the client's reconnect attempts would take seconds.
      expect(slowest).toBeLessThan(1_000);
    } finally {
      await offline.app.close();
    }
  });
});

describe('score cache rebuild', () => {
  it('puts every customer’s score back when the client is ready again after Redis lost its keys', async () => {
    // Set by the rebuild at start-up (an empty population then); events kept the cache complete since.
    expect(await markerSet()).toBe(true);
    await deleteRunKeys();
    expect(await markerSet()).toBe(false);
    // Drop the service's connection, as a Redis restart does.
    const connection = await scoring.app.get(Redis).client('ID');
    await redis.client('KILL', 'ID', String(connection));

    await eventually(async () => expect(await markerSet()).toBe(true), 15_000, 100);
    for (const id of scored) expect(await cached(id)).toMatchObject({ customerId: id, trigger: 'rescore', ...fromHistory.get(id) });
    for (const id of unscored) expect(await cached(id)).toBeUndefined();
  });

  it('puts them back on the next check after a flush while connected', async () => {
    await deleteRunKeys();
    await scoring.app.get(ScoreCacheRebuilder).check();
    expect(await markerSet()).toBe(true);
    for (const id of scored) expect(await cached(id)).toMatchObject({ customerId: id, ...fromHistory.get(id) });
    for (const id of unscored) expect(await cached(id)).toBeUndefined();
  });

  it('does not mark the cache complete when Redis loses its keys during the walk, and the next check does', async () => {
    await deleteRunKeys();
    // Hold the last customer's row, so the walk waits on its last page until Redis has lost data.
    const holder = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
    await holder.connect();
    const rebuilder = scoring.app.get(ScoreCacheRebuilder);
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "${ns.dbSchema}".customers WHERE customer_id = $1 FOR UPDATE`, [customerIds.at(-1)]);
      const rebuilding = rebuilder.check();
      await eventually(async () => expect(await cached(scored[0]!)).toBeDefined());
      await deleteRunKeys();
      await holder.query('ROLLBACK');
      await rebuilding;
    } finally {
      await holder.end();
    }
    expect(await markerSet()).toBe(false);

    await rebuilder.check();
    expect(await markerSet()).toBe(true);
    for (const id of scored) expect(await cached(id)).toMatchObject({ customerId: id, ...fromHistory.get(id) });
  });
});
