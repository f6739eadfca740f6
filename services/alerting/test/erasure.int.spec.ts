import { randomUUID } from 'node:crypto';
import { type AlertV1, type DeadLetterV1, Topics, topicName } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { DataSource } from 'typeorm';
import type { AlertRow, HistoryEntry } from '../src/lifecycle/alert-row';
import type { DeliveryView } from '../src/webhooks/delivery.store';
import { type RunningAlerting, erasure, prediction, produce, purchase, request, rulesFile, startAlerting, waitCaughtUp } from './alerting-app';
import { rowsContaining } from './schema-scan';
import { WebhookReceiver } from './webhook-receiver';

const ns = createTestNamespace('erasure');
const run = randomUUID().slice(0, 8);
const erased = `erase-me-${run}`;
const kept = `keep-me-${run}`;
const request1 = erasure(erased, `er-${run}`);
const pseudonym = `erased:${request1.eventId}`;
let alerting: RunningAlerting;
let db: DataSource;
let reader: TopicReader;
const healthy = new WebhookReceiver();
// Fails until the test says otherwise, so the erased customer's deliveries to it are still pending at the erasure.
const failing = new WebhookReceiver(() => 'fail');
let failingSubscriptionId = '';

const sql = <T>(text: string, params: unknown[] = []): Promise<T[]> => db.query(text, params);
const table = (name: string): string => `"${ns.dbSchema}".${name}`;
const alertEvents = (customerId: string): AlertV1[] => reader.json<AlertV1>(Topics.alerts).filter((r) => r.key === customerId).map((r) => r.json);
/** The outcome report without its asOf (the time of the request). */
const outcomes = async (): Promise<unknown> => {
  const { asOf: _asOf, ...report } = (await request('GET', `${alerting.baseUrl}/v1/reports/outcomes?matured=false`)).body;
  return report;
};
const listAlerts = async (query: string): Promise<AlertRow[]> => (await request<{ items: AlertRow[] }>('GET', `${alerting.baseUrl}/v1/alerts?${query}`)).body.items;

/** The customer's alerts as the outcome report sees them (everything but the customer id), with their purchases. */
const alertFacts = (customerId: string): Promise<unknown[]> =>
  sql(
    `SELECT a.alert_id, a.reason, a.status, a.level, a.action_id, a.control_group, a.opened_at, a.resolved_at, a.outcome,
            (SELECT count(*)::int FROM ${table('alert_purchases')} p WHERE p.alert_id = a.alert_id) AS purchases,
            (SELECT count(*)::int FROM ${table('alert_history')} h WHERE h.alert_id = a.alert_id) AS history
     FROM ${table('alerts')} a WHERE a.customer_id = $1 ORDER BY a.alert_id`,
    [customerId],
  );

