import { Topics } from '@churn/contracts';
import { EventPublisher, MessagingMetrics, createKafkaClient } from '@churn/messaging';
import { createLogger } from '@churn/observability';
import { TopicReader, createTestNamespace } from '@churn/testing';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createDataSource, openDatabase } from '../src/data-source';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { CreateOutbox1732500000001 } from '../src/outbox/outbox.migration';
import { OutboxWriter } from '../src/outbox/outbox-writer';
import { outboxRetention } from '../src/outbox/outbox-retention';
import { RetentionJob } from '../src/retention/retention.job';

const ns = createTestNamespace('outbox');
const logger = createLogger('outbox-test', 'fatal');
let dataSource: DataSource;
let publisher: EventPublisher;
let reader: TopicReader;
const writer = new OutboxWriter();

const publisherFor = (brokers: string): EventPublisher => {
  const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'outbox-test', topicPrefix: ns.topicPrefix }, logger);
  return new EventPublisher(kafka, ns.topicPrefix, new MessagingMetrics(new Registry()), logger);
};
const relayWith = (eventPublisher: EventPublisher): OutboxRelay =>
  new OutboxRelay(dataSource, eventPublisher, { pollIntervalMs: 50, batchSize: 2 }, logger);
const unsent = async (): Promise<number> =>
  ((await dataSource.query(`SELECT count(*)::int AS n FROM "${ns.dbSchema}".outbox WHERE sent_at IS NULL`)) as [{ n: number }])[0].n;

beforeAll(async () => {
  await ns.createTopics();
  dataSource = createDataSource({ url: ns.endpoints.TEST_DATABASE_URL, schema: ns.dbSchema, poolSize: 4, migrations: [CreateOutbox1732500000001] });
  await openDatabase(dataSource);
  publisher = publisherFor(ns.endpoints.TEST_KAFKA_BROKERS);
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.scores]);
});

afterAll(async () => {
  await reader?.stop();
  await publisher?.disconnect();
  await dataSource?.destroy();
  await ns.cleanup();
});

describe('transactional outbox (real Postgres and Kafka)', () => {
  it('publishes nothing written by a transaction that rolled back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await writer.append(manager, [{ topic: Topics.scores, key: 'rolled-back', value: { n: 0 } }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await unsent()).toBe(0);
  });

  it('publishes committed rows in order, keyed and with headers, in batches, and marks them sent', async () => {
    await dataSource.transaction((manager) =>
      writer.append(manager, [1, 2, 3].map((n) => ({ topic: Topics.scores, key: 'k-order', value: { n }, headers: { eventId: `e-${n}` } }))),
    );
    const relay = relayWith(publisher);
    expect(await relay.relayOnce()).toBe(2);
    expect(await relay.relayOnce()).toBe(1);
    expect(await relay.relayOnce()).toBe(0);
    expect(await unsent()).toBe(0);

    const records = await reader.waitFor(Topics.scores, (rs) => rs.filter((r) => r.key === 'k-order').length === 3);
    const ours = records.filter((r) => r.key === 'k-order');
    expect(ours.map((r) => r.json['n'])).toEqual([1, 2, 3]);
    expect(ours.map((r) => r.headers['eventId'])).toEqual(['e-1', 'e-2', 'e-3']);
  });

  it('keeps rows unsent while the broker is unreachable, and the background loop sends them later', async () => {
    await dataSource.transaction((manager) => writer.append(manager, [{ topic: Topics.scores, key: 'k-outage', value: '{"as":"written"}' }]));
    const offline = publisherFor('127.0.0.1:1');
    await expect(relayWith(offline).relayOnce()).rejects.toThrow();
    await offline.disconnect();
    expect(await unsent()).toBe(1);

    const relay = relayWith(publisher);
    relay.onApplicationBootstrap();
    try {
      const [record] = (await reader.waitFor(Topics.scores, (rs) => rs.some((r) => r.key === 'k-outage'))).filter((r) => r.key === 'k-outage');
      expect(record!.value).toBe('{"as":"written"}');
    } finally {
      await relay.beforeApplicationShutdown();
    }
    expect(await unsent()).toBe(0);

    // Retention deletes sent rows, never unsent ones.
    await dataSource.transaction((manager) => writer.append(manager, [{ topic: Topics.scores, key: 'k-unsent', value: {} }]));
    const retention = new RetentionJob(dataSource, { intervalMs: 60_000, rules: [outboxRetention(0)] }, logger);
    expect((await retention.runOnce())['outbox']).toBeGreaterThanOrEqual(1);
    expect(await unsent()).toBe(1);
    const sent: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM "${ns.dbSchema}".outbox WHERE sent_at IS NOT NULL`);
    expect(sent).toEqual([{ n: 0 }]);
    expect(await relayWith(publisher).relayOnce()).toBe(1);
  });

  it('lets only one relay of a schema publish at a time, so commit order survives several instances', async () => {
    await dataSource.transaction((manager) => writer.append(manager, [{ topic: Topics.scores, key: 'k-lock', value: { n: 1 } }]));
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`"${ns.dbSchema}".outbox`]);
      expect(await relayWith(publisher).relayOnce()).toBe(0);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await relayWith(publisher).relayOnce()).toBe(1);
  });
});
