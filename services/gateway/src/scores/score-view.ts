import type { ChurnPredictionV1, ScoreV1 } from '@churn/contracts';

/**
 * The public score of a customer: scoring's ScoreV1 (RFM, tier, stage, CLV, P(alive), parameter
 * version, computed-at) with the segment lifted out and the latest churn prediction merged in
 * (probability, risk level, drivers, model version); the churn fields are null until there is one.
 */
export interface ScoreView extends Omit<ScoreV1, 'eventId' | 'pattern' | 'bgNbd'> {
  segment: ScoreV1['rfm']['segment'];
  churnProbability: number | null;
  riskLevel: ChurnPredictionV1['riskLevel'] | null;
  drivers: ChurnPredictionV1['drivers'];
  signals: ChurnPredictionV1['signals'];
  modelVersion: string | null;
  predictedAt: string | null;
}

/** What a score lookup shows of a prediction; the gateway's Redis copy keeps only this. */
export type ShownPrediction = Pick<
  ChurnPredictionV1,
  'probability' | 'riskLevel' | 'drivers' | 'signals' | 'modelVersion' | 'predictedAt'
>;

/**
 * Lists the fields it shows rather than spreading the score minus the internal ones: a field
 * scoring adds later is not published until it is added here (the compiler asks for every
 * required one), and the copy was the hot path's costliest garbage: at 2,000 lookups/s, building
 * the view as `{ ...rest, segment, ... }` from the parsed document left about 1 MB more alive at
 * every young-generation collection than this literal does (V8 promoted it), and the
 * collections' pauses, which set the route's p99, shrank with it (services/gateway/README.md).
 */
export function toScoreView(score: ScoreV1, prediction: ShownPrediction | undefined): ScoreView {
  return {
    customerId: score.customerId,
    asOf: score.asOf,
    computedAt: score.computedAt,
    stateVersion: score.stateVersion,
    trigger: score.trigger,
    currency: score.currency,
    frequency: score.frequency,
    recency: score.recency,
    T: score.T,
    monetaryMinor: score.monetaryMinor,
    purchaseCount: score.purchaseCount,
    netSpendMinor: score.netSpendMinor,
    lastPurchaseAt: score.lastPurchaseAt,
    daysSinceLastPurchase: score.daysSinceLastPurchase,
    rfm: score.rfm,
    segment: score.rfm.segment,
    tier: score.tier,
    stage: score.stage,
    pAlive: score.pAlive,
    expectedPurchases90d: score.expectedPurchases90d,
    clvMinor: score.clvMinor,
    parametersVersion: score.parametersVersion,
    parametersSource: score.parametersSource,
    // Optional in ScoreV1 (added in 1.1); undefined is left out of the JSON, as before.
    timeUnit: score.timeUnit,
    churnProbability: prediction?.probability ?? null,
    riskLevel: prediction?.riskLevel ?? null,
    drivers: prediction?.drivers ?? [],
    signals: prediction?.signals ?? [],
    modelVersion: prediction?.modelVersion ?? null,
    predictedAt: prediction?.predictedAt ?? null,
  };
}
