import { randomUUID } from 'node:crypto';
import { type AlertV1, Topics } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually } from '@churn/testing';
import { type RunningAlerting, prediction, produce, purchase, request, rulesFile, startAlerting } from './alerting-app';
import { WebhookReceiver } from './webhook-receiver';

interface Cell {
  alerts: number;
  retained: number;
  retainedShare: number | null;
}
interface Group {
  key: string;
  treatment: Cell;
  control: Cell;
  uplift: number | null;
}

const ns = createTestNamespace('alertctl');
const run = randomUUID().slice(0, 8);
const customers = Array.from({ length: 30 }, (_, i) => `ctl-${i}-${run}`);
let alerting: RunningAlerting;
let reader: TopicReader;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  await ns.createTopics();
  alerting = await startAlerting(ns, { RULES_FILE: rulesFile({ controlGroupShare: 0.5 }) });
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.alerts]);
  await eventually(async () => expect((await request('GET', `${alerting.baseUrl}/health/ready`)).status).toBe(200), 60_000, 250);
  const created = await request<{ secret: string }>('POST', `${alerting.baseUrl}/v1/subscriptions`, { url: await receiver.start() });
  receiver.secret = created.body.secret;
});

afterAll(async () => {
  await reader?.stop();
  await alerting?.app.close();
  await receiver.stop();
  await ns.cleanup();
});

it('holds a configurable share of alerts back from channels, records it, and reports the uplift against it', async () => {
  await produce(ns, Topics.churnPredictions, customers.map((c) => prediction(c)));
  const opened = (await reader.waitFor<AlertV1>(Topics.alerts, (rs) => rs.length >= customers.length)).map((r) => r.json);
  const control = opened.filter((e) => e.controlGroup);
  const treatment = opened.filter((e) => !e.controlGroup);
  // 30 draws at 50%: both groups are non-empty unless something is broken (chance 2 in 10^9).
  expect(control.length).toBeGreaterThan(0);
  expect(treatment.length).toBeGreaterThan(0);
  expect(control.every((e) => e.heldBackBy === 'control-group')).toBe(true);
  expect(treatment.every((e) => e.heldBackBy === undefined)).toBe(true);
  await eventually(() => expect(receiver.accepted).toHaveLength(treatment.length));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(new Set(receiver.events().map((e) => e.alertId))).toEqual(new Set(treatment.map((e) => e.alertId)));

  // Closed loop: one control customer and every treatment customer but one buy again.
  const buyers = [control[0]!.customerId, ...treatment.slice(1).map((e) => e.customerId)];
  await produce(ns, Topics.purchases, buyers.map((c) => purchase(c)));
  await reader.waitFor<AlertV1>(Topics.alerts, (rs) => rs.filter((r) => r.json.type === 'resolved').length >= buyers.length);

  const report = await request<{ overall: Group; byReason: Group[]; byAction: Group[] }>('GET', `${alerting.baseUrl}/v1/reports/outcomes?matured=false`);
  const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
  const expected: Group = {
    key: 'risk-level',
    treatment: { alerts: treatment.length, retained: treatment.length - 1, retainedShare: round4((treatment.length - 1) / treatment.length) },
    control: { alerts: control.length, retained: 1, retainedShare: round4(1 / control.length) },
    uplift: round4(round4((treatment.length - 1) / treatment.length) - round4(1 / control.length)),
  };
  expect(report.body.byReason).toEqual([expected]);
  expect(report.body.byAction).toEqual([{ ...expected, key: 'win-back-offer' }]);
});
