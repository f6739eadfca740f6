import type { ChurnPredictionV1 } from '@churn/contracts';
import type { PredictionFacts } from '@churn/domain';

/** What the domain rules read from a churn-predictions.v1 record. */
export function predictionFacts(p: ChurnPredictionV1): PredictionFacts {
  return {
    customerId: p.customerId,
    asOf: Date.parse(p.asOf),
    probability: p.probability,
    previousProbability: p.previousProbability,
    level: p.riskLevel,
    tier: p.tier,
    signals: p.signals,
    topDriver: p.drivers[0]?.text,
  };
}
