import { Inject, Injectable } from '@nestjs/common';
import { type AlertV1, Topics } from '@churn/contracts';
import type { OutgoingRecord } from '@churn/messaging';
import { OutboxRelay, OutboxWriter } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../tokens';
import { DeliveryStore, type QueuedDelivery } from '../webhooks/delivery.store';
import { deliveryLeaseMs } from '../webhooks/subscription-worker';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import type { AlertChanges } from './alert-changes';
import { AlertStore } from './alert.store';

/** What a committed transaction hands to the webhook workers. */
export interface FreshDeliveries {
  deliveries: QueuedDelivery[];
  /** Until when (ms) the rows are leased to this instance; measured from before the transaction, so never later than the database's. */
  leasedUntil: number;
}

/**
 * Writes an AlertChanges inside the caller's transaction: the rows, their history, the alerts.v1
 * events into the outbox and the webhook deliveries into their queue. So an alert, its event and
 * its deliveries exist together or not at all. `afterCommit` then wakes the relay and hands the
 * deliveries to the workers.
 */
@Injectable()
export class AlertWriter {
  constructor(
    private readonly alerts: AlertStore,
    private readonly outbox: OutboxWriter,
    private readonly deliveries: DeliveryStore,
    private readonly relay: OutboxRelay,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  async write(manager: EntityManager, changes: AlertChanges, alsoPublish: readonly OutgoingRecord[] = []): Promise<FreshDeliveries> {
    await this.alerts.saveAlerts(manager, changes.rows);
    await this.alerts.appendHistory(manager, changes.history);
    await this.outbox.append(manager, [...changes.events.map(toRecord), ...alsoPublish]);
    const leaseMs = deliveryLeaseMs(this.config.WEBHOOK_TIMEOUT_MS);
    return { deliveries: await this.deliveries.enqueue(manager, changes.events, leaseMs), leasedUntil: changes.now.getTime() + leaseMs };
  }

  afterCommit(fresh: FreshDeliveries): void {
    this.relay.notify();
    this.dispatcher.handOver(fresh.deliveries, fresh.leasedUntil);
  }
}

function toRecord(event: AlertV1): OutgoingRecord {
  return { topic: Topics.alerts, key: event.customerId, value: event, headers: { eventId: event.eventId } };
}
