import { randomUUID } from 'node:crypto';
import { type DeadLetterV1, type PurchaseV1, Topics, topicName } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { DataSource } from 'typeorm';
import { RetentionJob } from '@churn/persistence';
import { type RunningIngestion, postJson, startIngestion } from './ingestion-app';

const ns = createTestNamespace('ingestion');
let ingestion: RunningIngestion;
let reader: TopicReader;

const purchase = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId: `e-${randomUUID()}`,
  type: 'purchase',
  customerId: `c-${randomUUID().slice(0, 8)}`,
  orderId: `o-${randomUUID().slice(0, 8)}`,
  occurredAt: new Date(Date.now() - 3_600_000).toISOString().replace('Z', '+00:00'),
  amount: '129.90',
  currency: 'EUR',
  ...overrides,
});

const interaction = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId: `i-${randomUUID()}`,
  customerId: 'c-int',
  occurredAt: new Date(Date.now() - 60_000).toISOString(),
  kind: 'nps',
  score: 4,
  ...overrides,
});

async function expectReady(): Promise<void> {
  const response = await fetch(`${ingestion.baseUrl}/health/ready`);
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  await ns.createTopics();
  ingestion = await startIngestion(ns);
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.purchases, Topics.purchasesDlq, Topics.interactions, Topics.interactionsDlq]);
  await eventually(expectReady, 60_000, 250);
});

afterAll(async () => {
  await reader?.stop();
  await ingestion?.app.close();
  await ns.cleanup();
});

