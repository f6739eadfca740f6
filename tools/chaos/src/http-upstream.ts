export interface HttpDelivery {
  readonly eventId: string;
  readonly status: number;
}

/**
 * An upstream system posting purchases to ingestion over HTTP, one a tick, for its own customers:
 * what ingestion answered 202 must be kept; a 503 (broker down) is retried later, as the
 * Retry-After header asks.
 */
export class HttpUpstream {
  readonly deliveries: HttpDelivery[] = [];
  private readonly bodies = new Map<string, object>();
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;

  constructor(
    private readonly ingestionUrl: string,
    readonly customerPrefix: string,
    private readonly occurredAt: string,
  ) {}

  start(intervalMs = 200): void {
    this.timer = setInterval(() => void this.post(this.next()), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Posts again every event not answered 202 until each is, as an upstream with retries does. */
  async retryUnaccepted(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let missing = this.unaccepted(); missing.length > 0; missing = this.unaccepted()) {
      if (Date.now() > deadline) throw new Error(`${missing.length} events still not accepted over HTTP`);
      for (const eventId of missing) await this.post(eventId);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  accepted(): string[] {
    return [...new Set(this.deliveries.filter((d) => d.status === 202).map((d) => d.eventId))];
  }

  private unaccepted(): string[] {
    const accepted = new Set(this.accepted());
    return [...this.bodies.keys()].filter((id) => !accepted.has(id));
  }

  private next(): string {
    const n = this.sent++;
    const eventId = `${this.customerPrefix}e${n}`;
    this.bodies.set(eventId, {
      eventId,
      type: 'purchase',
      customerId: `${this.customerPrefix}c${n % 20}`,
      orderId: `${this.customerPrefix}o${n}`,
      occurredAt: this.occurredAt,
      amount: '12.50',
      currency: 'USD',
      channel: 'online',
    });
    return eventId;
  }

  private async post(eventId: string): Promise<void> {
    const status = await fetch(`${this.ingestionUrl}/v1/events/purchases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.bodies.get(eventId)),
      signal: AbortSignal.timeout(30_000),
    }).then(
      (r) => r.status,
      () => 0,
    );
    this.deliveries.push({ eventId, status });
  }
}
