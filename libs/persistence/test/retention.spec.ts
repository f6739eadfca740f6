import { createLogger } from '@churn/observability';
import { createTestNamespace } from '@churn/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, openDatabase } from '../src/data-source';
import { IndexProcessedEventsAge1732700000000 } from '../src/processed-events/processed-events-age.migration';
import { CreateProcessedEvents1732500000000 } from '../src/processed-events/processed-events.migration';
import { processedEventsRetention } from '../src/processed-events/processed-events-retention';
import { recordNewEvents } from '../src/processed-events/record-new-events';
import { RetentionJob } from '../src/retention/retention.job';

const DAY_MS = 86_400_000;
const ns = createTestNamespace('retention');
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = createDataSource({
    url: ns.endpoints.TEST_DATABASE_URL,
    schema: ns.dbSchema,
    poolSize: 2,
    migrations: [CreateProcessedEvents1732500000000, IndexProcessedEventsAge1732700000000],
  });
  await openDatabase(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await ns.cleanup();
});

describe('RetentionJob (real Postgres)', () => {
  it('deletes, in several chunks, exactly the records older than the rule keeps', async () => {
    const old = Array.from({ length: 7 }, (_, i) => `old-${i}`);
    await dataSource.transaction((m) => recordNewEvents(m, 'scoring', [...old, 'recent-1', 'recent-2']));
    await dataSource.query(`UPDATE "${ns.dbSchema}".processed_events SET processed_at = now() - interval '40 days' WHERE event_id LIKE 'old-%'`);

    const job = new RetentionJob(dataSource, { intervalMs: 60_000, chunkSize: 3, rules: [processedEventsRetention(35 * DAY_MS)] }, createLogger('retention-test', 'fatal'));
    expect(await job.runOnce()).toEqual({ 'processed-events': 7 });

    const left: { event_id: string }[] = await dataSource.query(`SELECT event_id FROM "${ns.dbSchema}".processed_events ORDER BY 1`);
    expect(left.map((r) => r.event_id)).toEqual(['recent-1', 'recent-2']);
    expect(await job.runOnce()).toEqual({ 'processed-events': 0 });
  });

  it('reports a failing rule as 0 and still runs the others', async () => {
    const job = new RetentionJob(
      dataSource,
      { intervalMs: 60_000, rules: [{ name: 'missing', table: 'no_such_table', timeColumn: 'at', keepMs: DAY_MS }, processedEventsRetention(DAY_MS)] },
      createLogger('retention-test', 'fatal'),
    );
    expect(await job.runOnce()).toEqual({ missing: 0, 'processed-events': 0 });
  });
});
