import { type OutgoingRecord } from '@churn/messaging';
import { CliError, ExitCode } from '../exit-codes';
import { historyEvents } from './history-events';
import { type RecordSink, replay } from './replayer';

const events = historyEvents(
  Array.from({ length: 60 }, (_, n) => ({
    customerId: `c${n % 7}`,
    occurredAt: Date.UTC(2026, 0, 1) + n * 60_000,
    amountMinor: 100 + n,
    currency: 'EUR',
    type: 'purchase' as const,
  })),
  { runId: 'r' },
);

/** Collects what it is given; fails the first `failures` calls as a broker outage would. */
function recordingSink(failures = 0): RecordSink & { received: OutgoingRecord[]; calls: number } {
  const sink = {
    received: [] as OutgoingRecord[],
    calls: 0,
    publish(records: readonly OutgoingRecord[]) {
      sink.calls += 1;
      if (sink.calls <= failures) return Promise.reject(new Error('broker unreachable'));
      sink.received.push(...records);
      return Promise.resolve();
    },
  };
  return sink;
}

describe('replay', () => {
  it('publishes every event once, in order, keyed by customer', async () => {
    const sink = recordingSink();
    const summary = await replay(events, sink, { ratePerSecond: 0 });
    expect(sink.received.map((r) => (r.value as { eventId: string }).eventId)).toEqual(
      events.map((e) => e.value.eventId),
    );
    expect(sink.received.every((r) => r.key === (r.value as { customerId: string }).customerId)).toBe(true);
    expect(summary).toMatchObject({ events: 60, purchases: 60, refunds: 0, interactions: 0 });
  });

  it('keeps the set rate: 60 events at 200/s take about 0.3 s, in batches of 10', async () => {
    const sink = recordingSink();
    const batches: number[] = [];
    const started = Date.now();
    await replay(events, sink, { ratePerSecond: 200, onBatch: (_, batch) => batches.push(batch.length) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(batches).toEqual([10, 10, 10, 10, 10, 10]);
  });

  it('rides out a short outage without losing or repeating an event', async () => {
    const sink = recordingSink(2);
    await replay(events, sink, { ratePerSecond: 0 });
    expect(sink.received).toHaveLength(60);
    expect(new Set(sink.received.map((r) => (r.value as { eventId: string }).eventId)).size).toBe(60);
  });

  it('stops with exit code 3 when the broker stays away longer than the allowed outage', async () => {
    const error: unknown = await replay(events, recordingSink(Number.MAX_SAFE_INTEGER), {
      ratePerSecond: 0,
      maxOutageMs: 500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe(ExitCode.unavailable);
  });
});