describe('HTTP path', () => {
  it('accepts one purchase with 202 only once it is on purchases.v1, normalized and keyed by customer', async () => {
    const event = purchase({ occurredAt: '2026-01-15T10:00:00+02:00', amount: '129.9', channel: 'app' });
    const response = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, event);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'accepted', eventId: event['eventId'] });

    const [published] = await reader.waitFor<PurchaseV1>(Topics.purchases, (rs) => rs.some((r) => r.json.eventId === event['eventId']));
    const record = reader.json<PurchaseV1>(Topics.purchases).find((r) => r.json.eventId === event['eventId'])!;
    expect(published).toBeDefined();
    expect(record.key).toBe(event['customerId']);
    expect(record.json).toMatchObject({ amountMinor: 12990, currency: 'EUR', occurredAt: '2026-01-15T08:00:00.000Z', channel: 'app' });
    expect(record.json).not.toHaveProperty('amount');
  });

  it('answers a batch with a result per event, and publishes only the accepted ones', async () => {
    const good = purchase();
    const bad = purchase({ amount: '-3.00' });
    const response = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, [good, bad, good]);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1 });
    const results = response.body['results'] as { index: number; status: string; reason?: string }[];
    expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'duplicate']);
    expect(results[1]!.reason).toMatch(/amount: must be a positive decimal/);

    await reader.waitFor<PurchaseV1>(Topics.purchases, (rs) => rs.some((r) => r.json.eventId === good['eventId']));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reader.json<PurchaseV1>(Topics.purchases).filter((r) => r.json.eventId === good['eventId'])).toHaveLength(1);
    expect(reader.json<PurchaseV1>(Topics.purchases).some((r) => r.json.eventId === bad['eventId'])).toBe(false);
  });

  it('calls a resend a duplicate and a different event under the same id a conflict, dead-lettered', async () => {
    const event = purchase();
    expect((await postJson(`${ingestion.baseUrl}/v1/events/purchases`, event)).status).toBe(202);
    const again = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, { ...event, amount: '129.90' });
    expect(again).toMatchObject({ status: 202, body: { status: 'duplicate' } });

    const conflicting = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, { ...event, amount: '5.00' });
    expect(conflicting.status).toBe(409);
    expect(conflicting.body['detail']).toMatch(/already accepted with different content/);
    const [dead] = await reader.waitFor<DeadLetterV1>(Topics.purchasesDlq, (rs) => rs.some((r) => r.json.eventId === event['eventId']));
    const letter = reader.json<DeadLetterV1>(Topics.purchasesDlq).find((r) => r.json.eventId === event['eventId'])!.json;
    expect(dead).toBeDefined();
    expect(letter.reason.code).toBe('conflict');
    expect(JSON.parse(letter.originalPayload)).toMatchObject({ amount: '5.00' });
    expect(letter.source).toMatchObject({ transport: 'http' });
  });

  it('accepts an event sent by many concurrent requests exactly once, whichever transactions they share', async () => {
    const event = purchase();
    const resends = Array.from({ length: 12 }, (_, n) => [purchase(), n % 4 === 3 ? { ...event, amount: '1.00' } : event]);
    const responses = await Promise.all(resends.map((body) => postJson(`${ingestion.baseUrl}/v1/events/purchases`, body)));
    const verdicts = responses.map((r) => (r.body['results'] as { status: string; code?: string }[])[1]!);
    const accepted = verdicts.filter((v) => v.status === 'accepted');
    expect(accepted).toHaveLength(1);
    // The one accepted must have carried the original content for the resends to be duplicates.
    const winner = verdicts.findIndex((v) => v.status === 'accepted');
    expect(winner % 4).not.toBe(3);
    expect(verdicts.filter((v) => v.status === 'rejected').every((v) => v.code === 'conflict')).toBe(true);
    expect(verdicts.filter((v) => v.status === 'rejected')).toHaveLength(3);

    const others = resends.map((body) => body[0]!['eventId']);
    await reader.waitFor<PurchaseV1>(Topics.purchases, (rs) => others.every((id) => rs.some((r) => r.json.eventId === id)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reader.json<PurchaseV1>(Topics.purchases).filter((r) => r.json.eventId === event['eventId'])).toHaveLength(1);
  });

  it.each<[string, unknown, RegExp]>([
    ['JSON that is not an object', '"just a string"', /event must be a JSON object/],
    ['a missing field', purchase({ orderId: undefined }), /orderId: is required/],
    ['an empty field', purchase({ customerId: '' }), /customerId: must be 1-128/],
    ['a wrong type', purchase({ amount: 12 }), /amount: must be a positive decimal/],
    ['a negative amount', purchase({ amount: '-1.00' }), /amount/],
    ['a zero amount', purchase({ amount: '0.00' }), /amount: must be greater than zero/],
    ['NaN', purchase({ amount: 'NaN' }), /amount/],
    ['Infinity', purchase({ amount: 'Infinity' }), /amount/],
    ['exponent notation', purchase({ amount: '1.2e3' }), /amount/],
    ['too many decimals', purchase({ amount: '10.123' }), /allows at most 2/],
    ['an absurd amount', purchase({ amount: '5000000000000' }), /below 10\^12/],
    ['an unknown currency', purchase({ currency: 'QQQ' }), /unknown currency/],
    ['an invalid timestamp', purchase({ occurredAt: 'yesterday' }), /RFC 3339/],
    ['a timestamp > 24 h ahead', purchase({ occurredAt: new Date(Date.now() + 26 * 3_600_000).toISOString() }), /in the future/],
    ['a timestamp before 1990', purchase({ occurredAt: '1989-06-01T00:00:00Z' }), /before 1990/],
    ['an unknown type', purchase({ type: 'swap' }), /type: must be "purchase" or "refund"/],
    ['an id over 128 characters', purchase({ eventId: 'e'.repeat(129) }), /eventId: must be 1-128/],
    ['an id with control characters', purchase({ customerId: 'c\u0007x' }), /control characters/],
    ['a __proto__ key', '{"eventId":"x","__proto__":{"polluted":true}}', /prototype/],
    ['a constructor key', JSON.stringify({ ...purchase(), constructor: { prototype: { polluted: true } } }), /prototype|constructor/],
    ['malformed JSON', '{"eventId": "x",', /JSON/],
  ])('rejects %s with 400 and the reason, and stays healthy', async (_label, body, reason) => {
    const response = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(String(response.body['detail'])).toMatch(reason);
    await expectReady();
  });

  it('rejects a 2 MB body with 413 and a batch of 1001 with 400', async () => {
    const big = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, JSON.stringify(purchase({ orderId: 'x'.repeat(100), padding: 'y'.repeat(2 * 1024 * 1024) })));
    expect(big.status).toBe(413);
    const tooMany = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, Array.from({ length: 1001 }, () => purchase()));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body['detail']).toMatch(/at most 1000 events; this one has 1001/);
    await expectReady();
  });

  it('validates and publishes interactions', async () => {
    const ok = interaction();
    const response = await postJson(`${ingestion.baseUrl}/v1/events/interactions`, [ok, interaction({ score: 11 })]);
    expect(response.status).toBe(202);
    const results = response.body['results'] as { status: string; reason?: string }[];
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/between 0 and 10/) });
    await reader.waitFor(Topics.interactions, (rs) => rs.some((r) => r.json['eventId'] === ok['eventId']));
  });
});

