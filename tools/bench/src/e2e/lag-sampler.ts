import { type Admin } from 'kafkajs';
import { type Watermarks, consumerGroupLag } from '@churn/local-stack';

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
      const highs: Watermarks = new Map();
      for (const [label, groupId] of Object.entries(this.groups))
        byGroup[label] = await consumerGroupLag(this.admin, groupId, highs);
      this.samples.push({ at, byGroup });
    } catch {
      // A sample lost to a busy broker is a gap in the chart, not a failed benchmark.
    } finally {
      this.sampling = false;
    }
  }
}
