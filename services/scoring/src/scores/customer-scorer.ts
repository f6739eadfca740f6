import { Injectable } from '@nestjs/common';
import { type ScoreV1, Topics } from '@churn/contracts';
import type { OutgoingRecord } from '@churn/messaging';
import { OutboxWriter } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { HistoryStore } from '../history/history.store';
import { ScoreCache } from './score.cache';
import { type ScoreComputation, computeScores } from './score-computation';

export interface ScoringRun extends ScoreComputation {
  /** Other records to publish with the scores (dead letters of the same batch). */
  alsoPublish?: readonly OutgoingRecord[];
}

/**
 * Scores customers from their stored history, inside the caller's transaction: the scores go to
 * the outbox (published only if the transaction commits) and to Redis. Redis is written before
 * the commit on purpose: if Redis is down the transaction rolls back and the work is retried, so
 * a committed change never lacks its live score. If the commit fails after the Redis write, the
 * retry recomputes the same history with a later computedAt and replaces it.
 */
@Injectable()
export class CustomerScorer {
  constructor(
    private readonly history: HistoryStore,
    private readonly outbox: OutboxWriter,
    private readonly cache: ScoreCache,
  ) {}

  async scoreWithin(manager: EntityManager, run: ScoringRun): Promise<ScoreV1[]> {
    const transactions = await this.history.transactionsOf(
      manager,
      run.customers.map((c) => c.customerId),
    );
    const { scores, unscored } = computeScores(transactions, run);
    await this.outbox.append(manager, [...scores.map(toRecord), ...(run.alsoPublish ?? [])]);
    await Promise.all([...scores.map((s) => this.cache.put(s)), ...unscored.map((id) => this.cache.remove(id))]);
    return scores;
  }
}

function toRecord(score: ScoreV1): OutgoingRecord {
  return { topic: Topics.scores, key: score.customerId, value: score, headers: { eventId: score.eventId } };
}
