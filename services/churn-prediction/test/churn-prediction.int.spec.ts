import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type ChurnModel, loadChurnModel } from '@churn/churn-model';
import { ChurnPredictionV1, type DeadLetterV1, type InteractionV1, type PurchaseV1, type ScoreV1, Topics, compileSchema, topicName } from '@churn/contracts';
import { MS_PER_DAY, churnFeatures, utcDayIndex } from '@churn/domain';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { simulatePopulation, toTransaction } from '../../scoring/test/population';
import { type RunningScoring, request, startScoring } from '../../scoring/test/scoring-app';
import { DEFAULT_SEED_MODEL_DIR, SEED_MODEL_VERSION } from '../src/models/seed-model';
import { featuresFromScore } from '../src/prediction/score-features';
import { RecheckJob } from '../src/recheck/recheck.job';
import { type RunningChurnPrediction, startChurnPrediction } from './churn-app';
import { ManualClock } from './manual-clock';

type Prediction = ChurnPredictionV1;
const ns = createTestNamespace('churnpred');
const scoringSchema = `${ns.dbSchema}_scoring`;
const clock = new ManualClock(Date.now());
const prefix = `p${randomUUID().slice(0, 6)}`;
const purchases = simulatePopulation(prefix, 200, clock.now().getTime());
const validatePrediction = compileSchema(ChurnPredictionV1);
let scoring: RunningScoring;
let churn: RunningChurnPrediction;
let reader: TopicReader;
let seed: ChurnModel;

const produce = (topic: string, values: readonly { key: string; value: unknown }[]): Promise<void> =>
  produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(topic, ns.topicPrefix), values.map((v) => ({ key: v.key, value: typeof v.value === 'string' ? v.value : JSON.stringify(v.value) })));
const predictions = (): Prediction[] => reader.json<Prediction>(Topics.churnPredictions).map((r) => r.json);
const latestPrediction = (customerId: string): Prediction | undefined => predictions().filter((p) => p.customerId === customerId).at(-1);
const latestScores = (): Map<string, ScoreV1> => {
  const byCustomer = new Map<string, ScoreV1>();
  for (const { json } of reader.json<ScoreV1>(Topics.scores)) {
    const held = byCustomer.get(json.customerId);
    if (!held || json.stateVersion > held.stateVersion || (json.stateVersion === held.stateVersion && json.computedAt > held.computedAt)) byCustomer.set(json.customerId, json);
  }
  return byCustomer;
};
const interaction = (customerId: string, kind: InteractionV1['kind'], extra: Partial<InteractionV1> = {}): InteractionV1 => ({
  eventId: `i-${randomUUID()}`,
  customerId,
  occurredAt: clock.now().toISOString(),
  kind,
  ingestedAt: clock.now().toISOString(),
  ...extra,
});

