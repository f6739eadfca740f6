import { Inject, Injectable } from '@nestjs/common';
import { PurchaseV1, Topics } from '@churn/contracts';
import { Clock } from '@churn/config';
import { MS_PER_DAY } from '@churn/domain';
import type { ConsumedRecord } from '@churn/messaging';
import { recordNewEvents, schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertingConfig } from '../config';
import { AlertChanges } from '../lifecycle/alert-changes';
import type { AlertRow } from '../lifecycle/alert-row';
import { AlertStore } from '../lifecycle/alert.store';
import { AlertWriter } from '../lifecycle/alert-writer';
import { ActiveRules } from '../rules/active-rules';
import { ALERTING_CONFIG } from '../tokens';
import { deadLetterOf, processedIdOf, recordParser } from './consumed-record';

const parsePurchase = recordParser(PurchaseV1);

interface AlertPurchase {
  alertId: string;
  eventId: string;
  occurredAt: string;
  amountMinor: number;
  currency: string;
}

/**
 * purchases.v1 closes the loop, effectively-once like predictions: a purchase at or after an
 * alert opened and within the outcome window is recorded against the alert (the retained share
 * of the outcome report), and resolves every unresolved alert of the customer (cause purchase,
 * outcome retained) when the rules say so. Refunds are recorded as processed and ignored.
 */
@Injectable()
export class PurchaseApplier {
  private readonly consumer: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertStore,
    private readonly writer: AlertWriter,
    private readonly rules: ActiveRules,
    private readonly clock: Clock,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {
    this.consumer = `${config.CONSUMER_GROUP}:${Topics.purchases}`;
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map(parsePurchase);
    const now = this.clock.now();
    const rules = this.rules.current;
    const windowMs = rules.outcomeWindowDays * MS_PER_DAY;
    const queued = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.consumer, parsed.map(processedIdOf));
      const purchases = parsed.flatMap((p) => (p.ok && fresh.has(p.event.eventId) && p.event.type === 'purchase' ? [p.event] : []));
      const customerIds = [...new Set(purchases.map((p) => p.customerId))].sort();
      const earliest = purchases.reduce((min, p) => Math.min(min, Date.parse(p.occurredAt)), now.getTime());
      const candidates = await this.alerts.lockOpenedSince(manager, customerIds, new Date(earliest - windowMs));
      const changes = new AlertChanges(now);
      const recorded: AlertPurchase[] = [];
      const byId = new Map(candidates.map((row) => [row.alertId, row]));
      for (const purchase of purchases) {
        const at = Date.parse(purchase.occurredAt);
        for (const alert of byId.values()) {
          if (alert.customerId !== purchase.customerId) continue;
          const openedAt = Date.parse(alert.openedAt);
          if (at < openedAt || at > openedAt + windowMs) continue;
          recorded.push({ alertId: alert.alertId, eventId: purchase.eventId, occurredAt: purchase.occurredAt, amountMinor: purchase.amountMinor, currency: purchase.currency });
          if (rules.autoResolve.onPurchase && alert.status !== 'resolved') {
            const iso = now.toISOString();
            const resolved: AlertRow = { ...alert, status: 'resolved', updatedAt: iso, resolvedAt: iso, resolvedBy: 'system', resolutionCause: 'purchase', outcome: 'retained' };
            byId.set(alert.alertId, resolved);
            changes.changed(resolved, 'resolved', 'system', { cause: 'purchase', purchaseEventId: purchase.eventId });
          }
        }
      }
      await this.recordPurchases(manager, recorded);
      const deadLetters = parsed.flatMap((p) => (!p.ok && fresh.has(processedIdOf(p)) ? [deadLetterOf(p, this.config.CONSUMER_GROUP, now)] : []));
      return this.writer.write(manager, changes, deadLetters);
    });
    this.writer.afterCommit(queued);
  }

  private async recordPurchases(manager: EntityManager, rows: readonly AlertPurchase[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO "${schemaOf(manager.connection)}".alert_purchases (alert_id, event_id, occurred_at, amount_minor, currency)
       SELECT alert_id, event_id, occurred_at, amount_minor, currency FROM jsonb_to_recordset($1::jsonb)
         AS r(alert_id text, event_id text, occurred_at timestamptz, amount_minor bigint, currency text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows.map((r) => ({ alert_id: r.alertId, event_id: r.eventId, occurred_at: r.occurredAt, amount_minor: r.amountMinor, currency: r.currency })))],
    );
  }
}