describe('Kafka path', () => {
  it('publishes valid raw events and dead-letters every bad one with reason, payload and coordinates', async () => {
    const valid = purchase();
    const bad: { label: string; value: string | Buffer | null; reason: RegExp }[] = [
      { label: 'not JSON', value: 'this is not json', reason: /not acceptable JSON/ },
      { label: 'not an object', value: '[1,2,3]', reason: /event must be a JSON object/ },
      { label: 'empty record', value: null, reason: /no value/ },
      { label: 'binary garbage', value: Buffer.from([0xff, 0x00, 0xfe]), reason: /not acceptable JSON/ },
      { label: 'missing field', value: JSON.stringify(purchase({ currency: undefined })), reason: /currency: is required/ },
      { label: 'bad amount', value: JSON.stringify(purchase({ amount: '1e9' })), reason: /amount/ },
      { label: 'bad timestamp', value: JSON.stringify(purchase({ occurredAt: '2020-02-30T10:00:00Z' })), reason: /occurredAt/ },
      { label: 'proto key', value: '{"__proto__":{"x":1}}', reason: /prototype/ },
    ];
    const marker = randomUUID();
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.purchasesRaw, ns.topicPrefix), [
      ...bad.map((b) => ({ key: `${marker}-${b.label}`, value: b.value })),
      { key: String(valid['customerId']), value: JSON.stringify(valid) },
      { key: String(valid['customerId']), value: JSON.stringify(valid) },
    ]);

    const letters = await reader.waitFor<DeadLetterV1>(Topics.purchasesDlq, (rs) => rs.filter((r) => r.key?.startsWith(marker)).length === bad.length);
    for (const b of bad) {
      const letter = letters.find((r) => r.key === `${marker}-${b.label}`)!.json;
      expect(letter.reason.message).toMatch(b.reason);
      expect(letter.source).toMatchObject({ transport: 'kafka', topic: topicName(Topics.purchasesRaw, ns.topicPrefix) });
      expect(letter.source.transport === 'kafka' && Number(letter.source.offset)).toBeGreaterThanOrEqual(0);
      const original = b.value === null ? Buffer.alloc(0) : Buffer.from(b.value);
      expect(Buffer.from(letter.originalPayload, letter.payloadEncoding === 'base64' ? 'base64' : 'utf8')).toEqual(original);
    }
    await reader.waitFor<PurchaseV1>(Topics.purchases, (rs) => rs.some((r) => r.json.eventId === valid['eventId']));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reader.json<PurchaseV1>(Topics.purchases).filter((r) => r.json.eventId === valid['eventId'])).toHaveLength(1);
    await expectReady();
  });

  it('dead-letters a conflicting duplicate that arrives over Kafka after HTTP accepted the original', async () => {
    const event = purchase();
    expect((await postJson(`${ingestion.baseUrl}/v1/events/purchases`, event)).status).toBe(202);
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.purchasesRaw, ns.topicPrefix), [
      { key: String(event['customerId']), value: JSON.stringify({ ...event, amount: '1.00' }) },
    ]);
    const letters = await reader.waitFor<DeadLetterV1>(Topics.purchasesDlq, (rs) => rs.some((r) => r.json.eventId === event['eventId'] && r.json.source.transport === 'kafka'));
    expect(letters.find((r) => r.json.eventId === event['eventId'] && r.json.source.transport === 'kafka')!.json.reason.code).toBe('conflict');
  });

  it('publishes a consumed batch larger than the broker accepts in one request (> 1 MiB), all of it, with no dead letters', async () => {
    const marker = `big-${randomUUID().slice(0, 8)}`;
    // One customer, so one partition: the consumer fetches up to 1 MiB of it as one batch, and the
    // normalized events it publishes for that batch are larger than their raw form.
    const events = Array.from({ length: 5000 }, (_, i) => purchase({ eventId: `${marker}-${i}`, customerId: marker, orderId: `${marker}-${'o'.repeat(100)}` }));
    const dlqBefore = reader.json(Topics.purchasesDlq).length;
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.purchasesRaw, ns.topicPrefix), events.map((e) => ({ key: String(e['customerId']), value: JSON.stringify(e) })));
    const published = await reader.waitFor<PurchaseV1>(Topics.purchases, (rs) => rs.filter((r) => r.json.eventId.startsWith(marker)).length >= events.length, 60_000);
    expect(new Set(published.filter((r) => r.json.eventId.startsWith(marker)).map((r) => r.json.eventId)).size).toBe(events.length);
    expect(reader.json(Topics.purchasesDlq).length).toBe(dlqBefore);
    // Published in bounded requests, not rescued by the record-by-record fallback after failures.
    const metrics = await (await fetch(`${ingestion.baseUrl}/metrics`)).text();
    expect(metrics).not.toMatch(/kafka_consumer_retries_total\{[^}]*kind="permanent"[^}]*\} [1-9]/);
  });

  it('dead-letters bad interactions', async () => {
    const marker = `m-${randomUUID()}`;
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.interactionsRaw, ns.topicPrefix), [
      { key: marker, value: JSON.stringify(interaction({ kind: 'fax' })) },
    ]);
    const [letter] = await reader.waitFor<DeadLetterV1>(Topics.interactionsDlq, (rs) => rs.some((r) => r.key === marker));
    expect(letter).toBeDefined();
    expect(reader.json<DeadLetterV1>(Topics.interactionsDlq).find((r) => r.key === marker)!.json.reason.message).toMatch(/kind: must be one of/);
  });
});