beforeAll(async () => {
  await ns.createTopics();
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.scores, Topics.churnPredictions, Topics.churnPredictionDlq]);
  scoring = await startScoring(ns, { DB_SCHEMA: scoringSchema }, clock);
  churn = await startChurnPrediction(ns, { SCORING_URL: scoring.baseUrl, RECHECK_TICK_MS: '100000' }, clock);
  // After the app: tfjs chooses its backend once per process, and the app's order must win.
  seed = await loadChurnModel(DEFAULT_SEED_MODEL_DIR);
  await eventually(async () => expect((await request('GET', `${churn.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
}, 90_000);

afterAll(async () => {
  await reader?.stop();
  await churn?.app.close();
  await scoring?.app.close();
  seed?.dispose();
  const client = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${scoringSchema}" CASCADE`);
  await client.end();
  await ns.cleanup();
});

describe('scores.v1 to churn-predictions.v1', () => {
  it('predicts every scored customer with the seed model, from the score’s pattern, with drivers in words', async () => {
    await produce(Topics.purchases, purchases.map((p: PurchaseV1) => ({ key: p.customerId, value: p })));
    await reader.waitFor(Topics.scores, () => latestScores().size > 150, 60_000);
    const scores = await eventually(async () => {
      const latest = latestScores();
      for (const [customerId, score] of latest) expect(latestPrediction(customerId)?.scoreStateVersion).toBe(score.stateVersion);
      return latest;
    }, 60_000, 200);

    expect(predictions().map((p) => validatePrediction(p)).filter((r) => !r.ok)).toEqual([]);
    for (const [customerId, score] of scores) {
      const prediction = latestPrediction(customerId)!;
      const { features } = featuresFromScore(score, [], Date.parse(score.asOf), seed.metadata.horizonDays);
      // Served from the pattern on scores.v1 = what training computes from the transactions.
      const history = purchases.filter((p) => p.customerId === customerId).map(toTransaction);
      const options = { asOf: Date.parse(score.asOf), bgNbd: score.bgNbd!, timeUnit: score.timeUnit!, horizonDays: seed.metadata.horizonDays };
      expect(features).toEqual(churnFeatures(customerId, history, options));
      expect(prediction).toMatchObject({ trigger: 'score', asOf: score.asOf, modelVersion: SEED_MODEL_VERSION, tier: score.tier, clvMinor: score.clvMinor, horizonDays: 273 });
      expect(prediction.probability).toBeCloseTo(seed.predict([features])[0]!, 6);
      expect(prediction.drivers).toHaveLength(3);
      expect(prediction.riskLevel).toBe(prediction.probability >= 0.7 ? 'high' : prediction.probability >= 0.4 ? 'medium' : 'low');
    }
    const texts = predictions().flatMap((p) => p.drivers.map((d) => d.text));
    expect(texts.some((t) => /^no purchase for \d+ days/.test(t))).toBe(true);
    expect(predictions().some((p) => p.signals.includes('few-purchases'))).toBe(true);

    const [someone] = [...scores.keys()];
    const served = await request('GET', `${churn.baseUrl}/v1/customers/${encodeURIComponent(someone!)}/prediction`);
    expect(served).toMatchObject({ status: 200, body: latestPrediction(someone!) });
    const missing = await request('GET', `${churn.baseUrl}/v1/customers/nobody/prediction`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('changes nothing when scores.v1 is replayed', async () => {
    const before = predictions().length;
    const records = reader.json<ScoreV1>(Topics.scores).slice(0, 50);
    await produce(Topics.scores, records.map((r) => ({ key: r.json.customerId, value: r.value! })));
    const marker = interaction([...latestScores().keys()][0]!, 'login');
    await produce(Topics.interactions, [{ key: marker.customerId, value: marker }]);
    // The marker comes after the replay on its partition; once it is predicted the replay was consumed.
    await reader.waitFor<Prediction>(Topics.churnPredictions, (rs) => rs.some((r) => r.json.trigger === 'interaction' && r.json.customerId === marker.customerId), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(predictions().length).toBe(before + 1);
  });
});

describe('interactions.v1', () => {
  it('re-predicts on a complaint with its warning signal, and dead-letters an invalid record', async () => {
    const customerId = [...latestScores().keys()][1]!;
    const complaint = interaction(customerId, 'complaint', { reference: 'k-1' });
    await produce(Topics.interactions, [
      { key: customerId, value: complaint },
      { key: 'garbage', value: '{"kind":"complaint"}' },
    ]);
    const updated = await eventually(() => {
      const p = latestPrediction(customerId)!;
      expect(p.trigger).toBe('interaction');
      return p;
    }, 30_000, 100);
    expect(updated.signals).toContain('unresolved-complaint');
    expect(updated.previousProbability).not.toBeNull();
    const letters = await reader.waitFor<DeadLetterV1>(Topics.churnPredictionDlq, (rs) => rs.length >= 1);
    expect(letters[0]!.json.reason.message).toMatch(/eventId: is required/);
    expect(letters[0]!.json.originalPayload).toBe('{"kind":"complaint"}');
  });
});

describe('the clock', () => {
  it('re-scores silent customers through scoring once they are due, and predicts them with trigger clock', async () => {
    const scores = latestScores();
    const before = new Map([...scores.keys()].map((id) => [id, latestPrediction(id)!]));
    clock.advance(2 * MS_PER_DAY);
    const job = churn.app.get(RecheckJob);
    // Everyone was due within a day: all of them are handed to scoring at once.
    expect(await job.tick()).toBe(scores.size);
    const today = new Date(utcDayIndex(clock.now().getTime()) * MS_PER_DAY).toISOString();
    await eventually(() => {
      for (const id of scores.keys()) expect(latestPrediction(id)).toMatchObject({ trigger: 'clock', asOf: today });
    }, 60_000, 200);
    for (const [id, score] of scores) {
      const now = latestPrediction(id)!;
      expect(now.scoreStateVersion).toBe(score.stateVersion);
      expect(now.previousProbability).toBe(before.get(id)!.probability);
    }
    // A silent customer's risk only grows with time under the seed model's pattern features.
    const risen = [...scores.keys()].filter((id) => latestPrediction(id)!.probability > before.get(id)!.probability).length;
    expect(risen).toBeGreaterThan(scores.size / 2);
    // Nobody is due again before tomorrow's check.
    expect(await job.tick()).toBe(0);
    const health = await request('GET', `${churn.baseUrl}/health/model`);
    // No native binding here: the cpu fallback (TFJS_BACKENDS default).
    expect(health.body).toEqual({ backend: 'cpu', modelVersion: SEED_MODEL_VERSION });
  }, 120_000);
});

describe('the model registry', () => {
  it('retrains from scoring’s history, activates only a model that validates at least as well, and re-activates the seed', async () => {
    const retrained = await request('POST', `${churn.baseUrl}/v1/models/retrain`);
    expect(retrained.status).toBe(201);
    const comparison = retrained.body['comparison'] as { activeVersion: string; activeAuc: number; candidateAuc: number; activated: boolean; validationExamples: number };
    expect(comparison.activeVersion).toBe(SEED_MODEL_VERSION);
    expect(comparison.validationExamples).toBeGreaterThan(10);
    expect(comparison.activated).toBe(comparison.candidateAuc >= comparison.activeAuc);
    expect(retrained.body['activated']).toBe(comparison.activated);
    const version = retrained.body['version'] as string;

    const listed = await request('GET', `${churn.baseUrl}/v1/models`);
    const models = listed.body['models'] as Array<{ version: string; comparison: unknown; featureNames: string[]; trainingWindow: unknown }>;
    expect(models.map((m) => m.version)).toEqual([version, SEED_MODEL_VERSION]);
    expect(models[0]).toMatchObject({ comparison, featureNames: seed.metadata.featureNames });
    expect(listed.body['active']).toBe(comparison.activated ? version : SEED_MODEL_VERSION);

    const other = comparison.activated ? SEED_MODEL_VERSION : version;
    const activated = await request('POST', `${churn.baseUrl}/v1/models/${other}/activate`);
    expect(activated).toMatchObject({ status: 200, body: { version: other } });
    const after = await request('GET', `${churn.baseUrl}/v1/models`);
    expect(after.body['active']).toBe(other);
    expect((after.body['activations'] as Array<{ version: string }>).map((a) => a.version)).toEqual(comparison.activated ? [SEED_MODEL_VERSION, version, SEED_MODEL_VERSION] : [version, SEED_MODEL_VERSION]);
    expect((await request('POST', `${churn.baseUrl}/v1/models/nope/activate`)).status).toBe(404);

    // The next prediction uses the newly active version.
    const customerId = [...latestScores().keys()][2]!;
    const login = interaction(customerId, 'login');
    await produce(Topics.interactions, [{ key: customerId, value: login }]);
    await eventually(() => expect(latestPrediction(customerId)).toMatchObject({ trigger: 'interaction', modelVersion: other }), 30_000, 100);
  }, 180_000);
});
