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

export function toScoreView(score: ScoreV1, prediction: ShownPrediction | undefined): ScoreView {
  const { eventId: _eventId, pattern: _pattern, bgNbd: _bgNbd, ...rest } = score;
  return {
    ...rest,
    segment: score.rfm.segment,
    churnProbability: prediction?.probability ?? null,
    riskLevel: prediction?.riskLevel ?? null,
    drivers: prediction?.drivers ?? [],
    signals: prediction?.signals ?? [],
    modelVersion: prediction?.modelVersion ?? null,
    predictedAt: prediction?.predictedAt ?? null,
  };
}
