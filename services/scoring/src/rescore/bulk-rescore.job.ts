import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { ScoreV1 } from '@churn/contracts';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '@churn/config';
import { MS_PER_DAY } from '@churn/domain';
import type { ScoringConfig } from '../config';
import { HistoryStore } from '../history/history.store';
import { SCORING_CONFIG } from '../tokens';
import { Rescorer } from './rescorer';

export interface BulkSelection {
  /** Only customers without a purchase for at least this many days; every customer when absent. */
  silentForDays?: number;
}

export interface BulkRescoreJob {
  jobId: string;
  startedAt: string;
  silentForDays: number | null;
}

const RETRY_DELAY_MS = 1_000;
const MAX_CONSECUTIVE_FAILURES = 5;

/**
 * Walks the population in keyset pages of RESCORE_BATCH_SIZE customers in the background, one
 * short transaction per page, so live scoring is never blocked for long. A failing page is retried
 * a few times, then the job stops (logged); the next refit or bulk request covers the rest.
 * Shutdown stops every job after its current page.
 */
@Injectable()
export class BulkRescoreJobs implements BeforeApplicationShutdown {
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly rescorer: Rescorer,
    private readonly clock: Clock,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(selection: BulkSelection, trigger: ScoreV1['trigger']): BulkRescoreJob {
    const now = this.clock.now();
    const job: BulkRescoreJob = { jobId: randomUUID(), startedAt: now.toISOString(), silentForDays: selection.silentForDays ?? null };
    const silentSince = selection.silentForDays === undefined ? undefined : new Date(now.getTime() - selection.silentForDays * MS_PER_DAY);
    const run = this.run(job, trigger, silentSince).finally(() => this.running.delete(job.jobId));
    this.running.set(job.jobId, run);
    return job;
  }

  /** Resolves when every job started so far has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private async run(job: BulkRescoreJob, trigger: ScoreV1['trigger'], silentSince: Date | undefined): Promise<void> {
    const log = this.logger.child({ jobId: job.jobId, trigger });
    let after = '';
    let rescored = 0;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      try {
        const page = await this.history.customerPage(this.dataSource.manager, after, this.config.RESCORE_BATCH_SIZE, silentSince);
        if (page.length === 0) break;
        rescored += (await this.rescorer.rescore(page, trigger)).rescored;
        after = page[page.length - 1]!;
        failures = 0;
      } catch (error) {
        if (++failures >= MAX_CONSECUTIVE_FAILURES) {
          log.error({ err: error, rescored }, 'bulk re-score gave up');
          return;
        }
        log.warn({ err: error }, 'bulk re-score page failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
    log.info({ rescored, stopped: this.stopping.signal.aborted }, 'bulk re-score finished');
  }
}
