/**
 * Latency of one pipeline stage per purchase: the k-th purchase a customer sent is through the
 * stage once the stage's output for that customer counts at least k purchases (scores carry
 * purchaseCount). Either side may be seen first (the bench reads several topics and Redis at once),
 * so both are kept until they meet.
 */
export class StageLatency {
  readonly samples: Array<{ at: number; ms: number }> = [];
  private readonly sent = new Map<string, number[]>();
  private readonly reached = new Map<string, number[]>();

  constructor(readonly name: string) {}

  /** The customer's k-th purchase (1-based) was produced at `time`. */
  onSent(customer: string, k: number, time: number): void {
    const sent = this.sent.get(customer) ?? this.sent.set(customer, []).get(customer)!;
    sent[k - 1] = time;
    const reachedAt = this.reached.get(customer)?.[k - 1];
    if (reachedAt !== undefined) this.record(reachedAt, time);
  }

  /**
   * The stage's output for the customer now counts `count` purchases, seen at `time`; `timed`
   * false when the moment is unknown (found by reconciliation), which completes without a sample.
   */
  onReached(customer: string, count: number, time: number, timed = true): void {
    const reached = this.reached.get(customer) ?? this.reached.set(customer, []).get(customer)!;
    const sent = this.sent.get(customer);
    for (let k = reached.length + 1; k <= count; k += 1) {
      reached[k - 1] = time;
      const sentAt = sent?.[k - 1];
      if (sentAt !== undefined && timed) this.record(time, sentAt);
    }
  }

  /** Customers matching `filter` with purchases sent but not yet seen through the stage. */
  behind(filter: (customer: string) => boolean): string[] {
    return [...this.sent]
      .filter(([customer, sent]) => filter(customer) && sent.length > (this.reached.get(customer)?.length ?? 0))
      .map(([customer]) => customer);
  }

  /** How many purchases of the customers matching `filter` are through the stage. */
  completed(filter: (customer: string) => boolean): number {
    let count = 0;
    for (const [customer, reached] of this.reached) if (filter(customer)) count += reached.length;
    return count;
  }

  /** When the last purchase of the customers matching `filter` came through the stage. */
  lastReachedAt(filter: (customer: string) => boolean): number | undefined {
    let last: number | undefined;
    for (const [customer, reached] of this.reached) {
      if (filter(customer)) for (const at of reached) last = Math.max(last ?? at, at);
    }
    return last;
  }

  private record(reachedAt: number, sentAt: number): void {
    this.samples.push({ at: reachedAt, ms: Math.max(0, reachedAt - sentAt) });
  }
}

export function percentiles(values: readonly number[]): {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}
