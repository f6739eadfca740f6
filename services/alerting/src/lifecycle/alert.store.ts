import { Injectable } from '@nestjs/common';
import type { ChurnPredictionV1, RiskLevel } from '@churn/contracts';
import { schemaOf } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { ALERT_COLUMNS, type AlertRow, type HistoryEntry, alertFromDb } from './alert-row';

export interface CustomerState {
  customerId: string;
  lastLevel: RiskLevel;
  lastAsOf: string;
  lastPrediction: ChurnPredictionV1;
}

export interface ListFilter {
  level?: string;
  queue?: string;
  status?: string;
  customerId?: string;
  reason?: string;
  /** Keyset cursor: strictly older than this (openedAt, alertId). */
  before?: { openedAt: string; alertId: string };
  limit: number;
}

/** SQL over the lifecycle tables. Bulk statements (unnest / jsonb_to_recordset): one round trip per batch. */
@Injectable()
export class AlertStore {
  /** Unresolved alerts of these customers, locked for the rest of the transaction (in id order: no deadlocks). */
  async lockUnresolved(manager: EntityManager, customerIds: readonly string[]): Promise<AlertRow[]> {
    if (customerIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${ALERT_COLUMNS} FROM "${schemaOf(manager.connection)}".alerts
       WHERE customer_id = ANY($1::text[]) AND status <> 'resolved' ORDER BY alert_id FOR UPDATE`,
      [customerIds],
    );
    return rows.map(alertFromDb);
  }

  /** Alerts of these customers opened since `since` (any status), locked: the closed loop's candidates. */
  async lockOpenedSince(manager: EntityManager, customerIds: readonly string[], since: Date): Promise<AlertRow[]> {
    if (customerIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${ALERT_COLUMNS} FROM "${schemaOf(manager.connection)}".alerts
       WHERE customer_id = ANY($1::text[]) AND (status <> 'resolved' OR opened_at >= $2) ORDER BY alert_id FOR UPDATE`,
      [customerIds, since.toISOString()],
    );
    return rows.map(alertFromDb);
  }

  async lockStates(manager: EntityManager, customerIds: readonly string[]): Promise<Map<string, CustomerState>> {
    if (customerIds.length === 0) return new Map();
    const rows: { customer_id: string; last_level: RiskLevel; last_as_of: Date; last_prediction: ChurnPredictionV1 }[] = await manager.query(
      `SELECT customer_id, last_level, last_as_of, last_prediction FROM "${schemaOf(manager.connection)}".customer_state
       WHERE customer_id = ANY($1::text[]) ORDER BY customer_id FOR UPDATE`,
      [[...customerIds].sort()],
    );
    return new Map(rows.map((r) => [r.customer_id, { customerId: r.customer_id, lastLevel: r.last_level, lastAsOf: r.last_as_of.toISOString(), lastPrediction: r.last_prediction }]));
  }

  async saveStates(manager: EntityManager, states: readonly CustomerState[], now: Date): Promise<void> {
    if (states.length === 0) return;
    await manager.query(
      `INSERT INTO "${schemaOf(manager.connection)}".customer_state (customer_id, last_level, last_as_of, last_prediction, updated_at)
       SELECT customer_id, last_level, last_as_of, last_prediction, $2 FROM jsonb_to_recordset($1::jsonb)
         AS r(customer_id text, last_level text, last_as_of timestamptz, last_prediction jsonb)
       ON CONFLICT (customer_id) DO UPDATE SET last_level = excluded.last_level, last_as_of = excluded.last_as_of,
         last_prediction = excluded.last_prediction, updated_at = excluded.updated_at`,
      [JSON.stringify(states.map((s) => ({ customer_id: s.customerId, last_level: s.lastLevel, last_as_of: s.lastAsOf, last_prediction: s.lastPrediction }))), now.toISOString()],
    );
  }

  /** When each customer's alerts that reached a channel opened, within the window (contact fatigue). */
  async channelReachTimes(manager: EntityManager, customerIds: readonly string[], since: Date): Promise<Map<string, number[]>> {
    const times = new Map<string, number[]>();
    if (customerIds.length === 0) return times;
    const rows: { customer_id: string; opened_at: Date }[] = await manager.query(
      `SELECT customer_id, opened_at FROM "${schemaOf(manager.connection)}".alerts
       WHERE customer_id = ANY($1::text[]) AND held_back_by IS NULL AND opened_at > $2`,
      [customerIds, since.toISOString()],
    );
    for (const row of rows) times.set(row.customer_id, [...(times.get(row.customer_id) ?? []), row.opened_at.getTime()]);
    return times;
  }

