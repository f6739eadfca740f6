import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type PurchaseV1, Topics } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually } from '@churn/testing';
import { type RunningAlerting, prediction, produce, rulesFile, startAlerting } from '../../alerting/test/alerting-app';
import { type RunningIngestion, startIngestion } from '../../ingestion/test/ingestion-app';
import { type RunningLedger, startLedger } from '../../loyalty-ledger/test/ledger-app';
import { type Answer, type FakeUpstream, type RunningGateway, call, closedUrl, json, startFakeUpstream, startGateway } from './gateway-app';

/**
 * The forwarders against the real ingestion, alerting and loyalty-ledger apps (same namespace:
 * real Kafka and Postgres, each service in its own schema). Only the failure modes the real
 * services cannot be made to show on demand use a stand-in: a scoring that is slow or fails.
 */
const ns = createTestNamespace('gatewayfwd');
const run = randomUUID().slice(0, 8);
const schemas = { alerting: `${ns.dbSchema}_al`, ledger: `${ns.dbSchema}_ll` };
const TIMEOUT_MS = 2_000;
let ingestion: RunningIngestion;
let alerting: RunningAlerting | undefined;
let ledger: RunningLedger | undefined;
let gateway: RunningGateway;
let scoringStandIn: FakeUpstream;
let pg: Client;
let reader: TopicReader;

