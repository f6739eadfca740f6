import type { AlertQueue, AlertReason, AlertV1, ChurnDriverV1, ChurnPredictionV1, RiskLevel, WarningSignal } from '@churn/contracts';
import type { AlertStatus } from '@churn/domain';

export type HeldBackBy = NonNullable<AlertV1['heldBackBy']>;
export type ResolutionCause = NonNullable<AlertV1['resolution']>['cause'];
export type AlertOutcome = NonNullable<NonNullable<AlertV1['resolution']>['outcome']>;

/** One alert as stored (instants as ISO strings). */
export interface AlertRow {
  alertId: string;
  customerId: string;
  reason: AlertReason;
  status: AlertStatus;
  level: RiskLevel;
  priority: number;
  tier: ChurnPredictionV1['tier'];
  queue: AlertQueue;
  probability: number | null;
  drivers: ChurnDriverV1[];
  signals: WarningSignal[];
  suggestedAction: string;
  actionId: string;
  controlGroup: boolean;
  heldBackBy: HeldBackBy | null;
  ruleVersion: string;
  modelVersion: string | null;
  openedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionCause: ResolutionCause | null;
  outcome: AlertOutcome | null;
}

export interface HistoryEntry {
  alertId: string;
  type: AlertV1['type'];
  at: string;
  actor: string;
  level: RiskLevel;
  probability: number | null;
  detail: Record<string, unknown>;
}

/** SELECT list mapping the columns to AlertRow fields. */
export const ALERT_COLUMNS = `alert_id AS "alertId", customer_id AS "customerId", reason, status, level, priority, tier, queue, probability,
  drivers, signals, suggested_action AS "suggestedAction", action_id AS "actionId", control_group AS "controlGroup", held_back_by AS "heldBackBy",
  rule_version AS "ruleVersion", model_version AS "modelVersion", opened_at AS "openedAt", updated_at AS "updatedAt",
  acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy", resolved_at AS "resolvedAt", resolved_by AS "resolvedBy",
  resolution_cause AS "resolutionCause", outcome`;

const INSTANTS = ['openedAt', 'updatedAt', 'acknowledgedAt', 'resolvedAt'] as const;

/** pg returns timestamptz as Date: turn them into ISO strings like every other instant of the platform. */
export function alertFromDb(row: Record<string, unknown>): AlertRow {
  const out = { ...row } as Record<string, unknown>;
  for (const key of INSTANTS) out[key] = row[key] instanceof Date ? (row[key] as Date).toISOString() : row[key];
  return out as unknown as AlertRow;
}
