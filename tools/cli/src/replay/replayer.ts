import { setTimeout as sleep } from 'node:timers/promises';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { Topics } from '@churn/contracts';
import { type OutgoingRecord } from '@churn/messaging';
import { CliError, ExitCode } from '../exit-codes';
import { type RawEvent } from './raw-event';

/** Where replayed records go: the platform's EventPublisher (idempotent, acks=all) in production. */
export interface RecordSink {
  publish(records: readonly OutgoingRecord[]): Promise<void>;
}

export interface ReplayPace {
  /** Events per second; 0 sends as fast as the broker acknowledges. */
  readonly ratePerSecond: number;
  /** Called after every acknowledged batch with the count so far and the batch. */
  readonly onBatch?: (sent: number, batch: readonly RawEvent[], acknowledgedAt: number) => void;
  /** Gives up on a batch after this long without an acknowledgement (broker down). */
  readonly maxOutageMs?: number;
}

export interface ReplaySummary {
  readonly events: number;
  /** purchases.raw.v1 records of type purchase, */
  readonly purchases: number;
  /** ... of type refund, */
  readonly refunds: number;
  /** and interactions.raw.v1 records. */
  readonly interactions: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

const MAX_BATCH = 1_000;
/** Small batches at a set rate keep the stream smooth (about 20 sends a second). */
const SENDS_PER_SECOND = 20;

/**
 * Publishes events in order at a set rate. Each batch is acknowledged (acks=all) before the next
 * is sent, so per-customer order holds; a broker outage is ridden out with backoff instead of
 * failing the replay, as an upstream system would, and the pace then catches up.
 */
export async function replay(
  events: readonly RawEvent[],
  sink: RecordSink,
  pace: ReplayPace,
  now = () => Date.now(),
): Promise<ReplaySummary> {
  const batchSize =
    pace.ratePerSecond > 0
      ? Math.max(1, Math.min(MAX_BATCH, Math.round(pace.ratePerSecond / SENDS_PER_SECOND)))
      : MAX_BATCH;
  const policy = retry(handleAll, {
    maxAttempts: Number.MAX_SAFE_INTEGER,
    backoff: new ExponentialBackoff({ initialDelay: 200, maxDelay: 5_000 }),
  });
  const started = now();
  let sent = 0;
  for (let offset = 0; offset < events.length; offset += batchSize) {
    const batch = events.slice(offset, offset + batchSize);
    if (pace.ratePerSecond > 0) {
      const due = started + (offset / pace.ratePerSecond) * 1_000;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
    }
    await publishWithin(policy, sink, toRecords(batch), pace.maxOutageMs ?? 120_000);
    sent += batch.length;
    pace.onBatch?.(sent, batch, now());
  }
  const seconds = Math.max(0.001, (now() - started) / 1_000);
  const count = (type: 'purchase' | 'refund'): number =>
    events.filter((e) => e.topic === Topics.purchasesRaw && e.value.type === type).length;
  const purchases = count('purchase');
  const refunds = count('refund');
  return {
    events: sent,
    purchases,
    refunds,
    interactions: sent - purchases - refunds,
    seconds,
    eventsPerSecond: sent / seconds,
  };
}

function toRecords(batch: readonly RawEvent[]): OutgoingRecord[] {
  return batch.map((event) => ({ topic: event.topic, key: event.value.customerId, value: event.value }));
}

async function publishWithin(
  policy: ReturnType<typeof retry>,
  sink: RecordSink,
  records: OutgoingRecord[],
  maxOutageMs: number,
): Promise<void> {
  const abort = AbortSignal.timeout(maxOutageMs);
  try {
    await policy.execute(() => sink.publish(records), abort);
  } catch (error) {
    if (!abort.aborted) throw error;
    throw new CliError(
      `the broker did not acknowledge a batch for ${maxOutageMs / 1_000} s; replay stopped (already sent events are kept; a rerun with the same --run-id is deduplicated)`,
      ExitCode.unavailable,
    );
  }
}
