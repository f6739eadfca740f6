import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type DeadLetterV1, type PurchaseV1, ScoreV1, Topics, compileSchema, topicName } from '@churn/contracts';
import { type CustomerScore, PRIOR_SCORING_PARAMETERS, type ScoringParameters, purchasePattern, scoreCustomers } from '@churn/domain';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { toScoreV1 } from '../src/scores/score-document';
import { simulatePopulation, toTransaction } from './population';
import { type RunningScoring, request, startScoring, waitCaughtUp } from './scoring-app';

const ns = createTestNamespace('scoring');
const prefix = `p${randomUUID().slice(0, 6)}`;
const events = simulatePopulation(prefix, 120, Date.now());
const customerIds = [...new Set(events.map((e) => e.customerId))];
/** Customers with a purchase left after refunds: the ones with a score (the first has none). */
const scored = scoreCustomers(events.map(toTransaction), Date.now(), PRIOR_SCORING_PARAMETERS).map((s) => s.customerId);
const unscored = customerIds.filter((id) => !scored.includes(id));
let scoring: RunningScoring;
let reader: TopicReader;
let redis: Redis;

const produce = (list: readonly PurchaseV1[]): Promise<void> =>
  produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.purchases, ns.topicPrefix), list.map((e) => ({ key: e.customerId, value: JSON.stringify(e) })));

/** What the CLI computes from the same history: the scores the service must hold. */
const expectedScores = (asOf: string, params: ScoringParameters): Map<string, CustomerScore> =>
  new Map(scoreCustomers(events.map(toTransaction), Date.parse(asOf), params).map((s) => [s.customerId, s]));

const cached = async (customerId: string): Promise<ScoreV1 | undefined> => {
  const value = await redis.get(`${ns.redisPrefix}score:${customerId}`);
  return value === null ? undefined : (JSON.parse(value) as ScoreV1);
};

/** The model fields of a cached score (with its purchase pattern and parameters), against the domain's of the same history. */
function expectSameModel(actual: ScoreV1, expected: CustomerScore, params: ScoringParameters): void {
  const { eventId: _e, computedAt: _c, stateVersion: _s, trigger: _t, ...model } = actual;
  const pattern = purchasePattern(events.filter((e) => e.customerId === expected.customerId).map(toTransaction), expected.asOf)!;
  const stamp = { eventId: 'x', computedAt: new Date(0), stateVersion: 1, trigger: 'event' as const };
  const { eventId: _e2, computedAt: _c2, stateVersion: _s2, trigger: _t2, ...want } = toScoreV1(expected, stamp, { pattern, params });
  expect(model).toEqual(want);
}

beforeAll(async () => {
  await ns.createTopics();
  redis = new Redis(ns.endpoints.TEST_REDIS_URL);
  scoring = await startScoring(ns);
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.scores, Topics.scoringDlq]);
  await eventually(async () => expect((await request('GET', `${scoring.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
});

afterAll(async () => {
  await reader?.stop();
  await scoring?.app.close();
  redis?.disconnect();
  await ns.cleanup();
});

describe('purchases.v1 to scores', () => {
  it('applies every purchase and refund once, however often the topic is replayed, and scores as the domain does', async () => {
    await produce(events);
    await waitCaughtUp(ns);
    await reader.waitFor<ScoreV1>(Topics.scores, (rs) => new Set(rs.map((r) => r.key)).size >= scored.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const publishedBeforeReplay = reader.json(Topics.scores).length;
    const versionsBefore = await Promise.all(customerIds.map(async (id) => (await cached(id))?.stateVersion));

    await produce(events);
    await produce(events);
    await waitCaughtUp(ns);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(reader.json(Topics.scores).length).toBe(publishedBeforeReplay);
    expect(await Promise.all(customerIds.map(async (id) => (await cached(id))?.stateVersion))).toEqual(versionsBefore);
    expect(reader.json(Topics.scoringDlq)).toHaveLength(0);

    const asOf = (await cached(scored[0]!))!.asOf;
    const expected = expectedScores(asOf, PRIOR_SCORING_PARAMETERS);
    expect(unscored).toContain(customerIds[0]);
    for (const customerId of unscored) expect(await cached(customerId)).toBeUndefined();
    for (const customerId of scored) {
      const score = (await cached(customerId))!;
      expect(score).toMatchObject({ parametersSource: 'prior', parametersVersion: PRIOR_SCORING_PARAMETERS.version, trigger: 'event' });
      expectSameModel(score, expected.get(customerId)!, PRIOR_SCORING_PARAMETERS);

      const aggregates = await request('GET', `${scoring.baseUrl}/v1/customers/${encodeURIComponent(customerId)}/aggregates`);
      const own = events.filter((e) => e.customerId === customerId);
      expect(aggregates.status).toBe(200);
      expect(aggregates.body).toMatchObject({
        stateVersion: score.stateVersion,
        transactions: { purchases: own.filter((e) => e.type === 'purchase').length, refunds: own.filter((e) => e.type === 'refund').length },
        summary: { frequency: score.frequency, recency: score.recency, T: score.T, purchaseCount: score.purchaseCount, netSpendMinor: score.netSpendMinor, lastPurchaseAt: score.lastPurchaseAt },
      });
    }

    const published = reader.json<ScoreV1>(Topics.scores);
    expect(published.every((r) => r.key === r.json.customerId && r.headers['eventId'] === r.json.eventId)).toBe(true);
    const validateScore = compileSchema(ScoreV1);
    expect(published.map((r) => validateScore(r.json)).filter((result) => !result.ok)).toEqual([]);
    const latest = published.filter((r) => r.key === scored[0]).at(-1)!.json;
    expect(latest).toEqual(await cached(scored[0]!));
  });

  it('serves the cached score over HTTP and answers 404 problem+json for an unknown customer', async () => {
    const found = await request('GET', `${scoring.baseUrl}/v1/customers/${encodeURIComponent(scored[0]!)}/score`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual(await cached(scored[0]!));
    const missing = await request('GET', `${scoring.baseUrl}/v1/customers/nobody/score`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await request('GET', `${scoring.baseUrl}/v1/customers/nobody/aggregates`)).status).toBe(404);
  });

  it('dead-letters an invalid record and an event in a second currency, once, and goes on', async () => {
    const customerId = scored[1]!;
    const foreign: PurchaseV1 = { ...events.find((e) => e.customerId === customerId)!, eventId: `usd-${randomUUID()}`, currency: 'USD' };
    const before = (await cached(customerId))!;
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.purchases, ns.topicPrefix), [
      { key: 'garbage', value: '{"not":"a purchase"}' },
      { key: customerId, value: JSON.stringify(foreign) },
    ]);
    const letters = await reader.waitFor<DeadLetterV1>(Topics.scoringDlq, (rs) => rs.length >= 2);
    expect(letters.find((r) => r.key === 'garbage')!.json.reason.message).toMatch(/eventId: is required/);
    expect(letters.find((r) => r.json.eventId === foreign.eventId)!.json.reason.message).toMatch(/history is in EUR; this purchase is in USD/);
    await waitCaughtUp(ns);
    expect((await cached(customerId))!.stateVersion).toBe(before.stateVersion);
  });
});

describe('history export', () => {
  it('pages every stored transaction once, in a stable order, for churn-prediction to retrain on', async () => {
    const seen: Array<Record<string, unknown>> = [];
    let after: string | null = '';
    let pages = 0;
    while (after !== null) {
      const page = await request('GET', `${scoring.baseUrl}/v1/transactions?limit=97&after=${encodeURIComponent(after)}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body['transactions'] as Array<Record<string, unknown>>));
      after = page.body['next'] as string | null;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen.map((t) => t['eventId'])).size).toBe(seen.length);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    expect(seen).toHaveLength(events.length);
    for (const t of seen) {
      const e = byId.get(t['eventId'] as string)!;
      expect(t).toEqual({ customerId: e.customerId, eventId: e.eventId, type: e.type, orderId: e.orderId, occurredAt: new Date(e.occurredAt).toISOString(), amountMinor: e.amountMinor, currency: e.currency });
    }
    expect((await request('GET', `${scoring.baseUrl}/v1/transactions?after=nonsense`)).status).toBe(400);
    expect((await request('GET', `${scoring.baseUrl}/v1/transactions?limit=0`)).status).toBe(400);
  });
});

