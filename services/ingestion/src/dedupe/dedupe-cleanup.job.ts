import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@churn/observability';
import { Clock } from '../clock';
import { INGESTION_CONFIG } from '../tokens';
import type { IngestionConfig } from '../config';
import { SeenEventsStore } from './seen-events.store';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the dedupe memory to its window. Safe to run on every instance at once: deletes are
 * idempotent. Failures are logged and retried at the next tick; they never affect ingestion.
 */
@Injectable()
export class DedupeCleanupJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: SeenEventsStore,
    private readonly clock: Clock,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), this.config.DEDUPE_CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.DEDUPE_WINDOW_DAYS * DAY_MS);
    try {
      const forgotten = await this.store.forgetBefore(cutoff);
      this.logger.info({ forgotten, cutoff: cutoff.toISOString() }, 'dedupe window cleanup');
      return forgotten;
    } catch (error) {
      this.logger.warn({ err: error }, 'dedupe window cleanup failed; will retry');
      return 0;
    }
  }
}
