import { retryDelayMs } from '@churn/domain';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AttemptRecord, ClaimedDelivery, DeliveryStore } from './delivery.store';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import type { SubscriptionTarget } from './subscription.store';

export interface WorkerOptions {
  timeoutMs: number;
  maxAttempts: number;
  backoff: { baseMs: number; maxMs: number };
  concurrency: number;
  pollIntervalMs: number;
}

/**
 * How long a delivery is reserved for the worker that holds it: longer than any request, with room
 * for a backlog of handed-over deliveries; also the longest a crash delays a delivery.
 */
export const deliveryLeaseMs = (timeoutMs: number): number => timeoutMs + 30_000;

export interface WorkerDeps {
  dataSource: DataSource;
  deliveries: DeliveryStore;
  options: WorkerOptions;
  logger: Logger;
  outcomes: Counter<'outcome'>;
}

type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * Delivers one subscription's queue: up to `concurrency` requests in flight, each bounded by a
 * timeout. Every subscription has its own worker, so a slow or dead endpoint only ever holds up
 * its own deliveries, never another subscriber's or the topic consumer (which only queues rows).
 */
export class SubscriptionWorker {
  private readonly inFlight = new Set<Promise<void>>();
  /** Finished attempts not yet written: recorded in bulk, one statement per loop turn. */
  private finished: AttemptRecord[] = [];
  private readonly handed: { delivery: ClaimedDelivery; leasedUntil: number }[] = [];
  /** When to look for due rows in the table next (0: at once). */
  private queueCheckAt = 0;
  private readonly stopping = new AbortController();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private running: Promise<void> | undefined;

