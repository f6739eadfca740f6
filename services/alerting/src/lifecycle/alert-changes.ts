import type { AlertV1 } from '@churn/contracts';
import { alertEvent } from './alert-event';
import type { AlertRow, HistoryEntry } from './alert-row';

/**
 * The changes one transaction makes to alerts: rows to save (existing ones first, then new ones,
 * so that resolving an alert and opening its successor never trips the one-unresolved index),
 * their history, and the alerts.v1 events to publish and deliver.
 */
export class AlertChanges {
  private readonly existing = new Map<string, AlertRow>();
  private readonly created = new Map<string, AlertRow>();
  readonly history: HistoryEntry[] = [];
  readonly events: AlertV1[] = [];

  constructor(readonly now: Date) {}

  get rows(): AlertRow[] {
    return [...this.existing.values(), ...this.created.values()];
  }

  /** A new alert. */
  opened(row: AlertRow, detail: Record<string, unknown> = {}): void {
    this.created.set(row.alertId, row);
    this.step(row, 'opened', 'system', detail);
  }

  /** An existing (or earlier created) alert changed; `type` publishes an event and adds history. */
  changed(row: AlertRow, type?: AlertV1['type'], actor = 'system', detail: Record<string, unknown> = {}): void {
    if (this.created.has(row.alertId)) this.created.set(row.alertId, row);
    else this.existing.set(row.alertId, row);
    if (type) this.step(row, type, actor, detail);
  }

  private step(row: AlertRow, type: AlertV1['type'], actor: string, detail: Record<string, unknown>): void {
    this.history.push({ alertId: row.alertId, type, at: this.now.toISOString(), actor, level: row.level, probability: row.probability, detail });
    this.events.push(alertEvent(row, type, this.now, actor === 'system' ? undefined : actor));
  }
}
