import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ChurnModel } from '@churn/churn-model';
import type { ChurnPredictionV1 } from '@churn/contracts';
import { type Interaction, type RiskThresholds, nearRiskThreshold, nextCheckAt, riskLevel, warningSignals } from '@churn/domain';
import type { ChurnPredictionConfig } from '../config';
import type { CustomerState, PredictionUpdate } from '../state/customer-state.store';
import { CHURN_PREDICTION_CONFIG } from '../tokens';
import { featuresFromScore } from './score-features';

export interface PredictionRequest {
  state: CustomerState;
  interactions: readonly Interaction[];
  trigger: ChurnPredictionV1['trigger'];
  /** Epoch ms of the as-of day: the score's, or later when an interaction ages it to today. */
  asOf: number;
}

/** Turns customer states into published predictions with the active model: features, probability, drivers, signals, level. */
@Injectable()
export class Predictor {
  private readonly thresholds: RiskThresholds;

  constructor(@Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig) {
    this.thresholds = { high: config.RISK_HIGH_THRESHOLD, medium: config.RISK_MEDIUM_THRESHOLD };
  }

  predict(model: { version: string; model: ChurnModel }, requests: readonly PredictionRequest[], now: Date): PredictionUpdate[] {
    const horizonDays = model.model.metadata.horizonDays;
    const rows = requests.map((r) => featuresFromScore(r.state.score, r.interactions, r.asOf, horizonDays).features);
    const explained = model.model.explainAll(rows);
    return requests.map((request, i) => {
      const { score } = request.state;
      const { probability, drivers } = explained[i]!;
      const prediction: ChurnPredictionV1 = {
        eventId: randomUUID(),
        customerId: score.customerId,
        asOf: new Date(request.asOf).toISOString(),
        predictedAt: now.toISOString(),
        trigger: request.trigger,
        probability,
        previousProbability: request.state.prediction?.probability ?? null,
        riskLevel: riskLevel(probability, this.thresholds),
        horizonDays,
        drivers: drivers.map((d) => ({ feature: d.feature, contribution: d.contribution, direction: d.direction, text: d.text })),
        signals: warningSignals(rows[i]!),
        modelVersion: model.version,
        tier: score.tier,
        clvMinor: score.clvMinor,
        currency: score.currency,
        scoreStateVersion: score.stateVersion,
      };
      const near = nearRiskThreshold(probability, this.thresholds, this.config.NEAR_THRESHOLD_MARGIN);
      return { prediction, nextCheckAt: new Date(nextCheckAt(score.customerId, now.getTime(), near)) };
    });
  }
}
