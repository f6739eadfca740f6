import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import { Clock } from '@churn/config';
import type { ScoringConfig } from '../config';
import { ParameterStore } from '../parameters/parameter.store';
import { SCORING_CONFIG } from '../tokens';
import { RefitService } from './refit.service';

/**
 * Refits every REFIT_INTERVAL_MS. Every instance runs the timer; an instance skips its turn when
 * the newest parameter set is younger than half the interval (another instance just refitted).
 * Failures are logged and the next tick tries again; scoring goes on with the active parameters.
 */
@Injectable()
export class RefitSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly refits: RefitService,
    private readonly parameters: ParameterStore,
    private readonly clock: Clock,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.REFIT_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    try {
      const last = await this.parameters.lastFittedAt();
      if (last && this.clock.now().getTime() - last.getTime() < this.config.REFIT_INTERVAL_MS / 2) return;
      await this.refits.refit();
    } catch (error) {
      this.logger.warn({ err: error }, 'scheduled refit failed; the active parameters stay');
    }
  }
}