describe('across restarts', () => {
  it('still recognizes an eventId after the service restarts', async () => {
    const event = purchase();
    expect((await postJson(`${ingestion.baseUrl}/v1/events/purchases`, event)).status).toBe(202);
    await ingestion.app.close();
    ingestion = await startIngestion(ns);
    const again = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, event);
    expect(again).toMatchObject({ status: 202, body: { status: 'duplicate' } });
  });
});

describe('dedupe window', () => {
  it('forgets eventIds older than DEDUPE_WINDOW_DAYS, and only those', async () => {
    const old = purchase();
    const recent = purchase();
    for (const event of [old, recent]) expect((await postJson(`${ingestion.baseUrl}/v1/events/purchases`, event)).status).toBe(202);
    const dataSource = ingestion.app.get(DataSource);
    await dataSource.query(`UPDATE "${ns.dbSchema}".seen_events SET first_seen_at = now() - interval '8 days' WHERE event_id = $1`, [old['eventId']]);

    expect(await ingestion.app.get(RetentionJob).runOnce()).toEqual({ dedupe: 1 });

    expect(await postJson(`${ingestion.baseUrl}/v1/events/purchases`, old)).toMatchObject({ status: 202, body: { status: 'accepted' } });
    expect(await postJson(`${ingestion.baseUrl}/v1/events/purchases`, recent)).toMatchObject({ status: 202, body: { status: 'duplicate' } });
  });
});

describe('broker unreachable', () => {
  it('answers 503 with Retry-After and accepts nothing, so a retry later is not a duplicate', async () => {
    const offline = await startIngestion(ns, { KAFKA_BROKERS: '127.0.0.1:1' });
    try {
      const event = purchase();
      const response = await postJson(`${offline.baseUrl}/v1/events/purchases`, event);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const ready = await fetch(`${offline.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { kafka: { status: 'down' }, postgres: { status: 'up' } } });

      const retried = await postJson(`${ingestion.baseUrl}/v1/events/purchases`, event);
      expect(retried).toMatchObject({ status: 202, body: { status: 'accepted' } });
    } finally {
      await offline.app.close();
    }
  });
});
