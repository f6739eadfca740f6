import { Inject, Injectable } from '@nestjs/common';
import { trainChurnModel, validationExamples } from '@churn/churn-model';
import { Clock } from '@churn/config';
import { auc } from '@churn/domain';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { ChurnPredictionConfig } from '../config';
import { CustomerStateStore } from '../state/customer-state.store';
import { CHURN_PREDICTION_CONFIG } from '../tokens';
import { type ModelComparison, ModelRegistry } from './model-registry';
import { ScoringClient } from './scoring-client';
import { examplesAt, trainingSet } from './training-set';

export class RetrainInProgressError extends Error {}

export interface RetrainResult {
  version: string;
  activated: boolean;
  comparison: ModelComparison;
}

/**
 * Trains a candidate on the whole history (scoring's export + the stored interactions) with the
 * same trainChurnModel as the CLI, compares it with the active model on the candidate's
 * validation customers, and activates it only if its AUC there is at least the active one's.
 * The candidate is registered either way, with the comparison, so it can be activated by hand.
 */
@Injectable()
export class Retrainer {
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
    private readonly scoring: ScoringClient,
    private readonly states: CustomerStateStore,
    private readonly clock: Clock,
    @Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async retrain(): Promise<RetrainResult> {
    if (this.running) throw new RetrainInProgressError('a retraining is running on this instance');
    this.running = true;
    try {
      return await this.run();
    } finally {
      this.running = false;
    }
  }

  private async run(): Promise<RetrainResult> {
    const now = this.clock.now();
    const [transactions, interactions] = await Promise.all([this.scoring.history(), this.states.interactionsOf(this.dataSource.manager)]);
    const horizonDays = this.config.HORIZON_DAYS;
    const { snapshot, labelDays, known } = trainingSet(transactions, interactions, now.getTime(), horizonDays);
    const candidate = await trainChurnModel({ features: snapshot.features, labels: snapshot.labels, asOf: snapshot.asOf, labelDays }, { horizonDays, timeUnit: 'week', logger: this.logger });
    const validation = validationExamples(snapshot);
    const candidateAuc = auc(candidate.predict(validation.features), validation.labels);

    const active = await this.registry.active();
    let activeAuc: number | null = null;
    if (active) {
      // The active model sees the same customers with the features of its own horizon.
      const own =
        active.model.metadata.horizonDays === horizonDays
          ? snapshot
          : examplesAt(known, interactions, { asOf: snapshot.asOf, labelDays, horizonDays: active.model.metadata.horizonDays, bgNbd: snapshot.bgNbd });
      const same = validationExamples({ features: own.features, labels: snapshot.labels });
      activeAuc = auc(active.model.predict(same.features), validation.labels);
    }
    const activate = activeAuc === null || candidateAuc >= activeAuc;
    const comparison: ModelComparison = { activeVersion: active?.version ?? null, activeAuc, candidateAuc, validationExamples: validation.labels.length, activated: activate };
    const version = await this.registry.nextVersion();
    await this.registry.register(version, 'retrain', candidate, comparison, now);
    if (activate) await this.registry.activate(version, `retrained: validation AUC ${candidateAuc.toFixed(4)} >= ${activeAuc?.toFixed(4) ?? 'none'}`, now);
    this.logger.info({ event: 'churn_model_retrained', version, ...comparison }, activate ? 'retrained model activated' : 'retrained model kept inactive: it validates worse than the active one');
    candidate.dispose();
    return { version, activated: activate, comparison };
  }
}
