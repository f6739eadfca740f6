import { Injectable } from '@nestjs/common';
import { Clock } from '@churn/config';
import { type AlertOutcomeRecord, MS_PER_DAY, type OutcomeReport, outcomeReport } from '@churn/domain';
import { schemaOf } from '@churn/persistence';
import { DataSource } from 'typeorm';
import { ActiveRules } from '../rules/active-rules';

export interface OutcomeReportView extends OutcomeReport {
  windowDays: number;
  /** Only alerts opened at least windowDays ago (their outcome is final). */
  matured: boolean;
  asOf: string;
}

/**
 * The closed loop: per alert, did the customer buy within the outcome window after it opened?
 * Counted in SQL per (reason, action, control group, retained); the shares and the uplift are the
 * domain's.
 */
@Injectable()
export class OutcomeQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: ActiveRules,
    private readonly clock: Clock,
  ) {}

  async report(matured: boolean): Promise<OutcomeReportView> {
    const now = this.clock.now();
    const windowDays = this.rules.current.outcomeWindowDays;
    const schema = schemaOf(this.dataSource);
    const rows: { reason: string; action_id: string; control_group: boolean; retained: boolean; alerts: number }[] = await this.dataSource.query(
      `SELECT a.reason, a.action_id, a.control_group,
              EXISTS (SELECT 1 FROM "${schema}".alert_purchases p WHERE p.alert_id = a.alert_id) AS retained, count(*)::int AS alerts
       FROM "${schema}".alerts a
       WHERE NOT $1::boolean OR a.opened_at <= $2
       GROUP BY 1, 2, 3, 4`,
      [matured, new Date(now.getTime() - windowDays * MS_PER_DAY).toISOString()],
    );
    const records: AlertOutcomeRecord[] = rows.map((r) => ({ reason: r.reason, actionId: r.action_id, controlGroup: r.control_group, retained: r.retained, alerts: r.alerts }));
    return { windowDays, matured, asOf: now.toISOString(), ...outcomeReport(records) };
  }
}
