import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { loadChurnModel } from '@churn/churn-model';
import { Clock } from '@churn/config';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import type { ChurnPredictionConfig } from '../config';
import { CHURN_PREDICTION_CONFIG } from '../tokens';
import { ModelRegistry } from './model-registry';

/** The committed seed: `churn train` on the CDNOW sample (see README), shipped with the service. */
export const DEFAULT_SEED_MODEL_DIR = join(__dirname, '..', '..', 'seed-model');
export const SEED_MODEL_VERSION = 'seed-cdnow';

/**
 * On a first start (empty registry) registers and activates the seed model, so predictions start
 * at once instead of waiting for enough history to train on; the first retraining that validates
 * at least as well replaces it. Several instances may race here: the registration and the
 * activation each happen once.
 */
@Injectable()
export class SeedModel implements OnApplicationBootstrap {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly clock: Clock,
    @Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.registry.isEmpty())) return;
    const dir = this.config.SEED_MODEL_DIR || DEFAULT_SEED_MODEL_DIR;
    try {
      const model = await loadChurnModel(dir, this.logger);
      const now = this.clock.now();
      await this.registry.register(SEED_MODEL_VERSION, 'seed', model, null, now);
      await this.registry.activate(SEED_MODEL_VERSION, 'seed: the registry was empty', now, true);
    } catch (error) {
      // Readiness reports "no active model" until a retraining succeeds.
      this.logger.error({ err: error, dir }, 'could not register the seed model; waiting for a retraining');
    }
  }
}
