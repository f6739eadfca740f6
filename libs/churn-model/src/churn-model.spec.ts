import * as tf from '@tensorflow/tfjs';
import { CHURN_FEATURE_NAMES, type ChurnFeatures, toVector } from '@churn/domain';
import { buildNetwork } from './architectures';
import { CHURN_MODEL_FORMAT_VERSION, ChurnModel, type ChurnModelMetadata } from './churn-model';
import { fitStandardizer, standardize } from './standardizer';

const features = (daysSinceLastPurchase: number, frequency: number): ChurnFeatures => ({
  customerId: `c${daysSinceLastPurchase}-${frequency}`,
  currency: 'USD',
  timeUnit: 'week',
  frequency,
  recency: 10,
  T: 30,
  pAlive: 0.6,
  expectedPurchases: 0.8,
  pNoPurchase: 0.5,
  daysSinceLastPurchase,
  meanOrderMinor: 4510,
  lastOrderVsAverage: -0.2,
  orderDrop: 1,
  spendTrend: 0.1,
  meanIntervalDays: 30,
  intervalVariation: 0.2,
  gapRatio: daysSinceLastPurchase / 30,
  refundCount: 0,
  refundShare: 0,
  complaints: 0,
  unresolvedComplaints: 0,
  npsDetractor: 0,
  npsPromoter: 0,
  npsDecline: 0,
  complaintWithoutRepurchase: 0,
  lowSatisfaction: 0,
  engagementChange: 0,
  engagementDrop: 0,
});

describe('ChurnModel.explain (logistic regression)', () => {
  const population = [features(10, 1), features(40, 3), features(94, 2), features(200, 0)];
  const scaler = fitStandardizer(population.map(toVector));
  const coefficients = CHURN_FEATURE_NAMES.map((_, i) => (i % 3) - 1 + i / 100);
  const network = buildNetwork('logistic-regression', CHURN_FEATURE_NAMES.length, 1);
  network.setWeights([tf.tensor2d(coefficients, [coefficients.length, 1]), tf.tensor1d([0.3])]);
  const model = new ChurnModel(
    { formatVersion: CHURN_MODEL_FORMAT_VERSION, scaler, horizonDays: 273, timeUnit: 'week' } as ChurnModelMetadata,
    network,
  );
  afterAll(() => model.dispose());

  it('attributes coefficient x standardized value to each feature', () => {
    const customer = population[2];
    const z = standardize(scaler, toVector(customer));
    const { drivers } = model.explain(customer, { top: CHURN_FEATURE_NAMES.length });
    for (const d of drivers) {
      const i = CHURN_FEATURE_NAMES.indexOf(d.feature);
      expect(d.contribution).toBeCloseTo(coefficients[i] * z[i], 4);
      expect(d.direction).toBe(d.contribution > 0 ? 'raises risk' : 'lowers risk');
    }
  });

  it('explains against another population when given its reference', () => {
    const today = [population[1], population[2]];
    const reference = model.referenceOf(today);
    const z = standardize(scaler, toVector(population[2]));
    const { drivers } = model.explain(population[2], { top: CHURN_FEATURE_NAMES.length, reference });
    for (const d of drivers) {
      const i = CHURN_FEATURE_NAMES.indexOf(d.feature);
      expect(d.contribution).toBeCloseTo(coefficients[i] * (z[i] - reference[i]), 4);
    }
    // Features both customers share (T, p_alive, ...) contribute nothing against their own mean.
    const t = CHURN_FEATURE_NAMES.indexOf('age_days');
    expect(drivers.find((d) => d.feature === 'age_days')?.contribution ?? 0).toBeCloseTo(0, 6);
    expect(reference[t]).toBeCloseTo(z[t], 12);
  });

  it('words drivers for an account manager', () => {
    const texts = model.explain(population[2], { top: CHURN_FEATURE_NAMES.length }).drivers.map((d) => d.text);
    expect(texts).toContain('no purchase for 94 days, 3.1x the usual gap of 30 days');
    expect(texts).toContain('last order 20% below their average');
    expect(texts).toContain('average order of $45.10');
  });

  it('explains a whole batch in one pass exactly as one by one', () => {
    const batch = model.explainAll(population);
    population.forEach((customer, k) => expect(batch[k]).toEqual(model.explain(customer)));
  });

  it('ignores a column that was constant in training (no complaints seen): it cannot have learned it', () => {
    expect(scaler.stds[CHURN_FEATURE_NAMES.indexOf('log_complaints')]).toBe(0);
    const complaining = { ...population[2], complaints: 5, unresolvedComplaints: 2 };
    expect(standardize(scaler, toVector(complaining)).every(Number.isFinite)).toBe(true);
    expect(model.predict([complaining])[0]).toBeCloseTo(model.predict([population[2]])[0], 12);
  });
});
