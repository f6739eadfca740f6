import { randomUUID } from 'node:crypto';
import type { AlertV1 } from '@churn/contracts';
import type { AlertRow } from './alert-row';

/** The alerts.v1 event for a lifecycle step of an alert, carrying the alert as it stands after it. */
export function alertEvent(row: AlertRow, type: AlertV1['type'], now: Date, actor?: string): AlertV1 {
  return {
    eventId: randomUUID(),
    alertId: row.alertId,
    customerId: row.customerId,
    type,
    occurredAt: now.toISOString(),
    source: 'alerting',
    reason: row.reason,
    level: row.level,
    priority: row.priority,
    valueTier: row.tier,
    queue: row.queue,
    probability: row.probability,
    drivers: row.drivers,
    signals: row.signals,
    suggestedAction: row.suggestedAction,
    suggestedActionId: row.actionId,
    controlGroup: row.controlGroup,
    ...(row.heldBackBy ? { heldBackBy: row.heldBackBy } : {}),
    ruleVersion: row.ruleVersion,
    ...(row.modelVersion ? { modelVersion: row.modelVersion } : {}),
    ...(actor ? { actor } : {}),
    ...(type === 'resolved' && row.resolutionCause && row.resolvedBy
      ? { resolution: { cause: row.resolutionCause, by: row.resolvedBy, ...(row.outcome ? { outcome: row.outcome } : {}) } }
      : {}),
  };
}