  /** Inserts new alerts and updates changed ones, in the given order. */
  async saveAlerts(manager: EntityManager, rows: readonly AlertRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      // jsonb_populate_record takes the column types from the table; ORDER BY n keeps the caller's order.
      // In FROM (LATERAL), not as `(jsonb_populate_record(...)).*` in the select list: Postgres
      // expands that into one call per column, about twenty per alert (4x the time, measured).
      `INSERT INTO "${schemaOf(manager.connection)}".alerts
       SELECT r.* FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, n)
       CROSS JOIN LATERAL jsonb_populate_record(NULL::"${schemaOf(manager.connection)}".alerts, e.doc) AS r
       ORDER BY e.n
       ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, level = excluded.level, priority = excluded.priority,
         tier = excluded.tier, queue = excluded.queue, probability = excluded.probability, drivers = excluded.drivers, signals = excluded.signals,
         suggested_action = excluded.suggested_action, action_id = excluded.action_id, model_version = excluded.model_version,
         updated_at = excluded.updated_at, acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
         resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by, resolution_cause = excluded.resolution_cause,
         outcome = excluded.outcome`,
      [JSON.stringify(rows.map(toDb))],
    );
  }

  async appendHistory(manager: EntityManager, entries: readonly HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO "${schemaOf(manager.connection)}".alert_history (alert_id, type, at, actor, level, probability, detail)
       SELECT alert_id, type, at, actor, level, probability, detail FROM ROWS FROM
         (jsonb_to_recordset($1::jsonb) AS (alert_id text, type text, at timestamptz, actor text, level text, probability double precision, detail jsonb))
         WITH ORDINALITY AS r(alert_id, type, at, actor, level, probability, detail, n)
       ORDER BY n`,
      [JSON.stringify(entries.map((e) => ({ alert_id: e.alertId, type: e.type, at: e.at, actor: e.actor, level: e.level, probability: e.probability, detail: e.detail })))],
    );
  }

  async find(manager: EntityManager, alertId: string, lock = false): Promise<AlertRow | undefined> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${ALERT_COLUMNS} FROM "${schemaOf(manager.connection)}".alerts WHERE alert_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [alertId],
    );
    return rows[0] && alertFromDb(rows[0]);
  }

  async history(manager: EntityManager, alertId: string): Promise<HistoryEntry[]> {
    const rows: (Omit<HistoryEntry, 'at'> & { at: Date })[] = await manager.query(
      `SELECT alert_id AS "alertId", type, at, actor, level, probability, detail FROM "${schemaOf(manager.connection)}".alert_history
       WHERE alert_id = $1 ORDER BY id`,
      [alertId],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  /** Newest first, keyset-paginated on (opened_at, alert_id). */
  async list(manager: EntityManager, filter: ListFilter): Promise<AlertRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.level) add((p) => `level = ${p}`, filter.level);
    if (filter.queue) add((p) => `queue = ${p}`, filter.queue);
    if (filter.status) add((p) => `status = ${p}`, filter.status);
    if (filter.customerId) add((p) => `customer_id = ${p}`, filter.customerId);
    if (filter.reason) add((p) => `reason = ${p}`, filter.reason);
    if (filter.before) {
      params.push(filter.before.openedAt, filter.before.alertId);
      where.push(`(opened_at, alert_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(filter.limit);
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${ALERT_COLUMNS} FROM "${schemaOf(manager.connection)}".alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY opened_at DESC, alert_id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(alertFromDb);
  }

  /** Latest predictions (one per customer, newest first): the default input of a dry run. */
  async recentPredictions(manager: EntityManager, limit: number): Promise<ChurnPredictionV1[]> {
    const rows: { last_prediction: ChurnPredictionV1 }[] = await manager.query(
      `SELECT last_prediction FROM "${schemaOf(manager.connection)}".customer_state ORDER BY updated_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.last_prediction);
  }
}

function toDb(row: AlertRow): Record<string, unknown> {
  return {
    alert_id: row.alertId,
    customer_id: row.customerId,
    reason: row.reason,
    status: row.status,
    level: row.level,
    priority: row.priority,
    tier: row.tier,
    queue: row.queue,
    probability: row.probability,
    drivers: row.drivers,
    signals: row.signals,
    suggested_action: row.suggestedAction,
    action_id: row.actionId,
    control_group: row.controlGroup,
    held_back_by: row.heldBackBy,
    rule_version: row.ruleVersion,
    model_version: row.modelVersion,
    opened_at: row.openedAt,
    updated_at: row.updatedAt,
    acknowledged_at: row.acknowledgedAt,
    acknowledged_by: row.acknowledgedBy,
    resolved_at: row.resolvedAt,
    resolved_by: row.resolvedBy,
    resolution_cause: row.resolutionCause,
    outcome: row.outcome,
  };
}