beforeAll(async () => {
  await ns.createTopics();
  pg = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
  await pg.connect();
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.purchases]);
  ingestion = await startIngestion(ns);
  // No control group: the alert opened below is a treated one, so the outcome report counts it as such.
  alerting = await startAlerting(ns, { DB_SCHEMA: schemas.alerting, RULES_FILE: rulesFile({ controlGroupShare: 0 }) });
  ledger = await startLedger(ns, { DB_SCHEMA: schemas.ledger });
  // scoring as it looks when it hangs (c-slow) or fails (anyone else): what the real one cannot be made to do.
  scoringStandIn = await startFakeUpstream((request, response) => {
    if (request.url.startsWith('/v1/customers/c-slow/')) return void setTimeout(() => json(response, 200, {}), TIMEOUT_MS + 1_000);
    response.writeHead(500, { 'content-type': 'text/plain' });
    response.end('boom');
  });
  gateway = await startGateway(ns, {
    INGESTION_URL: ingestion.baseUrl,
    ALERTING_URL: alerting.baseUrl,
    LOYALTY_URL: ledger.baseUrl,
    SCORING_URL: scoringStandIn.url,
    CHURN_PREDICTION_URL: await closedUrl(),
    UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  for (const service of [alerting, ledger]) {
    await eventually(async () => expect((await call('GET', `${service.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
  }
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await ingestion?.app.close();
  await alerting?.app.close();
  await ledger?.app.close();
  await scoringStandIn?.close();
  await reader?.stop();
  await pg?.query(`DROP SCHEMA IF EXISTS "${schemas.alerting}" CASCADE`);
  await pg?.query(`DROP SCHEMA IF EXISTS "${schemas.ledger}" CASCADE`);
  await pg?.end();
  await ns.cleanup();
});

const auditOf = async (action: string) =>
  (await pg.query(`SELECT key_id, target, status, request_id FROM "${gateway.schema}".audit_log WHERE action = $1 ORDER BY id`, [action])).rows as { key_id: string; target: string; status: number; request_id: string }[];

function expectProblem(answer: Answer, status: number, fields: Record<string, unknown>): void {
  expect(answer).toMatchObject({ status, body: { status, ...fields } });
  expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(answer.body['requestId']).toEqual(expect.any(String));
}

describe('events forwarded to ingestion', () => {
  it('forwards a purchase to the real ingestion (202 once on Kafka), with the request id, and audits it', async () => {
    const key = await gateway.key(['events:write']);
    const eventId = `evt-${randomUUID()}`;
    const body = { eventId, type: 'purchase', customerId: 'c-fwd', orderId: 'o-1', occurredAt: '2026-11-20T10:00:00+01:00', amount: '12.50', currency: 'EUR' };
    const accepted = await call('POST', `${gateway.baseUrl}/v1/events/purchases`, { key, body, headers: { 'x-request-id': 'fwd-req-1' } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'accepted', eventId });
    const records = await reader.waitFor<PurchaseV1>(Topics.purchases, (rs) => rs.some((r) => r.json.eventId === eventId));
    expect(records.find((r) => r.json.eventId === eventId)!.json).toMatchObject({ amountMinor: 1250, occurredAt: '2026-11-20T09:00:00.000Z' });
    expect((await call('POST', `${gateway.baseUrl}/v1/events/purchases`, { key, body })).body).toMatchObject({ status: 'duplicate' });

    const invalid = await call('POST', `${gateway.baseUrl}/v1/events/interactions`, { key, body: { eventId: 'x' } });
    expectProblem(invalid, 400, { upstream: 'ingestion', detail: expect.any(String) });
    expect((await call('POST', `${gateway.baseUrl}/v1/events/purchases`, { body })).status).toBe(401);
    expect((await call('POST', `${gateway.baseUrl}/v1/events/purchases`, { key: await gateway.key(['scores:read']), body })).status).toBe(403);

    const audit = await auditOf('events.purchases');
    // Refused before forwarding (401/403) is not a write that happened: only forwarded writes are audited.
    expect(audit.map((a) => a.status)).toEqual([202, 202]);
    expect(audit[0]!.request_id).toBe('fwd-req-1');
    expect((await auditOf('events.interactions')).map((a) => a.status)).toEqual([400]);
  });
});

describe('alerts forwarded to the real alerting', () => {
  const customerId = `c-alert-${run}`;
  const alerts = (key: string, query = `customerId=${customerId}`) => call('GET', `${gateway.baseUrl}/v1/alerts?${query}`, { key });

  it('shows the alert a churn prediction opened, acks and resolves it (audited), and maps its errors', async () => {
    const reader = await gateway.key(['alerts:read']);
    const writer = await gateway.key(['alerts:write']);
    await produce(ns, Topics.churnPredictions, [prediction(customerId, { riskLevel: 'high', probability: 0.83, tier: 'gold' })]);
    const listed = await eventually(async () => {
      const answer = await alerts(reader);
      expect(answer.status).toBe(200);
      expect(answer.body['items']).toHaveLength(1);
      return answer.body as { items: { alertId: string }[]; nextCursor: string | null };
    }, 60_000, 250);
    expect(listed).toMatchObject({ items: [{ customerId, status: 'open', level: 'high', probability: 0.83, reason: 'risk-level', tier: 'gold' }], nextCursor: null });
    const alertId = listed.items[0]!.alertId;
    // alerting's own filters pass through: the alert is open, not acknowledged.
    expect((await alerts(reader, `customerId=${customerId}&status=acknowledged`)).body).toMatchObject({ items: [] });
    expectProblem(await alerts(reader, 'level=severe'), 400, { upstream: 'alerting', detail: expect.stringMatching(/level/) });

    expect((await call('GET', `${gateway.baseUrl}/v1/alerts`)).status).toBe(401);
    expect((await alerts(await gateway.key(['loyalty:read']))).status).toBe(403);
    const one = await call('GET', `${gateway.baseUrl}/v1/alerts/${alertId}`, { key: reader, headers: { 'x-request-id': 'alert-get-1' } });
    expect(one).toMatchObject({ status: 200, body: { alertId, customerId, history: [expect.objectContaining({ type: 'opened' })] } });
    expect(one.headers.get('x-request-id')).toBe('alert-get-1');
    expectProblem(await call('GET', `${gateway.baseUrl}/v1/alerts/al-unknown`, { key: reader }), 404, { upstream: 'alerting', detail: 'no such alert' });

    const ack = (key: string) => call('POST', `${gateway.baseUrl}/v1/alerts/${alertId}/ack`, { key, body: { by: 'op-17' } });
    expect((await ack(reader)).status).toBe(403);
    expect(await ack(writer)).toMatchObject({ status: 200, body: { alertId, status: 'acknowledged' } });
    expectProblem(await ack(writer), 409, { upstream: 'alerting' });
    const resolve = (body: unknown) => call('POST', `${gateway.baseUrl}/v1/alerts/${alertId}/resolve`, { key: writer, body });
    expectProblem(await resolve({ by: 'op-17', outcome: 'maybe' }), 400, { upstream: 'alerting', detail: expect.stringMatching(/outcome/) });
    expect(await resolve({ by: 'op-17', outcome: 'retained' })).toMatchObject({ status: 200, body: { alertId, status: 'resolved' } });
    expectProblem(await resolve({ by: 'op-17', outcome: 'retained' }), 409, { upstream: 'alerting' });
    const history = (await call('GET', `${gateway.baseUrl}/v1/alerts/${alertId}`, { key: reader })).body['history'] as { type: string }[];
    expect(history.map((h) => h.type)).toEqual(['opened', 'acknowledged', 'resolved']);

    const outcomes = await call('GET', `${gateway.baseUrl}/v1/reports/outcomes?matured=false`, { key: reader });
    expect(outcomes).toMatchObject({ status: 200, body: { overall: { treatment: { alerts: 1 }, control: { alerts: 0 } } } });
    expectProblem(await call('GET', `${gateway.baseUrl}/v1/reports/outcomes?matured=maybe`, { key: reader }), 400, { upstream: 'alerting' });

    expect((await auditOf('alerts.ack')).map((a) => [a.target, a.status])).toEqual([[alertId, 200], [alertId, 409]]);
    expect((await auditOf('alerts.resolve')).map((a) => [a.target, a.status])).toEqual([[alertId, 400], [alertId, 200], [alertId, 409]]);
  }, 90_000);
});

describe('loyalty forwarded to the real loyalty-ledger', () => {
  const customerId = `c-points-${run}`;
  const base = `/v1/customers/${customerId}/loyalty`;

  it('earns on a purchase, shows balance and statement, adjusts, and redeems once per Idempotency-Key', async () => {
    const reader = await gateway.key(['loyalty:read']);
    const writer = await gateway.key(['loyalty:write']);
    const events = await gateway.key(['events:write']);
    const purchase = { eventId: `evt-${randomUUID()}`, type: 'purchase', customerId, orderId: `o-${run}`, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), amount: '250.00', currency: 'EUR', channel: 'online' };
    expect((await call('POST', `${gateway.baseUrl}/v1/events/purchases`, { key: events, body: purchase })).status).toBe(202);
    // 250.00 EUR online: 250 base points + the 100-point first-purchase milestone, locked for the return window.
    await eventually(async () => expect((await call('GET', `${gateway.baseUrl}${base}`, { key: reader })).body).toMatchObject({ available: 0, locked: 350, tier: 'basic' }), 60_000, 250);
    expect((await call('GET', `${gateway.baseUrl}${base}`)).status).toBe(401);
    expect((await call('GET', `${gateway.baseUrl}${base}`, { key: await gateway.key(['alerts:read']) })).status).toBe(403);

    const adjust = (body: unknown, idempotencyKey?: string) =>
      call('POST', `${gateway.baseUrl}${base}/adjustments`, { key: writer, body, ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}) });
    expect((await call('POST', `${gateway.baseUrl}${base}/adjustments`, { key: reader, body: { points: 200, reason: 'goodwill', operator: 'op-17' } })).status).toBe(403);
    expectProblem(await adjust({ points: 200, reason: 'goodwill', operator: 'op-17' }), 400, { upstream: 'loyalty-ledger', detail: expect.stringMatching(/Idempotency-Key/) });
    expect(await adjust({ points: 200, reason: 'goodwill', operator: 'op-17' }, `adj-${run}`)).toMatchObject({ status: 201, body: { status: 'adjusted', points: 200, balance: { available: 200, locked: 350 } } });
    expectProblem(await adjust({ points: -500, reason: 'correction', operator: 'op-17' }, `adj-debit-${run}`), 422, { upstream: 'loyalty-ledger', reason: expect.any(String) });

    const redeem = (key: string, body: unknown, idempotencyKey?: string) =>
      call('POST', `${gateway.baseUrl}${base}/redemptions`, { key, body, ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}) });
    expect((await redeem(reader, { points: 120 }, `red-${run}`)).status).toBe(403);
    expectProblem(await redeem(writer, { points: 120 }), 400, { detail: expect.stringMatching(/Idempotency-Key/) });
    const redeemed = await redeem(writer, { points: 120 }, `red-${run}`);
    expect(redeemed).toMatchObject({ status: 201, body: { requestId: `red-${run}`, status: 'redeemed', points: 120, balance: { available: 80, locked: 350 } } });
    const repeated = await redeem(writer, { points: 120 }, `red-${run}`);
    expect(repeated).toMatchObject({ status: 201, body: redeemed.body });
    expectProblem(await redeem(writer, { points: 50 }, `red-${run}`), 409, { upstream: 'loyalty-ledger' });
    expectProblem(await redeem(writer, { points: 1_000 }, `red-big-${run}`), 422, { upstream: 'loyalty-ledger', reason: 'insufficient-balance' });
    expect((await call('GET', `${gateway.baseUrl}${base}`, { key: reader })).body).toMatchObject({ available: 80, locked: 350 });

    const statement = await call('GET', `${gateway.baseUrl}${base}/statement?limit=2`, { key: reader });
    expect(statement.status).toBe(200);
    const entries = statement.body['entries'] as unknown[];
    expect(entries).toHaveLength(2);
    expect(statement.body['next']).toEqual(expect.any(String));
    const rest = await call('GET', `${gateway.baseUrl}${base}/statement?limit=50&cursor=${statement.body['next'] as string}`, { key: reader });
    expect(rest.status).toBe(200);
    expect((rest.body['entries'] as unknown[]).length).toBeGreaterThan(0);
    expectProblem(await call('GET', `${gateway.baseUrl}${base}/statement?limit=0`, { key: reader }), 400, { upstream: 'loyalty-ledger', detail: expect.stringMatching(/limit/) });

    expect((await auditOf('loyalty.redeem')).map((a) => [a.target, a.status])).toEqual([201, 201, 409, 422].map((s) => [customerId, s]));
    expect((await auditOf('loyalty.adjust')).map((a) => a.status)).toEqual([400, 201, 422]);
  }, 90_000);
});

describe('upstream failures', () => {
  it('answers 504 when a service is too slow and 502 when it fails, sending the request id along', async () => {
    const admin = await gateway.key(['admin']);
    const slow = await call('GET', `${gateway.baseUrl}/v1/customers/c-slow/score`, { key: admin });
    expectProblem(slow, 504, { detail: `scoring did not answer within ${TIMEOUT_MS} ms`, upstream: 'scoring' });
    // Redis has no score for c-1, so the gateway asks scoring, which answers 500 here.
    const failing = await call('GET', `${gateway.baseUrl}/v1/customers/c-1/score`, { key: admin, headers: { 'x-request-id': 'score-req-1' } });
    expectProblem(failing, 502, { upstream: 'scoring', title: 'Bad gateway' });
    expect(scoringStandIn.requests.at(-1)!.headers['x-request-id']).toBe('score-req-1');
    const down = await call('GET', `${gateway.baseUrl}/v1/customers/c-1/export`, { key: admin });
    expect(down.body).toMatchObject({ churnPrediction: { prediction: { status: 'unavailable', reason: expect.stringMatching(/churn-prediction is unreachable/) } } });
  });

  it('answers 503 with Retry-After and a reason once alerting and loyalty-ledger are stopped', async () => {
    await alerting!.app.close();
    alerting = undefined;
    await ledger!.app.close();
    ledger = undefined;
    const admin = await gateway.key(['admin']);
    const alertsDown = await call('GET', `${gateway.baseUrl}/v1/alerts`, { key: admin });
    expectProblem(alertsDown, 503, { upstream: 'alerting', detail: expect.stringMatching(/^alerting is unreachable \(ECONNREFUSED\)/) });
    expect(alertsDown.headers.get('retry-after')).toBe('5');
    const loyaltyDown = await call('POST', `${gateway.baseUrl}/v1/customers/c-1/loyalty/redemptions`, { key: admin, body: { points: 1 }, headers: { 'idempotency-key': 'down-1' } });
    expectProblem(loyaltyDown, 503, { upstream: 'loyalty-ledger', detail: expect.stringMatching(/^loyalty-ledger is unreachable/) });
    expect((await auditOf('loyalty.redeem')).at(-1)).toMatchObject({ target: 'c-1', status: 503 });
  });
});
