import { randomUUID } from 'node:crypto';
import { type AlertV1, AlertV1 as AlertSchema, type DeadLetterV1, Topics, compileSchema, topicName } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import type { AlertRow, HistoryEntry } from '../src/lifecycle/alert-row';
import { type RunningAlerting, prediction, produce, purchase, request, rulesFile, startAlerting, waitCaughtUp } from './alerting-app';
import { WebhookReceiver } from './webhook-receiver';

const ns = createTestNamespace('alerting');
const run = randomUUID().slice(0, 8);
const customer = (name: string): string => `${name}-${run}`;
let alerting: RunningAlerting;
let reader: TopicReader;
const recorder = new WebhookReceiver();

const alertEvents = (customerId: string): AlertV1[] => reader.json<AlertV1>(Topics.alerts).filter((r) => r.key === customerId).map((r) => r.json);
const waitForEvents = (customerId: string, count: number): Promise<unknown> =>
  reader.waitFor<AlertV1>(Topics.alerts, (rs) => rs.filter((r) => r.key === customerId).length >= count);
const alertsOf = async (customerId: string): Promise<AlertRow[]> =>
  (await request<{ items: AlertRow[] }>('GET', `${alerting.baseUrl}/v1/alerts?customerId=${encodeURIComponent(customerId)}`)).body.items;

