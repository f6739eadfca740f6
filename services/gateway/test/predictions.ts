import { randomUUID } from 'node:crypto';
import type { ChurnPredictionV1, RiskLevel, ScoreV1 } from '@churn/contracts';

/** A churn prediction for a scored customer, as churn-prediction publishes it on churn-predictions.v1. */
export function predictionFor(score: ScoreV1, probability: number, predictedAt: Date): ChurnPredictionV1 {
  const riskLevel: RiskLevel = probability >= 0.7 ? 'high' : probability >= 0.4 ? 'medium' : 'low';
  return {
    eventId: randomUUID(),
    customerId: score.customerId,
    asOf: predictedAt.toISOString(),
    predictedAt: predictedAt.toISOString(),
    trigger: 'score',
    probability,
    previousProbability: null,
    riskLevel,
    horizonDays: 90,
    drivers: [{ feature: 'daysSinceLastPurchase', contribution: 1.2, direction: 'raises risk', text: `no purchase for ${score.daysSinceLastPurchase ?? 0} days` }],
    signals: ['long-gap'],
    modelVersion: 'test-model-1',
    tier: score.tier,
    clvMinor: score.clvMinor,
    currency: score.currency,
    scoreStateVersion: score.stateVersion,
  };
}
