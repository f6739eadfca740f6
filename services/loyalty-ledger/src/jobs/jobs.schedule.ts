import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import type { LoyaltyLedgerConfig } from '../config';
import { LOYALTY_CONFIG } from '../tokens';
import { LedgerJobs } from './ledger-jobs';

/** Runs the ledger jobs every JOBS_INTERVAL_MS (0: never; tests call LedgerJobs directly). Runs never overlap. */
@Injectable()
export class JobsSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly jobs: LedgerJobs,
    @Inject(LOYALTY_CONFIG) private readonly config: LoyaltyLedgerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.JOBS_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.jobs
        .runAll()
        .then((report) => this.logger.info({ ...report }, 'ledger jobs ran'))
        .catch((err: unknown) => this.logger.error({ err }, 'ledger jobs failed; retrying next interval'))
        .finally(() => (this.running = undefined));
    }, this.config.JOBS_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
