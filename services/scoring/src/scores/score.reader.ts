import { Injectable } from '@nestjs/common';
import { CacheUnavailableError } from '@churn/cache';
import { Clock } from '@churn/config';
import type { ScoreV1 } from '@churn/contracts';
import { DataSource } from 'typeorm';
import { HistoryStore } from '../history/history.store';
import { ParameterStore } from '../parameters/parameter.store';
import { ScoreCache } from './score.cache';
import { computeScores } from './score-computation';

/**
 * A customer's live score: from Redis, or, on a miss or while Redis is unreachable, computed from
 * the stored history as of now with the active parameters, so the owner (and the gateway, which
 * asks it when its own Redis read fails) keeps answering while the cache is down or being rebuilt.
 * Undefined only when the history gives no score either: no history, every purchase refunded, or
 * erased (erasure deletes the history).
 *
 * A computed score is answered, not published and not written to Redis. Newer-wins orders two
 * scores, not a score against a deletion: an erasure (or a refund of everything) deletes the key
 * before its commit, and a score computed from a snapshot taken before that commit would find no key
 * to lose against and put back what was deleted, an erased customer's score included. This read
 * cannot hold the row locks that order the two (none in a read-only snapshot, and none wanted on a
 * read path); the rebuilder restores keys under them instead (ScoreCacheRebuilder).
 */
@Injectable()
export class ScoreReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly parameters: ParameterStore,
    private readonly cache: ScoreCache,
    private readonly clock: Clock,
  ) {}

  async read(customerId: string): Promise<ScoreV1 | undefined> {
    return (await this.cached(customerId)) ?? this.computed(customerId);
  }

  private async cached(customerId: string): Promise<ScoreV1 | undefined> {
    // Not connected: go to Postgres at once instead of waiting behind the client's reconnect attempts.
    if (!this.cache.connected) return undefined;
    try {
      return await this.cache.get(customerId);
    } catch (error) {
      if (error instanceof CacheUnavailableError) return undefined;
      throw error;
    }
  }

  /** One snapshot (REPEATABLE READ), so the score carries the state version of the history it is computed from. */
  private computed(customerId: string): Promise<ScoreV1 | undefined> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const state = (await this.history.readCustomers(manager, [customerId])).get(customerId);
      if (!state) return undefined;
      const params = await this.parameters.active(manager);
      const transactions = await this.history.transactionsOf(manager, [customerId]);
      return computeScores(transactions, { customers: [state], params, trigger: 'rescore', now: this.clock.now() }).scores[0];
    });
  }
}
