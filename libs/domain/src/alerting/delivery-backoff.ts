export interface BackoffPolicy {
  /** Delay before the first retry (ms). */
  baseMs: number;
  /** Cap on any one delay (ms). */
  maxMs: number;
}

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * delay = random(0, min(cap, base * 2^(failures-1))). Spreading retries over the whole interval
 * keeps many failed deliveries from retrying in lock-step against a recovering endpoint.
 * `random` returns [0, 1) and is injected so tests are deterministic.
 */
export function retryDelayMs(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (failures < 1) return 0;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceiling);
}