describe('re-scoring', () => {
  it('re-scores named customers as of now, publishes them, and reports unknown ids', async () => {
    const customerId = scored[2]!;
    const before = (await cached(customerId))!;
    const response = await request('POST', `${scoring.baseUrl}/v1/scores/rescore`, { customerIds: [customerId, 'nobody'] });
    expect(response).toMatchObject({ status: 200, body: { rescored: 1, unknown: ['nobody'] } });
    const after = (await cached(customerId))!;
    expect(after).toMatchObject({ trigger: 'rescore', stateVersion: before.stateVersion });
    expect(after.computedAt > before.computedAt).toBe(true);
    await reader.waitFor<ScoreV1>(Topics.scores, (rs) => rs.some((r) => r.json.eventId === after.eventId));
    expect((await request('POST', `${scoring.baseUrl}/v1/scores/rescore`, { customerIds: [] })).status).toBe(400);
  });

  it('re-scores the customers silent for N days in the background', async () => {
    const silentDays = 60;
    const cutoff = Date.now() - silentDays * 86_400_000;
    const silent = scored.filter((id) => Math.max(...events.filter((e) => e.customerId === id && e.type === 'purchase').map((e) => Date.parse(e.occurredAt))) < cutoff);
    const active = scored.find((id) => !silent.includes(id))!;
    const activeBefore = (await cached(active))!;
    const response = await request('POST', `${scoring.baseUrl}/v1/scores/rescore/bulk`, { silentForDays: silentDays });
    expect(response.status).toBe(202);
    expect(silent.length).toBeGreaterThan(0);
    await eventually(async () => {
      for (const id of silent) expect((await cached(id))!.trigger).toBe('rescore');
    });
    expect(await cached(active)).toEqual(activeBefore);
  });
});

describe('refit', () => {
  it('fits and activates a new parameter version, then re-scores the population with it', async () => {
    const response = await request('POST', `${scoring.baseUrl}/v1/refit`);
    expect(response.status).toBe(201);
    const fitted = response.body['parameters'] as ScoringParameters;
    expect(fitted).toMatchObject({ version: 'fit-1', source: 'fitted', diagnostics: { customers: scored.length } });

    const listed = await request('GET', `${scoring.baseUrl}/v1/parameters`);
    expect(listed.body['active']).toEqual(fitted);
    expect(listed.body['history']).toMatchObject([{ version: 'fit-1', active: true }]);

    await eventually(async () => {
      for (const id of scored) expect((await cached(id))!.parametersVersion).toBe('fit-1');
    }, 30_000);
    const expected = expectedScores((await cached(scored[0]!))!.asOf, fitted);
    for (const id of scored) {
      const score = (await cached(id))!;
      expect(score).toMatchObject({ parametersSource: 'fitted', trigger: 'refit' });
      expectSameModel(score, expected.get(id)!, fitted);
    }
    await reader.waitFor<ScoreV1>(Topics.scores, (rs) => new Set(rs.filter((r) => r.json.trigger === 'refit').map((r) => r.key)).size === scored.length);
  });
});
