import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  type CustomerErasureV1,
  type DeadLetterV1,
  type PurchaseV1,
  type ScoreV1,
  Topics,
  topicName,
} from '@churn/contracts';
import { PRIOR_SCORING_PARAMETERS, scoreCustomers } from '@churn/domain';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { simulatePopulation, toTransaction } from './population';
import { type RunningScoring, request, startScoring, waitCaughtUp } from './scoring-app';

const ns = createTestNamespace('scoringerasure');
const prefix = `e${randomUUID().slice(0, 6)}`;
const events = simulatePopulation(prefix, 16, Date.now());
const scored = scoreCustomers(events.map(toTransaction), Date.now(), PRIOR_SCORING_PARAMETERS).map((s) => s.customerId);
const target = scored[0]!;
const others = [...new Set(events.map((e) => e.customerId))].filter((id) => id !== target);
const erasure: CustomerErasureV1 = {
  eventId: randomUUID(),
  customerId: target,
  requestedAt: '',
  requestedBy: 'key-test',
};
let scoring: RunningScoring;
let reader: TopicReader;
let redis: Redis;
let pg: Client;

const produce = (topic: string, values: readonly { key: string; value: unknown }[]): Promise<void> =>
  produceRaw(
    ns.endpoints.TEST_KAFKA_BROKERS,
    topicName(topic, ns.topicPrefix),
    values.map((v) => ({ key: v.key, value: typeof v.value === 'string' ? v.value : JSON.stringify(v.value) })),
  );
const producePurchases = (list: readonly PurchaseV1[]): Promise<void> =>
  produce(
    Topics.purchases,
    list.map((e) => ({ key: e.customerId, value: e })),
  );
const produceErasure = (event: CustomerErasureV1): Promise<void> =>
  produce(Topics.customerErasures, [{ key: event.customerId, value: event }]);
const caughtUp = (): Promise<void> => waitCaughtUp(ns, 60_000, [Topics.purchases, Topics.customerErasures]);

const cached = async (customerId: string): Promise<string | null> => redis.get(`${ns.redisPrefix}score:${customerId}`);
const count = async (sql: string, params: unknown[]): Promise<number> =>
  Number((await pg.query(sql, params)).rows[0].n);
const rowsOf = async (table: string, customerId: string): Promise<number> =>
  count(`SELECT count(*) AS n FROM "${ns.dbSchema}".${table} WHERE customer_id = $1`, [customerId]);
const unsentOutboxOf = (customerId: string): Promise<number> =>
  count(`SELECT count(*) AS n FROM "${ns.dbSchema}".outbox WHERE key = $1 AND sent_at IS NULL`, [customerId]);
const processed = (id: string): Promise<number> =>
  count(`SELECT count(*) AS n FROM "${ns.dbSchema}".processed_events WHERE event_id = $1`, [id]);
const tombstone = async (customerId: string): Promise<Date | undefined> =>
  (await pg.query(`SELECT erased_at FROM "${ns.dbSchema}".erased_customers WHERE customer_id = $1`, [customerId]))
    .rows[0]?.erased_at;

/** What scoring holds about each customer: live score, transactions, customer row (one query at a time: one pg client). */
async function snapshot(customerIds: readonly string[]): Promise<unknown[]> {
  const held: unknown[] = [];
  for (const id of customerIds)
    held.push([await cached(id), await rowsOf('transactions', id), await rowsOf('customers', id)]);
  return held;
}

