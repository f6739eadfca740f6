import { type ReplayReport, replayInChildProcess } from '@churn/cli/replay-child';

/** The history every scenario replays: a seeded population ending at a fixed instant, so every run publishes the same events. */
export interface History {
  readonly customers: number;
  readonly seed: number;
  readonly runId: string;
  readonly endAt: string;
  /** Events per second: slow enough that a fault lands in the middle of the replay. */
  readonly rate: number;
}

/**
 * `churn replay` as its own process, as upstream systems publish: to purchases.raw.v1 and
 * interactions.raw.v1, riding out broker outages up to `maxOutageSeconds`.
 */
export function replay(
  history: History,
  brokers: readonly string[],
  topicPrefix: string,
  maxOutageSeconds = 120,
): Promise<ReplayReport> {
  const args = [
    ...['--generate', String(history.customers), '--seed', String(history.seed)],
    ...['--run-id', history.runId, '--end-at', history.endAt, '--rate', String(history.rate)],
    ...['--brokers', brokers.join(','), '--topic-prefix', topicPrefix, '--max-outage', String(maxOutageSeconds)],
  ];
  return replayInChildProcess(args);
}
