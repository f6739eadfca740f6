import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  type ChurnPredictionV1,
  type CustomerErasureV1,
  type DeadLetterV1,
  type InteractionV1,
  type ScoreV1,
  Topics,
  topicName,
} from '@churn/contracts';
import { MS_PER_DAY } from '@churn/domain';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { simulatePopulation } from '../../scoring/test/population';
import { type RunningScoring, request, startScoring, waitCaughtUp } from '../../scoring/test/scoring-app';
import { RecheckJob } from '../src/recheck/recheck.job';
import { type RunningChurnPrediction, startChurnPrediction } from './churn-app';
import { ManualClock } from './manual-clock';

const ns = createTestNamespace('churnerasure');
const scoringSchema = `${ns.dbSchema}_scoring`;
const clock = new ManualClock(Date.now());
const purchases = simulatePopulation(`e${randomUUID().slice(0, 6)}`, 20, clock.now().getTime());
let scoring: RunningScoring;
let churn: RunningChurnPrediction;
let reader: TopicReader;
let pg: Client;
let target: string;
let others: string[];
const erasure: CustomerErasureV1 = { eventId: randomUUID(), customerId: '', requestedAt: '', requestedBy: 'key-test' };

const produce = (topic: string, values: readonly { key: string; value: unknown }[]): Promise<void> =>
  produceRaw(
    ns.endpoints.TEST_KAFKA_BROKERS,
    topicName(topic, ns.topicPrefix),
    values.map((v) => ({ key: v.key, value: typeof v.value === 'string' ? v.value : JSON.stringify(v.value) })),
  );
const produceErasure = (): Promise<void> =>
  produce(Topics.customerErasures, [{ key: erasure.customerId, value: erasure }]);
const churnCaughtUp = (): Promise<void> =>
  waitCaughtUp(ns, 60_000, [Topics.scores, Topics.interactions, Topics.customerErasures], 'churn-prediction');
const predictionsOf = (customerId: string): ChurnPredictionV1[] =>
  reader
    .json<ChurnPredictionV1>(Topics.churnPredictions)
    .map((r) => r.json)
    .filter((p) => p.customerId === customerId);
const latestScores = (): Map<string, ScoreV1> => {
  const byCustomer = new Map<string, ScoreV1>();
  for (const { json } of reader.json<ScoreV1>(Topics.scores)) {
    const held = byCustomer.get(json.customerId);
    if (
      !held ||
      json.stateVersion > held.stateVersion ||
      (json.stateVersion === held.stateVersion && json.computedAt > held.computedAt)
    )
      byCustomer.set(json.customerId, json);
  }
  return byCustomer;
};
const interaction = (
  customerId: string,
  kind: InteractionV1['kind'],
  extra: Partial<InteractionV1> = {},
): InteractionV1 => ({
  eventId: `i-${randomUUID()}`,
  customerId,
  occurredAt: clock.now().toISOString(),
  kind,
  ingestedAt: clock.now().toISOString(),
  ...extra,
});

const count = async (sql: string, params: unknown[] = []): Promise<number> =>
  Number((await pg.query(sql, params)).rows[0].n);
const rowsOf = (table: string, customerId: string, schema = ns.dbSchema): Promise<number> =>
  count(`SELECT count(*) AS n FROM "${schema}".${table} WHERE customer_id = $1`, [customerId]);
const unsentOutboxOf = (customerId: string): Promise<number> =>
  count(`SELECT count(*) AS n FROM "${ns.dbSchema}".outbox WHERE key = $1 AND sent_at IS NULL`, [customerId]);
const tombstone = async (customerId: string): Promise<Date | undefined> =>
  (await pg.query(`SELECT erased_at FROM "${ns.dbSchema}".erased_customers WHERE customer_id = $1`, [customerId]))
    .rows[0]?.erased_at;

