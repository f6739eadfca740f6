import { Injectable } from '@nestjs/common';
import { Clock } from '@churn/config';
import { type AlertCommand, transition } from '@churn/domain';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import { AlertChanges } from './alert-changes';
import type { AlertOutcome, AlertRow } from './alert-row';
import { AlertStore } from './alert.store';
import { AlertWriter } from './alert-writer';

/** Operator commands on one alert: acknowledge, resolve (with outcome), each with its event and history. */
@Injectable()
export class AlertCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertStore,
    private readonly writer: AlertWriter,
    private readonly clock: Clock,
  ) {}

  acknowledge(alertId: string, by: string): Promise<AlertRow> {
    return this.run(alertId, 'acknowledge', by, (row, now) => ({ ...row, status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: by, updatedAt: now }));
  }

  resolve(alertId: string, by: string, outcome: AlertOutcome): Promise<AlertRow> {
    return this.run(alertId, 'resolve', by, (row, now) => ({ ...row, status: 'resolved', resolvedAt: now, resolvedBy: by, resolutionCause: 'manual', outcome, updatedAt: now }));
  }

  private async run(alertId: string, command: AlertCommand, by: string, apply: (row: AlertRow, now: string) => AlertRow): Promise<AlertRow> {
    const now = this.clock.now();
    const { row, queued } = await this.dataSource.transaction(async (manager) => {
      const current = await this.alerts.find(manager, alertId, true);
      if (!current) throw new ProblemException(problem(404, 'no such alert'));
      const step = transition(current.status, command);
      if (!step.ok) throw new ProblemException(problem(409, step.reason, { alertStatus: current.status }));
      const next = apply(current, now.toISOString());
      const changes = new AlertChanges(now);
      changes.changed(next, command === 'acknowledge' ? 'acknowledged' : 'resolved', by, next.outcome ? { outcome: next.outcome } : {});
      return { row: next, queued: await this.writer.write(manager, changes) };
    });
    this.writer.afterCommit(queued);
    return row;
  }
}