beforeAll(async () => {
  await ns.createTopics();
  alerting = await startAlerting(ns, { RULES_FILE: rulesFile({ controlGroupShare: 0 }) });
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.alerts, Topics.alertingDlq]);
  await eventually(async () => expect((await request('GET', `${alerting.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
  const created = await request<{ secret: string }>('POST', `${alerting.baseUrl}/v1/subscriptions`, { url: await recorder.start(), description: 'recorder' });
  expect(created.status).toBe(201);
  recorder.secret = created.body.secret;
});

afterAll(async () => {
  await reader?.stop();
  await alerting?.app.close();
  await recorder.stop();
  await ns.cleanup();
});

describe('predictions to alerts.v1', () => {
  it('opens on a rise to medium, updates instead of duplicating, escalates on a rise to high, and a replay changes nothing', async () => {
    const c = customer('rise');
    const records = [
      prediction(c, { riskLevel: 'medium', probability: 0.5 }),
      prediction(c, { riskLevel: 'medium', probability: 0.55, previousProbability: 0.5 }),
      prediction(c, { riskLevel: 'high', probability: 0.72, previousProbability: 0.55, tier: 'gold' }),
    ];
    await produce(ns, Topics.churnPredictions, records);
    await waitForEvents(c, 2);
    await waitCaughtUp(ns);
    await produce(ns, Topics.churnPredictions, records);
    await waitCaughtUp(ns);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const events = alertEvents(c);
    expect(events.map((e) => [e.type, e.reason, e.level])).toEqual([
      ['opened', 'risk-level', 'medium'],
      ['escalated', 'risk-level', 'high'],
    ]);
    const validate = compileSchema(AlertSchema);
    expect(events.map((e) => validate(e).ok)).toEqual([true, true]);
    expect(events[1]).toMatchObject({
      customerId: c,
      source: 'alerting',
      probability: 0.72,
      priority: 2.88,
      valueTier: 'gold',
      queue: 'account-manager',
      suggestedActionId: 'account-manager-call',
      controlGroup: false,
      ruleVersion: '2026-11-24.1',
      modelVersion: 'model-test-1',
      drivers: [expect.objectContaining({ text: 'no purchase for 94 days, 3x the usual gap of 31 days' })],
    });
    expect(events[1]!.suggestedAction).toMatch(/^Account manager calls immediately .*no purchase for 94 days/);
    expect(reader.json<AlertV1>(Topics.alerts).filter((r) => r.key === c).every((r) => r.headers['eventId'] === r.json.eventId)).toBe(true);

    const [alert, ...others] = await alertsOf(c);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ status: 'open', level: 'high', probability: 0.72, reason: 'risk-level' });
    const detail = await request<AlertRow & { history: HistoryEntry[] }>('GET', `${alerting.baseUrl}/v1/alerts/${alert!.alertId}`);
    expect(detail.body.history.map((h) => [h.type, h.level, h.actor])).toEqual([
      ['opened', 'medium', 'system'],
      ['escalated', 'high', 'system'],
    ]);
  });

  it('routes 3+ warning signals to the VIP team even at a low level, and opens a jump alert beside it', async () => {
    const c = customer('signals');
    await produce(ns, Topics.churnPredictions, [
      prediction(c, { riskLevel: 'low', probability: 0.38, signals: ['long-gap', 'order-drop', 'unresolved-complaint'] }),
      prediction(c, { riskLevel: 'low', probability: 0.39, previousProbability: 0.38, signals: ['long-gap', 'order-drop', 'unresolved-complaint', 'refunds'] }),
    ]);
    await waitForEvents(c, 1);
    await waitCaughtUp(ns);
    expect(alertEvents(c).map((e) => [e.type, e.reason, e.queue, e.level])).toEqual([['opened', 'multi-signal', 'vip-team', 'low']]);

    await produce(ns, Topics.churnPredictions, [prediction(c, { riskLevel: 'medium', probability: 0.65, previousProbability: 0.39, tier: 'diamond', signals: ['long-gap'] })]);
    await waitForEvents(c, 3);
    const reasons = alertEvents(c).slice(1).map((e) => [e.type, e.reason, e.queue]);
    expect(reasons).toEqual(expect.arrayContaining([['opened', 'risk-level', 'account-manager'], ['opened', 'probability-jump', 'account-manager'], ['escalated', 'multi-signal', 'vip-team']]));
  });

  it('auto-resolves when the risk falls below the threshold, recording why', async () => {
    const c = customer('fall');
    await produce(ns, Topics.churnPredictions, [prediction(c), prediction(c, { riskLevel: 'low', probability: 0.2, previousProbability: 0.8 })]);
    await waitForEvents(c, 2);
    expect(alertEvents(c).map((e) => [e.type, e.resolution])).toEqual([
      ['opened', undefined],
      ['resolved', { cause: 'risk-fell', by: 'system' }],
    ]);
    expect((await alertsOf(c))[0]).toMatchObject({ status: 'resolved', resolutionCause: 'risk-fell', resolvedBy: 'system' });
  });

  it('auto-resolves when the customer buys again, and counts the purchase in the outcome report', async () => {
    const c = customer('buys');
    await produce(ns, Topics.churnPredictions, [prediction(c, { tier: 'silver' })]);
    await waitForEvents(c, 1);
    const before = (await request<{ byAction: { key: string; treatment: { retained: number } }[] }>('GET', `${alerting.baseUrl}/v1/reports/outcomes?matured=false`)).body;
    const retainedBefore = before.byAction.find((g) => g.key === 'win-back-offer')?.treatment.retained ?? 0;
    const bought = purchase(c);
    await produce(ns, Topics.purchases, [bought, bought]);
    await waitForEvents(c, 2);
    expect(alertEvents(c)[1]).toMatchObject({ type: 'resolved', resolution: { cause: 'purchase', outcome: 'retained', by: 'system' } });

    const report = await request<{ matured: boolean; byAction: { key: string; treatment: { retained: number } }[]; byReason: { key: string }[] }>(
      'GET',
      `${alerting.baseUrl}/v1/reports/outcomes?matured=false`,
    );
    expect(report.status).toBe(200);
    expect(report.body.matured).toBe(false);
    expect(report.body.byAction.find((g) => g.key === 'win-back-offer')!.treatment.retained).toBe(retainedBefore + 1);
    // Nothing has matured yet: every alert opened minutes ago, the window is 90 days.
    const matured = await request<{ overall: { treatment: { alerts: number } } }>('GET', `${alerting.baseUrl}/v1/reports/outcomes`);
    expect(matured.body.overall.treatment.alerts).toBe(0);
  });

  it('lets at most 3 alerts per customer and week reach a channel; the 4th is recorded and published, held back', async () => {
    const c = customer('fatigue');
    for (let cycle = 0; cycle < 4; cycle++) {
      await produce(ns, Topics.churnPredictions, [prediction(c), prediction(c, { riskLevel: 'low', probability: 0.1 })]);
      await waitForEvents(c, 2 * (cycle + 1));
    }
    const opened = alertEvents(c).filter((e) => e.type === 'opened');
    expect(opened.map((e) => e.heldBackBy ?? 'reaches channels')).toEqual(['reaches channels', 'reaches channels', 'reaches channels', 'contact-fatigue']);
    await eventually(() => expect(recorder.events().filter((e) => e.customerId === c)).toHaveLength(6));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const delivered = recorder.events().filter((e) => e.customerId === c);
    expect(delivered.filter((e) => e.type === 'opened').map((e) => e.alertId)).toEqual(opened.slice(0, 3).map((e) => e.alertId));
    expect(delivered.some((e) => e.alertId === opened[3]!.alertId)).toBe(false);
  });

  it('acknowledges and resolves over HTTP with who and outcome, refusing illegal steps', async () => {
    const c = customer('ops');
    await produce(ns, Topics.churnPredictions, [prediction(c)]);
    await waitForEvents(c, 1);
    const { alertId } = alertEvents(c)[0]!;
    const url = `${alerting.baseUrl}/v1/alerts/${alertId}`;
    expect(await request('POST', `${url}/ack`, { by: 'op-17' })).toMatchObject({ status: 200, body: { status: 'acknowledged', acknowledgedBy: 'op-17' } });
    const again = await request('POST', `${url}/ack`, { by: 'op-17' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await request('POST', `${url}/resolve`, { by: 'op-17', outcome: 'maybe' })).status).toBe(400);
    expect(await request('POST', `${url}/resolve`, { by: 'op-18', outcome: 'retained' })).toMatchObject({ status: 200, body: { status: 'resolved', outcome: 'retained', resolvedBy: 'op-18' } });
    expect((await request('POST', `${url}/resolve`, { by: 'op-18', outcome: 'retained' })).status).toBe(409);
    expect((await request('POST', `${alerting.baseUrl}/v1/alerts/nope/ack`, { by: 'x' })).status).toBe(404);

    await waitForEvents(c, 3);
    expect(alertEvents(c).map((e) => [e.type, e.actor, e.resolution])).toEqual([
      ['opened', undefined, undefined],
      ['acknowledged', 'op-17', undefined],
      ['resolved', 'op-18', { cause: 'manual', by: 'op-18', outcome: 'retained' }],
    ]);
    const history = (await request<{ history: HistoryEntry[] }>('GET', url)).body.history;
    expect(history.map((h) => [h.type, h.actor])).toEqual([
      ['opened', 'system'],
      ['acknowledged', 'op-17'],
      ['resolved', 'op-18'],
    ]);
  });

  it('signs every webhook so that the receiver can verify it', async () => {
    await eventually(() => expect(recorder.accepted.length).toBeGreaterThan(5));
    expect(recorder.accepted.every((d) => d.signatureValid)).toBe(true);
  });

  it('lists and filters alerts newest first with a cursor', async () => {
    const page1 = await request<{ items: AlertRow[]; nextCursor: string | null }>('GET', `${alerting.baseUrl}/v1/alerts?limit=2`);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await request<{ items: AlertRow[]; nextCursor: string | null }>('GET', `${alerting.baseUrl}/v1/alerts?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.length).toBeGreaterThan(0);
    const all = [...page1.body.items, ...page2.body.items];
    expect(new Set(all.map((a) => a.alertId)).size).toBe(all.length);
    expect(all.map((a) => a.openedAt)).toEqual([...all.map((a) => a.openedAt)].sort().reverse());
    const vip = await request<{ items: AlertRow[] }>('GET', `${alerting.baseUrl}/v1/alerts?queue=vip-team&status=open`);
    expect(vip.body.items.length).toBeGreaterThan(0);
    expect(vip.body.items.every((a) => a.queue === 'vip-team' && a.status === 'open')).toBe(true);
    expect((await request('GET', `${alerting.baseUrl}/v1/alerts?level=extreme`)).status).toBe(400);
    expect((await request('GET', `${alerting.baseUrl}/v1/alerts?cursor=garbage`)).status).toBe(400);
  });

  it('dead-letters an invalid prediction once, with the reason, and goes on', async () => {
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.churnPredictions, ns.topicPrefix), [{ key: 'junk', value: '{"customerId":"junk","probability":2}' }]);
    const letters = await reader.waitFor<DeadLetterV1>(Topics.alertingDlq, (rs) => rs.length >= 1);
    expect(letters[0]!.json.reason.message).toMatch(/eventId: is required/);
    expect(letters[0]!.json.originalPayload).toBe('{"customerId":"junk","probability":2}');
  });

  it('dry-runs candidate rules over recent predictions and refuses an invalid rule set with every problem', async () => {
    const active = (await request<Record<string, unknown>>('GET', `${alerting.baseUrl}/v1/rules`)).body;
    const stricter = { ...active, version: 'candidate', open: { onLevels: ['high'], probabilityJump: null, minSignals: 5 } };
    const result = await request<{ candidate: { opened: number; ruleVersion: string; openedBy: { reason: Record<string, number> } }; active: { opened: number } }>(
      'POST',
      `${alerting.baseUrl}/v1/rules/dry-run`,
      { rules: stricter },
    );
    expect(result.status).toBe(200);
    expect(result.body.candidate.ruleVersion).toBe('candidate');
    expect(result.body.active.opened).toBeGreaterThan(result.body.candidate.opened);
    expect(result.body.candidate.openedBy.reason['multi-signal']).toBeUndefined();

    const bad = await request<{ problems: string[] }>('POST', `${alerting.baseUrl}/v1/rules/dry-run`, { rules: { ...active, controlGroupShare: 2, tierWeights: { diamond: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual(expect.arrayContaining([expect.stringMatching(/controlGroupShare/), expect.stringMatching(/tierWeights.gold: is required/)]));
  });
});
