import type { ChurnPredictionV1, ScoreV1 } from '@churn/contracts';
import { toScoreView } from './score-view';

const score: ScoreV1 = {
  eventId: 'e-1', customerId: 'c-1', asOf: '2026-11-24T00:00:00.000Z', computedAt: '2026-11-24T10:00:00.000Z', stateVersion: 4, trigger: 'event', currency: 'EUR',
  frequency: 2, recency: 20, T: 40, monetaryMinor: 5_000, purchaseCount: 3, netSpendMinor: 15_000, lastPurchaseAt: '2026-11-20T10:00:00.000Z', daysSinceLastPurchase: 4,
  rfm: { recency: 4, frequency: 3, monetary: 4, segment: 'Loyal' }, tier: 'gold', stage: 'active', pAlive: 0.9, expectedPurchases90d: 0.7, clvMinor: 12_000,
  parametersVersion: 'fit-2', parametersSource: 'fitted', bgNbd: { r: 0.2, alpha: 4, a: 0.8, b: 2.4 },
};

const prediction: ChurnPredictionV1 = {
  eventId: 'p-1', customerId: 'c-1', asOf: '2026-11-24T10:00:00.000Z', predictedAt: '2026-11-24T10:00:01.000Z', trigger: 'score', probability: 0.72,
  previousProbability: 0.4, riskLevel: 'high', horizonDays: 90, drivers: [{ feature: 'gap', contribution: 1.1, direction: 'raises risk', text: 'no purchase for 94 days' }],
  signals: ['long-gap'], modelVersion: 'm-3', tier: 'gold', clvMinor: 12_000, currency: 'EUR', scoreStateVersion: 4,
};

describe('toScoreView', () => {
  it('lifts the segment out, merges the prediction and leaves the internal fields out', () => {
    const view = toScoreView(score, prediction);
    expect(view).toMatchObject({ customerId: 'c-1', segment: 'Loyal', tier: 'gold', clvMinor: 12_000, parametersVersion: 'fit-2', churnProbability: 0.72, riskLevel: 'high', modelVersion: 'm-3', predictedAt: prediction.predictedAt, signals: ['long-gap'] });
    expect(view.drivers).toEqual(prediction.drivers);
    expect(view).not.toHaveProperty('eventId');
    expect(view).not.toHaveProperty('bgNbd');
  });

  it('shows exactly the public fields, the optional time unit only when the score has one', () => {
    const publicScoreFields = Object.keys(score).filter((field) => !['eventId', 'pattern', 'bgNbd'].includes(field));
    const churnFields = ['segment', 'churnProbability', 'riskLevel', 'drivers', 'signals', 'modelVersion', 'predictedAt'];
    expect(Object.keys(JSON.parse(JSON.stringify(toScoreView(score, prediction)))).sort()).toEqual([...publicScoreFields, ...churnFields].sort());
    expect(JSON.parse(JSON.stringify(toScoreView({ ...score, timeUnit: 'week' }, prediction)))).toHaveProperty('timeUnit', 'week');
  });

  it('answers null churn fields without a prediction', () => {
    expect(toScoreView(score, undefined)).toMatchObject({ churnProbability: null, riskLevel: null, drivers: [], signals: [], modelVersion: null, predictedAt: null });
  });
});