/** scoring_events_total for one outcome, read from /metrics. */
async function outcomes(outcome: string): Promise<number> {
  const text = await (await fetch(`${scoring.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('scoring_events_total{') && l.includes(`outcome="${outcome}"`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

/** Every transaction the history export returns, page by page. */
async function exported(): Promise<Array<{ customerId: string; eventId: string }>> {
  const seen: Array<{ customerId: string; eventId: string }> = [];
  let after: string | null = '';
  while (after !== null) {
    const page = await request('GET', `${scoring.baseUrl}/v1/transactions?limit=50&after=${encodeURIComponent(after)}`);
    seen.push(...(page.body['transactions'] as Array<{ customerId: string; eventId: string }>));
    after = page.body['next'] as string | null;
  }
  return seen;
}

beforeAll(async () => {
  await ns.createTopics();
  redis = new Redis(ns.endpoints.TEST_REDIS_URL);
  pg = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
  await pg.connect();
  scoring = await startScoring(ns);
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.scores, Topics.scoringDlq]);
  await eventually(
    async () => expect((await request('GET', `${scoring.baseUrl}/health/ready`)).status).toBe(200),
    60_000,
    250,
  );
  await producePurchases(events);
  await caughtUp();
  await eventually(async () => expect(await cached(target)).not.toBeNull());
}, 120_000);

afterAll(async () => {
  await reader?.stop();
  await scoring?.app.close();
  redis?.disconnect();
  await pg?.end();
  await ns.cleanup();
});

describe('customer-erasures.v1', () => {
  it('deletes the customer’s history, live score and unpublished scores, and leaves everyone else as they were', async () => {
    expect(await rowsOf('transactions', target)).toBe(events.filter((e) => e.customerId === target).length);
    // Hold the outbox relay's lock (the relay only tries it), so the next score of the customer
    // is still unpublished when the erasure comes: it must be deleted, never published.
    const relayLock = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
    await relayLock.connect();
    await relayLock.query('SELECT pg_advisory_lock(hashtext($1))', [`"${ns.dbSchema}".outbox`]);
    const now = new Date().toISOString();
    const pending: PurchaseV1 = {
      ...events.find((e) => e.customerId === target)!,
      eventId: `pending-${randomUUID()}`,
      orderId: 'o-pending',
      type: 'purchase',
      occurredAt: now,
      ingestedAt: now,
    };
    await producePurchases([pending]);
    await caughtUp();
    const pendingVersion = (JSON.parse((await cached(target))!) as ScoreV1).stateVersion;
    expect(await unsentOutboxOf(target)).toBe(1);
    const othersBefore = await snapshot(others);

    erasure.requestedAt = new Date().toISOString();
    await produceErasure(erasure);
    await caughtUp();
    await relayLock.end();

    expect(await rowsOf('customers', target)).toBe(0);
    expect(await rowsOf('transactions', target)).toBe(0);
    expect(await unsentOutboxOf(target)).toBe(0);
    expect(await cached(target)).toBeNull();
    expect((await tombstone(target))?.toISOString()).toBe(erasure.requestedAt);
    expect(await processed(`${Topics.customerErasures}:${erasure.eventId}`)).toBe(1);
    const id = encodeURIComponent(target);
    expect((await request('GET', `${scoring.baseUrl}/v1/customers/${id}/score`)).status).toBe(404);
    expect((await request('GET', `${scoring.baseUrl}/v1/customers/${id}/aggregates`)).status).toBe(404);
    expect((await request('POST', `${scoring.baseUrl}/v1/scores/rescore`, { customerIds: [target] })).body).toEqual({
      rescored: 0,
      unknown: [target],
    });
    const history = await exported();
    expect(history.filter((t) => t.customerId === target)).toEqual([]);
    expect(history).toHaveLength(events.filter((e) => e.customerId !== target).length);
    expect(await snapshot(others)).toEqual(othersBefore);
    expect(await outcomes('erased')).toBe(1);

    // The relay runs again: nothing of the customer was left for it.
    await eventually(async () =>
      expect(await count(`SELECT count(*) AS n FROM "${ns.dbSchema}".outbox WHERE sent_at IS NULL`, [])).toBe(0),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      reader.json<ScoreV1>(Topics.scores).filter((r) => r.key === target && r.json.stateVersion >= pendingVersion),
    ).toEqual([]);
  });

  it('applies an erasure effectively-once: replaying it changes nothing', async () => {
    const duplicatesBefore = await outcomes('duplicate');
    await produceErasure(erasure);
    await produceErasure(erasure);
    await caughtUp();
    expect(await outcomes('erased')).toBe(1);
    expect(await outcomes('duplicate')).toBe(duplicatesBefore + 2);
    expect(await processed(`${Topics.customerErasures}:${erasure.eventId}`)).toBe(1);
    expect((await tombstone(target))?.toISOString()).toBe(erasure.requestedAt);
  });

  it('never lets a purchase of the erased past bring the customer back, replayed or arriving late', async () => {
    const own = events.filter((e) => e.customerId === target);
    // The same records again: the processed-event records know them.
    await producePurchases(own);
    // Purchases ingested before the erasure that reach scoring only now (new ids): the tombstone stops them.
    await producePurchases(own.map((e) => ({ ...e, eventId: `late-${e.eventId}` })));
    await caughtUp();
    expect(await rowsOf('customers', target)).toBe(0);
    expect(await rowsOf('transactions', target)).toBe(0);
    expect(await cached(target)).toBeNull();
    expect(await outcomes('suppressed')).toBe(own.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = reader
      .json<ScoreV1>(Topics.scores)
      .filter((r) => r.key === target && r.json.computedAt > erasure.requestedAt);
    expect(after).toEqual([]);
  });

  it('scores what a returning customer buys after the erasure, and a replayed erasure does not erase it again', async () => {
    const now = new Date().toISOString();
    const comeback: PurchaseV1 = {
      ...events.find((e) => e.customerId === target && e.type === 'purchase')!,
      eventId: `back-${randomUUID()}`,
      orderId: 'o-back',
      occurredAt: now,
      ingestedAt: now,
    };
    await producePurchases([comeback]);
    await caughtUp();
    await eventually(async () =>
      expect(JSON.parse((await cached(target)) ?? 'null')).toMatchObject({
        customerId: target,
        stateVersion: 1,
        purchaseCount: 1,
      }),
    );
    expect(await rowsOf('transactions', target)).toBe(1);

    await produceErasure(erasure);
    await caughtUp();
    expect(await rowsOf('transactions', target)).toBe(1);
    expect(await cached(target)).not.toBeNull();
  });

  it('dead-letters an invalid erasure request once, with the reason and the payload, and goes on', async () => {
    const invalid = JSON.stringify({ customerId: others[0], requestedAt: new Date().toISOString() });
    await produce(Topics.customerErasures, [{ key: others[0]!, value: invalid }]);
    const letters = await reader.waitFor<DeadLetterV1>(Topics.scoringDlq, (rs) => rs.length >= 1);
    await caughtUp();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.json).toMatchObject({
      consumer: 'scoring',
      reason: { code: 'invalid', message: expect.stringMatching(/eventId: is required/) },
      source: { topic: topicName(Topics.customerErasures, ns.topicPrefix) },
      originalPayload: invalid,
    });
    expect(await rowsOf('customers', others[0]!)).toBe(1);
  });
});
