import { createTestNamespace } from '@churn/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, openDatabase } from '../src/data-source';
import { CreateProcessedEvents1732500000000 } from '../src/processed-events/processed-events.migration';
import { recordNewEvents } from '../src/processed-events/record-new-events';

const ns = createTestNamespace('processed');
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = createDataSource({ url: ns.endpoints.TEST_DATABASE_URL, schema: ns.dbSchema, poolSize: 4, migrations: [CreateProcessedEvents1732500000000] });
  await openDatabase(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await ns.cleanup();
});

describe('recordNewEvents (real Postgres)', () => {
  it('returns only ids the consumer has not processed, per consumer, ignoring repeats in the input', async () => {
    const first = await dataSource.transaction((m) => recordNewEvents(m, 'scoring', ['a', 'b', 'a']));
    expect([...first].sort()).toEqual(['a', 'b']);
    const second = await dataSource.transaction((m) => recordNewEvents(m, 'scoring', ['b', 'c']));
    expect([...second]).toEqual(['c']);
    const other = await dataSource.transaction((m) => recordNewEvents(m, 'loyalty', ['a']));
    expect([...other]).toEqual(['a']);
    expect([...(await dataSource.transaction((m) => recordNewEvents(m, 'scoring', [])))]).toEqual([]);
  });

  it('forgets what a rolled-back transaction recorded, so the redelivery is applied', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        await recordNewEvents(m, 'scoring', ['rolled']);
        throw new Error('apply failed');
      }),
    ).rejects.toThrow('apply failed');
    expect([...(await dataSource.transaction((m) => recordNewEvents(m, 'scoring', ['rolled'])))]).toEqual(['rolled']);
  });

  it('lets exactly one of two concurrent transactions claim an id', async () => {
    const claim = () => dataSource.transaction(async (m) => {
      const fresh = await recordNewEvents(m, 'scoring', ['x', 'y']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return fresh.size;
    });
    const sizes = await Promise.all([claim(), claim()]);
    expect(sizes.sort()).toEqual([0, 2]);
  });
});
