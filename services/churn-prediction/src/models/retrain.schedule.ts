import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@churn/config';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import type { ChurnPredictionConfig } from '../config';
import { CHURN_PREDICTION_CONFIG } from '../tokens';
import { ModelRegistry } from './model-registry';
import { Retrainer } from './retrainer';

/**
 * Retrains every RETRAIN_INTERVAL_MS on fresh outcomes. Every instance runs the timer; one skips
 * its turn when the newest model is younger than half the interval. Failures (too little history,
 * scoring unreachable) are logged; the active model stays.
 */
@Injectable()
export class RetrainSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly retrainer: Retrainer,
    private readonly registry: ModelRegistry,
    private readonly clock: Clock,
    @Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.RETRAIN_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    try {
      const last = await this.registry.lastCreatedAt();
      if (last && this.clock.now().getTime() - last.getTime() < this.config.RETRAIN_INTERVAL_MS / 2) return;
      await this.retrainer.retrain();
    } catch (error) {
      this.logger.warn({ err: error }, 'scheduled retraining failed; the active model stays');
    }
  }
}
