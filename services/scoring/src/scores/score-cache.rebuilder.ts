import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '@churn/config';
import { LOGGER } from '@churn/observability';
import type { ScoringConfig } from '../config';
import { HistoryStore } from '../history/history.store';
import { ParameterStore } from '../parameters/parameter.store';
import { SCORING_CONFIG } from '../tokens';
import { ScoreCache } from './score.cache';
import { ScoreCacheMarker } from './score-cache.marker';
import { computeScores } from './score-computation';

interface Restored {
  customers: number;
  scored: number;
  unscored: number;
}

/**
 * Puts the score cache back after Redis lost it (a flush, a restart without persistence): customers
 * who send no events would otherwise stay without a live score. Checks the marker at start-up, each
 * time the client is ready again after a reconnect, and every SCORE_CACHE_CHECK_INTERVAL_MS; when it
 * is missing, walks the population in keyset pages of RESCORE_BATCH_SIZE, puts each score computed
 * from the history as of now (newer wins, so a score an event wrote meanwhile stays) and deletes the
 * key of a customer without one, then sets the marker. Nothing goes to the outbox: the history did
 * not change, so there is nothing to publish.
 *
 * Each page holds its customers' rows FOR SHARE until its Redis writes are done, like a re-score:
 * an event, or an erasure, of those customers waits, so a rebuilt key can never bring back a score
 * their transaction deleted. One rebuild at a time per instance; a failure ends it (logged) and the
 * next check starts again; shutdown stops it after the current page.
 */
@Injectable()
export class ScoreCacheRebuilder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private checkAgain = false;
  private readonly onReady = (): void => void this.check();

  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly parameters: ParameterStore,
    private readonly cache: ScoreCache,
    private readonly marker: ScoreCacheMarker,
    private readonly redis: Redis,
    private readonly clock: Clock,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.redis.on('ready', this.onReady);
    this.timer = setInterval(() => void this.check(), this.config.SCORE_CACHE_CHECK_INTERVAL_MS);
    this.timer.unref();
    void this.check();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
    await this.running;
  }

  /**
   * Rebuilds if the marker is missing; resolves when done. A call during a rebuild makes it check
   * once more when it ends: Redis may have lost data again meanwhile.
   */
  check(): Promise<void> {
    if (this.running) {
      this.checkAgain = true;
      return this.running;
    }
    this.running = this.checkUntilSettled().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkUntilSettled(): Promise<void> {
    do {
      this.checkAgain = false;
      try {
        // Not connected: nothing to check; the client's next 'ready' calls again.
        if (this.cache.connected && !(await this.marker.isComplete())) await this.rebuild();
      } catch (error) {
        this.logger.warn({ event: 'score_cache_rebuild_failed', err: error }, 'score cache rebuild failed; the next check retries');
      }
    } while (this.checkAgain && !this.stopping.signal.aborted);
  }

  private async rebuild(): Promise<void> {
    const rebuildId = randomUUID();
    const startedAt = Date.now();
    // Counts only: customer ids in the logs would outlive an erasure.
    const log = this.logger.child({ event: 'score_cache_rebuild', rebuildId });
    await this.marker.begin(rebuildId);
    log.info('score cache incomplete; rebuilding from the history');
    const total: Restored = { customers: 0, scored: 0, unscored: 0 };
    const outcome = await this.walk(rebuildId, total);
    log.info({ ...total, outcome, durationMs: Date.now() - startedAt }, 'score cache rebuild finished');
  }

  /** Restores the population page by page, adding to `total`; how the walk ended. */
  private async walk(rebuildId: string, total: Restored): Promise<'complete' | 'stopped' | 'redis_lost_data'> {
    let after = '';
    for (;;) {
      if (this.stopping.signal.aborted) return 'stopped';
      // The rebuild's key is gone: Redis lost data since the walk began (the keys restored so far
      // too), so going on could not make the cache whole. The next check starts over.
      if (!(await this.marker.renew(rebuildId))) return 'redis_lost_data';
      const page = await this.history.customerPage(this.dataSource.manager, after, this.config.RESCORE_BATCH_SIZE);
      if (page.length === 0) return (await this.marker.complete(rebuildId, this.clock.now())) ? 'complete' : 'redis_lost_data';
      const restored = await this.restore(page);
      total.customers += restored.customers;
      total.scored += restored.scored;
      total.unscored += restored.unscored;
      after = page[page.length - 1]!;
    }
  }

  private restore(customerIds: readonly string[]): Promise<Restored> {
    return this.dataSource.transaction(async (manager) => {
      const states = await this.history.lockCustomers(manager, customerIds, 'share');
      const params = await this.parameters.active(manager);
      const transactions = await this.history.transactionsOf(manager, [...states.keys()]);
      const { scores, unscored } = computeScores(transactions, { customers: [...states.values()], params, trigger: 'rescore', now: this.clock.now() });
      await Promise.all([...scores.map((s) => this.cache.put(s)), ...unscored.map((id) => this.cache.remove(id))]);
      return { customers: states.size, scored: scores.length, unscored: unscored.length };
    });
  }
}