beforeAll(async () => {
  await ns.createTopics();
  alerting = await startAlerting(ns, {
    RULES_FILE: rulesFile({ controlGroupShare: 0 }),
    // The failing receiver keeps its deliveries pending (retrying fast), never parked, during the test.
    WEBHOOK_MAX_ATTEMPTS: '1000',
    WEBHOOK_BACKOFF_BASE_MS: '50',
    WEBHOOK_BACKOFF_MAX_MS: '200',
  });
  db = alerting.app.get(DataSource);
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.alerts, Topics.alertingDlq]);
  await eventually(async () => expect((await request('GET', `${alerting.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
  for (const receiver of [healthy, failing]) {
    const created = await request<{ subscriptionId: string; secret: string }>('POST', `${alerting.baseUrl}/v1/subscriptions`, { url: await receiver.start() });
    expect(created.status).toBe(201);
    receiver.secret = created.body.secret;
    if (receiver === failing) failingSubscriptionId = created.body.subscriptionId;
  }
});

afterAll(async () => {
  await reader?.stop();
  await alerting?.app.close();
  await Promise.all([healthy.stop(), failing.stop()]);
  await ns.cleanup();
});

describe('customer erasure', () => {
  let erasedAlertIds: string[] = [];
  let factsBefore: unknown[] = [];
  let reportBefore: unknown;
  let keptBefore: Record<string, number> = {};

  it('starts from a customer named in alerts, history, state, purchases, deliveries and the outbox', async () => {
    // An alert that a purchase resolved (closed loop), then two open ones after a fall and a jump.
    await produce(ns, Topics.churnPredictions, [prediction(erased, { tier: 'gold' }), prediction(kept)]);
    await reader.waitFor<AlertV1>(Topics.alerts, (rs) => rs.some((r) => r.key === erased) && rs.some((r) => r.key === kept));
    await produce(ns, Topics.purchases, [purchase(erased)]);
    await reader.waitFor<AlertV1>(Topics.alerts, (rs) => rs.filter((r) => r.key === erased).length >= 2);
    await produce(ns, Topics.churnPredictions, [
      prediction(erased, { riskLevel: 'low', probability: 0.2, previousProbability: 0.8 }),
      prediction(erased, { riskLevel: 'high', probability: 0.8, previousProbability: 0.2 }),
    ]);
    // A record naming the customer that cannot be read: its dead letter sits in the outbox too.
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.churnPredictions, ns.topicPrefix), [{ key: erased, value: `{"customerId":"${erased}","probability":2}` }]);
    await reader.waitFor<DeadLetterV1>(Topics.alertingDlq, (rs) => rs.some((r) => r.key === erased));
    await reader.waitFor<AlertV1>(Topics.alerts, (rs) => rs.filter((r) => r.key === erased).length >= 4);
    await waitCaughtUp(ns);
    expect(alertEvents(erased).map((e) => e.type)).toEqual(['opened', 'resolved', 'opened', 'opened']);

    await eventually(() => expect(healthy.events().filter((e) => e.customerId === erased)).toHaveLength(4));
    await eventually(async () => {
      const pending = (await request<{ items: DeliveryView[] }>('GET', `${alerting.baseUrl}/v1/subscriptions/${failingSubscriptionId}/deliveries?status=pending`)).body.items;
      expect(pending).toHaveLength(5);
      expect(pending.every((d) => d.attempts > 0)).toBe(true);
    });

    const named = await rowsContaining(db, ns.dbSchema, erased);
    expect(Object.keys(named)).toEqual(expect.arrayContaining(['alerts', 'customer_state', 'webhook_deliveries', 'outbox']));
    erasedAlertIds = alertEvents(erased).filter((e) => e.type === 'opened').map((e) => e.alertId).sort();
    factsBefore = await alertFacts(erased);
    expect(factsBefore).toHaveLength(3);
    expect(factsBefore).toContainEqual(expect.objectContaining({ status: 'resolved', outcome: 'retained', purchases: 1 }));
    reportBefore = await outcomes();
    keptBefore = await rowsContaining(db, ns.dbSchema, kept);
  });

  it('leaves no row anywhere in the schema naming the customer, and the outcome report unchanged', async () => {
    await produce(ns, Topics.customerErasures, [request1]);
    await waitCaughtUp(ns);

    expect(await rowsContaining(db, ns.dbSchema, erased)).toEqual({});
    // The same alerts, history and closed-loop purchases, under the pseudonym: the report counts what it counted.
    expect(await alertFacts(pseudonym)).toEqual(factsBefore);
    expect(await outcomes()).toEqual(reportBefore);
    expect(await sql(`SELECT 1 FROM ${table('customer_state')} WHERE customer_id = ANY($1)`, [[erased, pseudonym]])).toEqual([]);

    // Delivered webhooks stay as the record of what was sent, naming the pseudonym; undelivered ones are gone.
    const deliveries = await sql<{ status: string; body: string }>(`SELECT status, body FROM ${table('webhook_deliveries')} WHERE alert_id = ANY($1)`, [erasedAlertIds]);
    expect(deliveries).toHaveLength(4);
    expect(deliveries.every((d) => d.status === 'delivered' && (JSON.parse(d.body) as AlertV1).customerId === pseudonym)).toBe(true);
  });

  it('no longer answers with the customer id over HTTP', async () => {
    expect(await listAlerts(`customerId=${encodeURIComponent(erased)}`)).toEqual([]);
    const all = await listAlerts('limit=1000');
    expect(all.some((a) => a.customerId === erased)).toBe(false);
    expect(all.filter((a) => a.customerId === pseudonym).map((a) => a.alertId).sort()).toEqual(erasedAlertIds);
    const detail = await request<AlertRow & { history: HistoryEntry[] }>('GET', `${alerting.baseUrl}/v1/alerts/${erasedAlertIds[0]}`);
    expect(detail.body.customerId).toBe(pseudonym);
    expect(detail.body.history.length).toBeGreaterThan(0);
    expect(JSON.stringify(detail.body)).not.toContain(erased);
  });

  it('leaves other customers untouched', async () => {
    expect(await rowsContaining(db, ns.dbSchema, kept)).toEqual(keptBefore);
    expect(await listAlerts(`customerId=${kept}`)).toEqual([expect.objectContaining({ customerId: kept, status: 'open' })]);
  });

  it('never sends the erased customer pending deliveries, while the others still go out', async () => {
    // Let the attempts in flight at the erasure be answered (failing) before the receiver recovers.
    await new Promise((resolve) => setTimeout(resolve, 500));
    failing.behaviour = () => 'ok';
    await eventually(() => expect(failing.events().filter((e) => e.customerId === kept)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(failing.accepted.filter((d) => d.event.customerId !== kept)).toEqual([]);
  });

  it('changes nothing when the erasure is replayed or requested again', async () => {
    const snapshot = async (): Promise<unknown> => ({
      facts: await alertFacts(pseudonym),
      deliveries: await sql(`SELECT delivery_id, body, status FROM ${table('webhook_deliveries')} WHERE alert_id = ANY($1) ORDER BY delivery_id`, [erasedAlertIds]),
      kept: await rowsContaining(db, ns.dbSchema, kept),
      report: await outcomes(),
    });
    const before = await snapshot();
    await produce(ns, Topics.customerErasures, [request1, erasure(erased), erasure(`never-seen-${run}`)]);
    await waitCaughtUp(ns);
    expect(await snapshot()).toEqual(before);
    expect(await rowsContaining(db, ns.dbSchema, erased)).toEqual({});
    const recorded = await sql<{ event_id: string }>(`SELECT event_id FROM ${table('processed_events')} WHERE consumer = $1`, [`alerting:${Topics.customerErasures}`]);
    expect(recorded.filter((r) => r.event_id === request1.eventId)).toHaveLength(1);
    expect(recorded).toHaveLength(3);
  });

  it('dead-letters an invalid erasure request with the reason and goes on', async () => {
    const key = `junk-erasure-${run}`;
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.customerErasures, ns.topicPrefix), [{ key, value: '{"customerId":"junk"}' }]);
    const letters = await reader.waitFor<DeadLetterV1>(Topics.alertingDlq, (rs) => rs.some((r) => r.key === key));
    const letter = letters.find((r) => r.key === key)!.json;
    expect(letter.source).toMatchObject({ transport: 'kafka', topic: topicName(Topics.customerErasures, ns.topicPrefix) });
    expect(letter.reason.message).toMatch(/eventId: is required/);
    expect(letter.originalPayload).toBe('{"customerId":"junk"}');
  });
});
