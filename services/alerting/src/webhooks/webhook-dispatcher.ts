import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER } from '@churn/observability';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../tokens';
import { DeliveryStore, type QueuedDelivery } from './delivery.store';
import { SubscriptionWorker, type WorkerDeps } from './subscription-worker';
import { SubscriptionStore } from './subscription.store';

/**
 * Runs one SubscriptionWorker per active subscription. The set is re-read on every change made
 * here and every WEBHOOK_POLL_INTERVAL_MS (changes made through another instance).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers = new Map<string, SubscriptionWorker>();
  private readonly deps: WorkerDeps;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionStore,
    deliveries: DeliveryStore,
    @Inject(ALERTING_CONFIG) config: AlertingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    const outcomes = new Counter({ name: 'alerting_webhook_attempts_total', help: 'Webhook delivery attempts by outcome (delivered, failed, parked)', labelNames: ['outcome'], registers: [registry] });
    this.deps = {
      dataSource,
      deliveries,
      logger,
      outcomes,
      options: {
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
        backoff: { baseMs: config.WEBHOOK_BACKOFF_BASE_MS, maxMs: config.WEBHOOK_BACKOFF_MAX_MS },
        concurrency: config.WEBHOOK_CONCURRENCY,
        pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
      },
    };
  }

  onApplicationBootstrap(): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.deps.options.pollIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.refreshing;
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    this.workers.clear();
  }

  /** Deliveries a transaction of this instance queued and leased to it (after the commit). */
  handOver(deliveries: readonly QueuedDelivery[], leasedUntil: number): void {
    const bySubscription = new Map<string, QueuedDelivery[]>();
    for (const delivery of deliveries) bySubscription.set(delivery.subscriptionId, [...(bySubscription.get(delivery.subscriptionId) ?? []), delivery]);
    const unknown: [string, QueuedDelivery[]][] = [];
    for (const [id, list] of bySubscription) {
      const worker = this.workers.get(id);
      if (worker) worker.accept(list, leasedUntil);
      else unknown.push([id, list]);
    }
    // A subscription created through another instance moments ago: start its worker, then hand over.
    if (unknown.length > 0) void this.refresh().then(() => unknown.forEach(([id, list]) => this.workers.get(id)?.accept(list, leasedUntil)));
  }

  /** Deliveries deleted from the queue (an erasure): no worker of this instance may still send them from memory. */
  forget(deliveryIds: readonly string[]): void {
    if (deliveryIds.length === 0) return;
    const ids = new Set(deliveryIds);
    for (const worker of this.workers.values()) worker.forget(ids);
  }

  /** Rows became due in these subscriptions' queues (a re-drive). */
  recheck(subscriptionIds: Iterable<string>): void {
    for (const id of subscriptionIds) this.workers.get(id)?.recheckQueue();
  }

  /** Re-reads the active subscriptions: starts, retargets and stops workers. Serialized. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.refreshNow()).catch((error: unknown) => this.logger.warn({ err: error }, 'webhook subscriptions refresh failed'));
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    if (this.stopped) return;
    const targets = await this.subscriptions.activeTargets(this.dataSource.manager);
    const active = new Set(targets.map((t) => t.subscriptionId));
    for (const target of targets) {
      const worker = this.workers.get(target.subscriptionId);
      if (worker) worker.retarget(target);
      else {
        const started = new SubscriptionWorker(target, this.deps);
        this.workers.set(target.subscriptionId, started);
        started.start();
      }
    }
    for (const [id, worker] of this.workers) {
      if (active.has(id)) continue;
      this.workers.delete(id);
      await worker.stop();
    }
  }
}
