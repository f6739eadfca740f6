import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type ScoreV1, Topics } from '@churn/contracts';
import { type ScoringParameters, type Transaction, purchasePattern, scoreCustomer, summarizeCustomer } from '@churn/domain';
import type { OutgoingRecord } from '@churn/messaging';
import { OutboxWriter } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import type { CustomerState } from '../history/history.store';
import { HistoryStore } from '../history/history.store';
import { ScoreCache } from './score.cache';
import { toScoreV1 } from './score-document';

export interface ScoringRun {
  customers: readonly CustomerState[];
  params: ScoringParameters;
  trigger: ScoreV1['trigger'];
  now: Date;
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
    const scores: ScoreV1[] = [];
    const unscored: string[] = [];
    for (const customer of run.customers) {
      const history = transactions.get(customer.customerId) ?? [];
      const score = scoreOf(customer.customerId, history, run.params, run.now);
      const pattern = purchasePattern(history, run.now.getTime());
      if (score === undefined || pattern === undefined) unscored.push(customer.customerId);
      else {
        const stamp = { eventId: randomUUID(), computedAt: run.now, stateVersion: customer.stateVersion, trigger: run.trigger };
        scores.push(toScoreV1(score, stamp, { pattern, params: run.params }));
      }
    }
    await this.outbox.append(manager, [...scores.map(toRecord), ...(run.alsoPublish ?? [])]);
    await Promise.all([...scores.map((s) => this.cache.put(s)), ...unscored.map((id) => this.cache.remove(id))]);
    return scores;
  }
}

/** Undefined when no purchase day is left (no purchase yet, or every purchase refunded). */
function scoreOf(customerId: string, transactions: readonly Transaction[], params: ScoringParameters, now: Date) {
  const summary = summarizeCustomer(customerId, transactions, { asOf: now.getTime(), timeUnit: params.timeUnit });
  return summary && scoreCustomer(summary, params);
}

function toRecord(score: ScoreV1): OutgoingRecord {
  return { topic: Topics.scores, key: score.customerId, value: score, headers: { eventId: score.eventId } };
}
