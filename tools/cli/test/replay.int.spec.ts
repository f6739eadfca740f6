import { type TestNamespace, TopicReader, createTestNamespace } from '@churn/testing';
import { ExitCode, run } from '../src/run';
import { memoryIo } from './memory-io';

/** `churn replay` against the real broker: what it says it sent is what a consumer reads. */
describe('churn replay (real Kafka)', () => {
  let ns: TestNamespace;
  let reader: TopicReader;

  beforeAll(async () => {
    ns = createTestNamespace('replay');
    await ns.createTopics();
    reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
    await reader.start(['purchases.raw.v1', 'interactions.raw.v1']);
  });

  afterAll(async () => {
    await reader.stop();
    await ns.cleanup();
  });

  it('publishes a generated population keyed by customer, each customer in time order', async () => {
    const io = memoryIo();
    const args = [
      'replay',
      '--generate',
      '200',
      '--seed',
      '3',
      '--brokers',
      ns.endpoints.TEST_KAFKA_BROKERS,
      '--topic-prefix',
      ns.topicPrefix,
    ];
    expect(await run(args, io)).toBe(ExitCode.ok);
    const summary = JSON.parse(io.out()) as {
      events: number;
      purchases: number;
      refunds: number;
      interactions: number;
    };
    expect(summary.purchases).toBeGreaterThan(500);
    expect(summary.interactions).toBeGreaterThan(0);

    const purchases = await reader.waitFor('purchases.raw.v1', (r) => r.length >= summary.purchases + summary.refunds);
    const interactions = await reader.waitFor('interactions.raw.v1', (r) => r.length >= summary.interactions);
    expect(purchases).toHaveLength(summary.purchases + summary.refunds);
    expect(summary.refunds).toBeGreaterThan(0);
    expect(interactions).toHaveLength(summary.interactions);
    const byCustomer = new Map<string, number[]>();
    for (const record of [...purchases].sort((a, b) => Number(a.offset) - Number(b.offset))) {
      const event = record.json as { customerId: string; occurredAt: string };
      expect(record.key).toBe(event.customerId);
      byCustomer.set(event.customerId, [...(byCustomer.get(event.customerId) ?? []), Date.parse(event.occurredAt)]);
    }
    for (const times of byCustomer.values()) expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('publishes identical events on a rerun with the same --end-at, inside the window it ends', async () => {
    const endAt = '2026-01-01T00:00:00Z';
    const args = ['replay', '--generate', '20', '--seed', '4', '--run-id', 'endat', '--end-at', endAt, '--days', '90'];
    const publish = async (): Promise<number> => {
      const io = memoryIo();
      const common = ['--brokers', ns.endpoints.TEST_KAFKA_BROKERS, '--topic-prefix', ns.topicPrefix];
      expect(await run([...args, ...common], io)).toBe(ExitCode.ok);
      const summary = JSON.parse(io.out()) as { purchases: number; refunds: number };
      return summary.purchases + summary.refunds;
    };
    const ofThisRun = (r: { json: unknown }): boolean =>
      (r.json as { customerId: string }).customerId.startsWith('endat-');
    const count = await publish();
    await publish();
    const records = await reader.waitFor('purchases.raw.v1', (r) => r.filter(ofThisRun).length >= 2 * count);
    const [first, second] = [records.filter(ofThisRun).slice(0, count), records.filter(ofThisRun).slice(count)];
    const bodies = (rs: typeof first) => rs.map((r) => JSON.stringify(r.json)).sort();
    expect(bodies(second)).toEqual(bodies(first));
    const times = first.map((r) => Date.parse((r.json as { occurredAt: string }).occurredAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(endAt));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(endAt) - 90 * 86_400_000);
  });

  it('refuses a replay without a source, or with two', async () => {
    const io = memoryIo();
    expect(await run(['replay', '--brokers', ns.endpoints.TEST_KAFKA_BROKERS], io)).toBe(ExitCode.badInput);
    expect(io.err()).toContain('exactly one of --input <file> or --generate <customers>');
  });
});
