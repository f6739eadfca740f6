import { Injectable } from '@nestjs/common';
import type { ScoreV1 } from '@churn/contracts';
import { OutboxRelay } from '@churn/persistence';
import { DataSource } from 'typeorm';
import { Clock } from '@churn/config';
import { HistoryStore } from '../history/history.store';
import { ParameterStore } from '../parameters/parameter.store';
import { CustomerScorer } from '../scores/customer-scorer';

export interface RescoreResult {
  rescored: number;
  /** Of the requested ids, those with no stored history. */
  unknown: string[];
}

/**
 * Recomputes scores as of now from the stored history, with the active parameters, in one
 * transaction per call: the path of the churn clock (customers who stop buying send no events),
 * of bulk re-scores and of refits. Live event scoring goes on meanwhile; the row locks and the
 * newer-wins rule keep either from overwriting the other with an older result.
 */
@Injectable()
export class Rescorer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly parameters: ParameterStore,
    private readonly scorer: CustomerScorer,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async rescore(customerIds: readonly string[], trigger: ScoreV1['trigger']): Promise<RescoreResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      const states = await this.history.lockCustomers(manager, customerIds, 'share');
      const params = await this.parameters.active(manager);
      const scores = await this.scorer.scoreWithin(manager, { customers: [...states.values()], params, trigger, now: this.clock.now() });
      return { rescored: scores.length, unknown: [...new Set(customerIds)].filter((id) => !states.has(id)) };
    });
    this.relay.notify();
    return result;
  }
}
