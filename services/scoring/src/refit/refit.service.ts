import { Inject, Injectable } from '@nestjs/common';
import { type CustomerSummary, PRIOR_SCORING_PARAMETERS, type ScoringParameters, fitScoringParameters, summarizeCustomer } from '@churn/domain';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '@churn/config';
import type { ScoringConfig } from '../config';
import { HistoryStore } from '../history/history.store';
import { ParameterStore } from '../parameters/parameter.store';
import { type BulkRescoreJob, BulkRescoreJobs } from '../rescore/bulk-rescore.job';
import { SCORING_CONFIG } from '../tokens';

export class RefitInProgressError extends Error {
  constructor() {
    super('a refit is already running on this instance');
    this.name = 'RefitInProgressError';
  }
}

export interface RefitResult {
  parameters: ScoringParameters;
  rescore: BulkRescoreJob;
}

/**
 * Fits new scoring parameters on the whole stored history as of now, stores them as a new
 * version with their diagnostics, activates them, and starts re-scoring the population in the
 * background. A population the models cannot be fitted to throws (the domain's RangeError) and
 * leaves the active parameters in place.
 */
@Injectable()
export class RefitService {
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly parameters: ParameterStore,
    private readonly jobs: BulkRescoreJobs,
    private readonly clock: Clock,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async refit(): Promise<RefitResult> {
    if (this.running) throw new RefitInProgressError();
    this.running = true;
    try {
      const fittedAt = this.clock.now();
      const summaries = await this.summarizePopulation(fittedAt);
      const id = await this.parameters.reserveId();
      const parameters = fitScoringParameters(summaries, { version: `fit-${id}`, fittedAt: fittedAt.getTime(), timeUnit: PRIOR_SCORING_PARAMETERS.timeUnit });
      await this.parameters.storeAndActivate(id, parameters, fittedAt);
      this.logger.info({ version: parameters.version, diagnostics: parameters.diagnostics }, 'scoring parameters refitted and activated');
      return { parameters, rescore: this.jobs.start({}, 'refit') };
    } finally {
      this.running = false;
    }
  }

  /** Summaries are small; the transactions behind them are read a page of customers at a time. */
  private async summarizePopulation(asOf: Date): Promise<CustomerSummary[]> {
    const summaries: CustomerSummary[] = [];
    const options = { asOf: asOf.getTime(), timeUnit: PRIOR_SCORING_PARAMETERS.timeUnit };
    let after = '';
    for (;;) {
      const page = await this.history.customerPage(this.dataSource.manager, after, this.config.RESCORE_BATCH_SIZE);
      if (page.length === 0) return summaries;
      const transactions = await this.history.transactionsOf(this.dataSource.manager, page);
      for (const [customerId, list] of transactions) {
        const summary = summarizeCustomer(customerId, list, options);
        if (summary) summaries.push(summary);
      }
      after = page[page.length - 1]!;
    }
  }
}