/** What churn-prediction holds about each customer (one query at a time: one pg client). */
async function snapshot(customerIds: readonly string[]): Promise<unknown[]> {
  const held: unknown[] = [];
  for (const id of customerIds) {
    const state = await pg.query(
      `SELECT score, prediction, next_check_at FROM "${ns.dbSchema}".customer_state WHERE customer_id = $1`,
      [id],
    );
    held.push([state.rows, await rowsOf('interactions', id)]);
  }
  return held;
}

/** churn_prediction_events_total for one outcome, read from /metrics. */
async function outcomes(outcome: string): Promise<number> {
  const text = await (await fetch(`${churn.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('churn_prediction_events_total{') && l.includes(`outcome="${outcome}"`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

beforeAll(async () => {
  await ns.createTopics();
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.scores, Topics.churnPredictions, Topics.churnPredictionDlq]);
  pg = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
  await pg.connect();
  scoring = await startScoring(ns, { DB_SCHEMA: scoringSchema }, clock);
  churn = await startChurnPrediction(ns, { SCORING_URL: scoring.baseUrl, RECHECK_TICK_MS: '100000' }, clock);
  await eventually(
    async () => expect((await request('GET', `${churn.baseUrl}/health/ready`)).status).toBe(200),
    60_000,
    250,
  );

  await produce(
    Topics.purchases,
    purchases.map((p) => ({ key: p.customerId, value: p })),
  );
  await waitCaughtUp(ns, 60_000, [Topics.purchases]);
  const scores = await eventually(
    async () => {
      const latest = latestScores();
      expect(latest.size).toBeGreaterThan(10);
      for (const [customerId, score] of latest)
        expect(predictionsOf(customerId).at(-1)?.scoreStateVersion).toBe(score.stateVersion);
      return latest;
    },
    60_000,
    200,
  );
  [target, ...others] = [...scores.keys()];
  erasure.customerId = target!;
}, 180_000);

afterAll(async () => {
  await reader?.stop();
  await churn?.app.close();
  await scoring?.app.close();
  await pg?.query(`DROP SCHEMA IF EXISTS "${scoringSchema}" CASCADE`);
  await pg?.end();
  await ns.cleanup();
});

describe('customer-erasures.v1', () => {
  it('deletes the customer’s state, prediction, interactions and unpublished predictions, and leaves everyone else as they were', async () => {
    await produce(Topics.interactions, [
      { key: target, value: interaction(target, 'complaint', { reference: 'k-1' }) },
    ]);
    await eventually(() => expect(predictionsOf(target).at(-1)?.trigger).toBe('interaction'), 30_000, 100);
    expect(await rowsOf('interactions', target)).toBe(1);
    const publishedBefore = predictionsOf(target).length;
    // Hold the outbox relay's lock (the relay only tries it), so the next prediction of the
    // customer is still unpublished when the erasure comes: it must be deleted, never published.
    const relayLock = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
    await relayLock.connect();
    await relayLock.query('SELECT pg_advisory_lock(hashtext($1))', [`"${ns.dbSchema}".outbox`]);
    await produce(Topics.interactions, [{ key: target, value: interaction(target, 'nps', { score: 2 }) }]);
    await churnCaughtUp();
    expect(await unsentOutboxOf(target)).toBe(1);
    const othersBefore = await snapshot(others);

    erasure.requestedAt = clock.now().toISOString();
    await produceErasure();
    await churnCaughtUp();
    await relayLock.end();

    expect(await rowsOf('customer_state', target)).toBe(0);
    expect(await rowsOf('interactions', target)).toBe(0);
    expect(await unsentOutboxOf(target)).toBe(0);
    expect((await tombstone(target))?.toISOString()).toBe(erasure.requestedAt);
    expect(
      await count(`SELECT count(*) AS n FROM "${ns.dbSchema}".processed_events WHERE event_id = $1`, [
        `${Topics.customerErasures}:${erasure.eventId}`,
      ]),
    ).toBe(1);
    expect(
      (await request('GET', `${churn.baseUrl}/v1/customers/${encodeURIComponent(target)}/prediction`)).status,
    ).toBe(404);
    expect(await snapshot(others)).toEqual(othersBefore);
    expect(await outcomes('erased')).toBe(1);
    // Scoring honours the same request in its own schema.
    await waitCaughtUp(ns, 60_000, [Topics.customerErasures]);
    expect(await rowsOf('transactions', target, scoringSchema)).toBe(0);
    expect(await rowsOf('customers', target, scoringSchema)).toBe(0);

    // The relay runs again: nothing of the customer was left for it.
    await eventually(async () =>
      expect(await count(`SELECT count(*) AS n FROM "${ns.dbSchema}".outbox WHERE sent_at IS NULL`)).toBe(0),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(predictionsOf(target)).toHaveLength(publishedBefore);
  }, 120_000);

  it('applies an erasure effectively-once: replaying it changes nothing', async () => {
    const duplicatesBefore = await outcomes('duplicate');
    await produceErasure();
    await produceErasure();
    await churnCaughtUp();
    expect(await outcomes('erased')).toBe(1);
    expect(await outcomes('duplicate')).toBe(duplicatesBefore + 2);
    expect((await tombstone(target))?.toISOString()).toBe(erasure.requestedAt);
  });

  it('ignores scores and interactions of the erased past, replayed or arriving late', async () => {
    const old = reader.json<ScoreV1>(Topics.scores).filter((r) => r.key === target);
    expect(old.length).toBeGreaterThan(0);
    // The same records again (known to the processed-event records), and copies under new ids
    // computed or ingested before the erasure (stopped by the tombstone).
    await produce(
      Topics.scores,
      old.map((r) => ({ key: target, value: r.value! })),
    );
    const late = [
      ...old.map((r) => ({ key: target, value: { ...r.json, eventId: randomUUID() } })),
      { key: target, value: interaction(target, 'login') },
    ];
    await produce(Topics.scores, late.slice(0, -1));
    await produce(Topics.interactions, late.slice(-1));
    await churnCaughtUp();
    expect(await rowsOf('customer_state', target)).toBe(0);
    expect(await rowsOf('interactions', target)).toBe(0);
    expect(await outcomes('suppressed')).toBe(late.length);
  });

  it('deletes a state that a score computed after the erasure from the erased history brought back, once the clock finds scoring no longer knows the customer', async () => {
    // Scoring, lagging behind, scores the old history after the erasure was requested.
    clock.advance(1_000);
    const stale = { ...latestScores().get(target)!, eventId: randomUUID(), computedAt: clock.now().toISOString() };
    await produce(Topics.scores, [{ key: target, value: stale }]);
    await eventually(async () => expect(await rowsOf('customer_state', target)).toBe(1), 30_000, 100);

    clock.advance(2 * MS_PER_DAY);
    expect(await churn.app.get(RecheckJob).tick()).toBe(others.length + 1);
    expect(await rowsOf('customer_state', target)).toBe(0);
    for (const id of others) expect(await rowsOf('customer_state', id)).toBe(1);
  });

  it('dead-letters an invalid erasure request once, with the reason and the payload', async () => {
    const invalid = JSON.stringify({ customerId: others[0], requestedAt: clock.now().toISOString() });
    await produce(Topics.customerErasures, [{ key: others[0]!, value: invalid }]);
    const letters = await reader.waitFor<DeadLetterV1>(Topics.churnPredictionDlq, (rs) => rs.length >= 1);
    await churnCaughtUp();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.json).toMatchObject({
      consumer: 'churn-prediction',
      reason: { code: 'invalid', message: expect.stringMatching(/eventId: is required/) },
      source: { topic: topicName(Topics.customerErasures, ns.topicPrefix) },
      originalPayload: invalid,
    });
    expect(await rowsOf('customer_state', others[0]!)).toBe(1);
  });
});
