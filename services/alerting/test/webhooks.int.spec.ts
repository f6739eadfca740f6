import { randomUUID } from 'node:crypto';
import { type AlertV1, Topics } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually } from '@churn/testing';
import type { DeliveryView } from '../src/webhooks/delivery.store';
import { type RunningAlerting, prediction, produce, request, rulesFile, startAlerting } from './alerting-app';
import { WebhookReceiver } from './webhook-receiver';

const ns = createTestNamespace('webhooks');
const run = randomUUID().slice(0, 8);
const MAX_ATTEMPTS = 3;
let alerting: RunningAlerting;
let reader: TopicReader;
const receivers: WebhookReceiver[] = [];

/** A receiver subscribed with the given filter; its secret is the one the service generated. */
async function subscribe(receiver: WebhookReceiver, filter: Record<string, string[]>): Promise<string> {
  receivers.push(receiver);
  const created = await request<{ subscriptionId: string; secret: string }>('POST', `${alerting.baseUrl}/v1/subscriptions`, { url: await receiver.start(), filter });
  expect(created.status).toBe(201);
  receiver.secret = created.body.secret;
  return created.body.subscriptionId;
}

const deliveries = async (subscriptionId: string, status?: string): Promise<DeliveryView[]> =>
  (await request<{ items: DeliveryView[] }>('GET', `${alerting.baseUrl}/v1/subscriptions/${subscriptionId}/deliveries${status ? `?status=${status}` : ''}`)).body.items;

beforeAll(async () => {
  await ns.createTopics();
  alerting = await startAlerting(ns, {
    RULES_FILE: rulesFile({ controlGroupShare: 0 }),
    WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    WEBHOOK_BACKOFF_BASE_MS: '50',
    WEBHOOK_BACKOFF_MAX_MS: '200',
    WEBHOOK_TIMEOUT_MS: '3000',
  });
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.alerts]);
  await eventually(async () => expect((await request('GET', `${alerting.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
});

afterAll(async () => {
  await reader?.stop();
  await alerting?.app.close();
  await Promise.all(receivers.map((r) => r.stop()));
  await ns.cleanup();
});

describe('webhook deliveries', () => {
  it('retries with backoff after the receiver fails twice, then delivers once, signed', async () => {
    const flaky = new WebhookReceiver((seen) => (seen < 2 ? 'fail' : 'ok'));
    const subscriptionId = await subscribe(flaky, { tiers: ['gold'] });
    const c = `flaky-${run}`;
    await produce(ns, Topics.churnPredictions, [prediction(c, { tier: 'gold' })]);
    await eventually(() => expect(flaky.accepted).toHaveLength(1));
    expect(flaky.accepted[0]).toMatchObject({ signatureValid: true, event: { customerId: c, type: 'opened', valueTier: 'gold' } });
    expect([...flaky.attempts.values()]).toEqual([3]);
    const [delivery] = await deliveries(subscriptionId);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204, lastError: null });
  });

  it('parks a delivery after N failures with the reason, and delivers it when re-driven', async () => {
    const broken = new WebhookReceiver(() => 'fail');
    const subscriptionId = await subscribe(broken, { tiers: ['silver'] });
    const c = `broken-${run}`;
    await produce(ns, Topics.churnPredictions, [prediction(c, { tier: 'silver' })]);
    const [parked] = await eventually(async () => {
      const list = await deliveries(subscriptionId, 'parked');
      expect(list).toHaveLength(1);
      return list;
    });
    expect(parked).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatus: 500, lastError: `parked after ${MAX_ATTEMPTS} failed attempts; last: HTTP 500` });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...broken.attempts.values()]).toEqual([MAX_ATTEMPTS]);

    broken.behaviour = () => 'ok';
    const redriven = await request<DeliveryView>('POST', `${alerting.baseUrl}/v1/deliveries/${parked!.deliveryId}/redrive`);
    expect(redriven.status).toBe(200);
    await eventually(() => expect(broken.accepted).toHaveLength(1));
    expect(broken.accepted[0]!.signatureValid).toBe(true);
    await eventually(async () => expect((await request<DeliveryView>('GET', `${alerting.baseUrl}/v1/deliveries/${parked!.deliveryId}`)).body.status).toBe('delivered'));
    expect((await request('POST', `${alerting.baseUrl}/v1/deliveries/${parked!.deliveryId}/redrive`)).status).toBe(409);
  });

  it('keeps delivering to a healthy endpoint while another one hangs', async () => {
    const dead = new WebhookReceiver(() => 'hang');
    const healthy = new WebhookReceiver();
    await subscribe(dead, { tiers: ['diamond'] });
    await subscribe(healthy, { tiers: ['diamond'] });
    const customers = Array.from({ length: 40 }, (_, i) => `vip-${i}-${run}`);
    const started = Date.now();
    await produce(ns, Topics.churnPredictions, customers.map((c) => prediction(c, { tier: 'diamond' })));
    await eventually(() => expect(healthy.accepted).toHaveLength(customers.length), 10_000);
    const healthyDoneMs = Date.now() - started;
    // Every healthy delivery arrived while the dead endpoint was still holding its requests open
    // (the 3 s timeout had not fired for any of them yet).
    expect(dead.hanging).toBeGreaterThan(0);
    expect(dead.accepted).toHaveLength(0);
    expect(healthyDoneMs).toBeLessThan(3_000);
    expect(new Set(healthy.events().map((e) => e.customerId))).toEqual(new Set(customers));
    await reader.waitFor<AlertV1>(Topics.alerts, (rs) => customers.every((c) => rs.some((r) => r.key === c)));
  });

  it('manages subscriptions: filter, read without the secret, update, delete', async () => {
    const receiver = new WebhookReceiver();
    const subscriptionId = await subscribe(receiver, { levels: ['high'], queues: ['vip-team'] });
    const read = await request<Record<string, unknown>>('GET', `${alerting.baseUrl}/v1/subscriptions/${subscriptionId}`);
    expect(read.body).toMatchObject({ subscriptionId, filter: { levels: ['high'], queues: ['vip-team'] }, active: true });
    expect(read.body['secret']).toBeUndefined();

    const c = `filter-${run}`;
    // Medium and automated-campaign: outside the filter, never delivered here.
    await produce(ns, Topics.churnPredictions, [prediction(c, { riskLevel: 'medium', probability: 0.5 })]);
    await reader.waitFor<AlertV1>(Topics.alerts, (rs) => rs.some((r) => r.key === c));
    const patched = await request('PATCH', `${alerting.baseUrl}/v1/subscriptions/${subscriptionId}`, { filter: { levels: ['high'] } });
    expect(patched).toMatchObject({ status: 200, body: { filter: { levels: ['high'] } } });
    await produce(ns, Topics.churnPredictions, [prediction(c, { riskLevel: 'high', probability: 0.9, previousProbability: 0.5 })]);
    await eventually(() => expect(receiver.events().filter((e) => e.customerId === c).map((e) => [e.type, e.level])).toEqual(expect.arrayContaining([['escalated', 'high']])));
    expect(receiver.events().some((e) => e.customerId === c && e.level === 'medium')).toBe(false);

    expect((await request('POST', `${alerting.baseUrl}/v1/subscriptions`, { url: 'ftp://x' })).status).toBe(400);
    expect((await request('DELETE', `${alerting.baseUrl}/v1/subscriptions/${subscriptionId}`)).status).toBe(204);
    expect((await request('GET', `${alerting.baseUrl}/v1/subscriptions/${subscriptionId}`)).status).toBe(404);
  });
});
