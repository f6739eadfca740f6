import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@churn/config';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import type { ChurnPredictionConfig } from '../config';
import { ErasureStore } from '../erasure/erasure.store';
import { ScoringClient } from '../models/scoring-client';
import { CustomerStateStore } from '../state/customer-state.store';
import { CHURN_PREDICTION_CONFIG } from '../tokens';

/**
 * The clock: customers who stop buying send no events, yet their risk grows every day. Every
 * RECHECK_TICK_MS it takes the customers whose next_check_at has come (by index, never a scan of
 * the population) and asks scoring to re-score them; their new scores.v1 records come back
 * through the consumer and are predicted with trigger 'clock'. Each prediction sets the
 * customer's next check (domain nextCheckAt: after midnight UTC near a threshold, else at a
 * hashed time of day; at least daily). A customer scoring answers "unknown" for is no longer
 * re-checked, and if they were erased here their state is deleted (ErasureStore.purgeResurrected).
 */
@Injectable()
export class RecheckJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly states: CustomerStateStore,
    private readonly scoring: ScoringClient,
    private readonly erasures: ErasureStore,
    private readonly clock: Clock,
    @Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.RECHECK_TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One tick (overlapping calls share the running one); resolves to the customers sent to scoring. */
  tick(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<number> {
    let sent = 0;
    let purged = 0;
    try {
      for (let batch = 0; batch < this.config.RECHECK_MAX_BATCHES_PER_TICK; batch++) {
        const due = await this.states.takeDue(this.clock.now(), this.config.RECHECK_BATCH_SIZE, this.config.RECHECK_RETRY_MS);
        if (due.length === 0) break;
        const result = await this.scoring.rescore(due);
        purged += await this.erasures.purgeResurrected(result.unknown);
        await this.states.stopChecking(result.unknown);
        sent += due.length;
        if (due.length < this.config.RECHECK_BATCH_SIZE) break;
      }
    } catch (error) {
      // The leased customers come due again after RECHECK_RETRY_MS.
      this.logger.warn({ err: error }, 'clock re-check failed; retried later');
    }
    if (sent > 0) this.logger.info({ event: 'churn_recheck', customers: sent }, 'asked scoring to re-score due customers');
    if (purged > 0) this.logger.info({ event: 'erased_state_purged', customers: purged }, 'deleted the state of erased customers that scoring no longer knows');
    return sent;
  }
}
