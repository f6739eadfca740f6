import { type Admin } from 'kafkajs';

export interface LagSample {
  /** Epoch ms. */
  at: number;
  /** Records behind the high watermark, summed over the group's topics and partitions. */
  byGroup: Record<string, number>;
}

/**
 * Samples every consumer group's lag once a second: high watermarks minus committed offsets, over
 * the topics the group has committed offsets for (a group that has committed nothing yet counts 0).
 */
export class LagSampler {
  readonly samples: LagSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(
    private readonly admin: Admin,
    private readonly groups: Record<string, string>,
  ) {}

  start(intervalMs = 1_000): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Lag of the newest sample, summed over all groups. */
  latestTotal(): number {
    const last = this.samples.at(-1);
    return last === undefined ? Number.NaN : Object.values(last.byGroup).reduce((a, b) => a + b, 0);
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const at = Date.now();
      const byGroup: Record<string, number> = {};
      const highs = new Map<string, Map<number, number>>();
      for (const [label, groupId] of Object.entries(this.groups)) {
        let lag = 0;
        for (const { topic, partitions } of await this.admin.fetchOffsets({ groupId })) {
          const high = highs.get(topic) ?? (await this.highWatermarks(topic, highs));
          for (const { partition, offset } of partitions) {
            const committed = Number(offset);
            if (committed >= 0) lag += Math.max(0, (high.get(partition) ?? 0) - committed);
          }
        }
        byGroup[label] = lag;
      }
      this.samples.push({ at, byGroup });
    } catch {
      // A sample lost to a busy broker is a gap in the chart, not a failed benchmark.
    } finally {
      this.sampling = false;
    }
  }

  private async highWatermarks(topic: string, cache: Map<string, Map<number, number>>): Promise<Map<number, number>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    const high = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    cache.set(topic, high);
    return high;
  }
}