  constructor(
    private target: SubscriptionTarget,
    private readonly deps: WorkerDeps,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** The URL or secret changed: later attempts use the new ones. */
  retarget(target: SubscriptionTarget): void {
    this.target = target;
  }

  /**
   * Deliveries queued by a transaction of this instance, already leased to it until `leasedUntil`
   * (ms): sent straight from memory, with no claim query. If this process dies first, the lease
   * ends and any worker claims them from the table.
   */
  accept(deliveries: readonly ClaimedDelivery[], leasedUntil: number): void {
    for (const delivery of deliveries) this.handed.push({ delivery, leasedUntil });
    this.wake();
  }

  /**
   * Deliveries deleted from the table (an erasure): those handed over but not yet sent are dropped,
   * so they are never sent from memory. A request already in flight cannot be recalled.
   */
  forget(deliveryIds: ReadonlySet<string>): void {
    for (let i = this.handed.length - 1; i >= 0; i--) if (deliveryIds.has(this.handed[i]!.delivery.deliveryId)) this.handed.splice(i, 1);
  }

  /** Rows became due in the table (a re-drive, another instance's writes): look now. */
  recheckQueue(): void {
    this.queueCheckAt = 0;
    this.wake();
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Aborts requests in flight (their deliveries are retried after the lease) and waits for the loop. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeUp?.();
    await this.running;
    await Promise.allSettled([...this.inFlight]);
    await this.flush().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not record the last webhook attempts; their leases bring them back'));
  }

  private async flush(): Promise<void> {
    if (this.finished.length === 0) return;
    const batch = this.finished;
    this.finished = [];
    try {
      await this.deps.deliveries.recordAttempts(this.deps.dataSource.manager, batch);
    } catch (error) {
      this.finished.push(...batch);
      throw error;
    }
    for (const attempt of batch) this.deps.outcomes.inc({ outcome: attempt.status === 'pending' ? 'failed' : attempt.status });
  }

  private async loop(): Promise<void> {
    const { options } = this.deps;
    while (!this.stopping.signal.aborted) {
      this.woken = false;
      let free = options.concurrency - this.inFlight.size;
      try {
        // Send first, then record what finished: the bulk write overlaps the requests in flight.
        free = this.sendHanded(free);
        if (free > 0 && Date.now() >= this.queueCheckAt) free = await this.sendFromQueue(free);
        await this.flush();
      } catch (error) {
        this.queueCheckAt = Date.now() + options.pollIntervalMs;
        this.deps.logger.warn({ err: error, subscriptionId: this.target.subscriptionId }, 'webhook queue read or write failed; will retry');
      }
      // Sleep until a request finishes (a slot frees), work is handed over, or the queue is due a look.
      const waitMs = this.handed.length > 0 || free === 0 ? options.pollIntervalMs : Math.min(options.pollIntervalMs, Math.max(0, this.queueCheckAt - Date.now()));
      if (!this.woken) await this.pause(waitMs);
    }
  }

  /** Sends handed-over deliveries while slots are free; one whose lease may end mid-request is left to the queue. */
  private sendHanded(free: number): number {
    let slots = free;
    while (slots > 0 && this.handed.length > 0) {
      const { delivery, leasedUntil } = this.handed.shift()!;
      if (Date.now() + this.deps.options.timeoutMs >= leasedUntil) continue;
      this.track(this.deliver(delivery));
      slots--;
    }
    return slots;
  }

  /** Claims due rows (retries, re-drives, leases ended by a crash) and sends them; schedules the next look. */
  private async sendFromQueue(free: number): Promise<number> {
    const { dataSource, deliveries, options } = this.deps;
    const claimed = await deliveries.claimDue(dataSource.manager, this.target.subscriptionId, free, deliveryLeaseMs(options.timeoutMs));
    for (const delivery of claimed) this.track(this.deliver(delivery));
    if (claimed.length === free) {
      this.queueCheckAt = 0; // there may be more due
    } else {
      const dueInMs = (await deliveries.nextDueInMs(dataSource.manager, this.target.subscriptionId)) ?? options.pollIntervalMs;
      // At least 10 ms: a due row another instance is claiming right now must not make this spin.
      this.queueCheckAt = Date.now() + Math.max(10, Math.min(options.pollIntervalMs, dueInMs));
    }
    return free - claimed.length;
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.finally(() => {
      this.inFlight.delete(tracked);
      // Turn the loop once half the slots are free, not per response: each turn costs a bulk write
      // (and maybe a claim), and under load this makes them cover many deliveries at once.
      if (this.inFlight.size <= this.deps.options.concurrency / 2) this.wake();
    });
    this.inFlight.add(tracked);
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const result = await this.attempt(delivery);
    const { options } = this.deps;
    if (result.ok) {
      this.finished.push({ deliveryId: delivery.deliveryId, status: 'delivered', httpStatus: result.status, error: null, retryInMs: 0 });
      return;
    }
    if (this.stopping.signal.aborted) return; // not the endpoint's fault: the lease brings it back
    const failures = delivery.attempts + 1;
    const park = failures >= options.maxAttempts;
    this.finished.push({
      deliveryId: delivery.deliveryId,
      status: park ? 'parked' : 'pending',
      httpStatus: result.status,
      error: park ? `parked after ${failures} failed attempts; last: ${result.error}` : result.error,
      retryInMs: park ? 0 : retryDelayMs(failures, options.backoff),
    });
  }

  private async attempt(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { timeoutMs } = this.deps.options;
    // One controller per request, aborted by the timeout or by shutdown (cheaper than AbortSignal.any).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const onStop = (): void => controller.abort();
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    try {
      const response = await fetch(this.target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'churn-alerting-webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(this.target.secret, Math.floor(Date.now() / 1000), delivery.body),
          'x-churn-delivery': delivery.deliveryId,
          'x-churn-event-id': delivery.eventId,
          'x-churn-event-type': delivery.eventType,
        },
        body: delivery.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      // Drain the body so the connection can be reused; its content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      return response.status >= 200 && response.status < 300 ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError') return { ok: false, status: null, error: `no response within ${timeoutMs} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { ok: false, status: null, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
    } finally {
      clearTimeout(timer);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }
}
