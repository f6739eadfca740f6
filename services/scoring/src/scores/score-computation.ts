import { randomUUID } from 'node:crypto';
import type { ScoreV1 } from '@churn/contracts';
import { type ScoringParameters, type Transaction, purchasePattern, scoreCustomer, summarizeCustomer } from '@churn/domain';
import type { CustomerState } from '../history/history.store';
import { toScoreV1 } from './score-document';

export interface ScoreComputation {
  customers: readonly CustomerState[];
  params: ScoringParameters;
  trigger: ScoreV1['trigger'];
  now: Date;
}

export interface ComputedScores {
  scores: ScoreV1[];
  /** Customers with no purchase day left (no purchase yet, or every purchase refunded): no score. */
  unscored: string[];
}

/**
 * The scores of these customers from their stored histories, as of `now`: no I/O, so the paths that
 * must not publish (the read fallback, the cache rebuild) compute exactly what scoreWithin does.
 */
export function computeScores(histories: ReadonlyMap<string, readonly Transaction[]>, run: ScoreComputation): ComputedScores {
  const scores: ScoreV1[] = [];
  const unscored: string[] = [];
  for (const customer of run.customers) {
    const history = histories.get(customer.customerId) ?? [];
    const score = scoreOf(customer.customerId, history, run.params, run.now);
    const pattern = purchasePattern(history, run.now.getTime());
    if (score === undefined || pattern === undefined) unscored.push(customer.customerId);
    else {
      const stamp = { eventId: randomUUID(), computedAt: run.now, stateVersion: customer.stateVersion, trigger: run.trigger };
      scores.push(toScoreV1(score, stamp, { pattern, params: run.params }));
    }
  }
  return { scores, unscored };
}

/** Undefined when no purchase day is left (no purchase yet, or every purchase refunded). */
function scoreOf(customerId: string, transactions: readonly Transaction[], params: ScoringParameters, now: Date) {
  const summary = summarizeCustomer(customerId, transactions, { asOf: now.getTime(), timeUnit: params.timeUnit });
  return summary && scoreCustomer(summary, params);
}
