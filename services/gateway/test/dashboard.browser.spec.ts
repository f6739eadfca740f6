import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type Browser, chromium } from 'playwright-core';
import type { ChurnPredictionV1 } from '@churn/contracts';
import { createTestNamespace, eventually } from '@churn/testing';
import { SEED_MODEL_VERSION } from '../../churn-prediction/src/models/seed-model';
import { type RunningChurnPrediction, startChurnPrediction } from '../../churn-prediction/test/churn-app';
import { type RunningIngestion, startIngestion } from '../../ingestion/test/ingestion-app';
import { type RunningScoring, startScoring } from '../../scoring/test/scoring-app';
import { type FakeUpstream, type RunningGateway, call, json, startFakeUpstream, startGateway } from './gateway-app';
import { ShiftedClock } from './shifted-clock';

/**
 * The dashboard in headless Chromium (Debian's chromium package) against a stack fed with the
 * CDNOW sample: ingestion -> scoring -> churn-prediction (its committed seed model) -> the
 * gateway's read model, through the gateway's own event route. scoring and churn-prediction run on
 * a clock that starts on the day after the sample ends, so customers are as silent as they were then, not
 * for decades. Alerts and balances come from local stand-ins: the alert ages the page groups by
 * (days) cannot be produced in a test's time, and the real forwarders are covered by
 * forwarding.int.spec.ts. Screenshots go to .bench/dashboard/.
 */
const REPO_ROOT = join(__dirname, '..', '..', '..');
const CDNOW = join(REPO_ROOT, '..', 'shared', 'datasets', 'cdnow', 'cdnow_sample.csv');
const SCREENSHOTS = join(REPO_ROOT, '.bench', 'dashboard');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const DAY_AFTER_SAMPLE = Date.UTC(1998, 6, 1);

const ns = createTestNamespace('gatewaydash');
let ingestion: RunningIngestion;
let scoring: RunningScoring;
let churn: RunningChurnPrediction;
let gateway: RunningGateway;
let alerting: FakeUpstream;
let loyalty: FakeUpstream;
let browser: Browser;
let pg: Client;
const openAlerts: Record<string, unknown>[] = [];
let predictions: ChurnPredictionV1[] = [];

const rows = readFileSync(CDNOW, 'utf8').trim().split('\n').slice(1).map((line, i) => {
  const [customerId, day, amount, currency] = line.split(',');
  return { eventId: `cdnow-${i}`, type: 'purchase', customerId: customerId!, orderId: `cdnow-o${i}`, occurredAt: `${day}T12:00:00Z`, amount: amount!, currency: currency! };
});
const customers = new Set(rows.filter((r) => Number(r.amount) > 0).map((r) => r.customerId));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  await ns.createTopics();
  pg = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
  await pg.connect();
  ingestion = await startIngestion(ns);
  const clock = new ShiftedClock(DAY_AFTER_SAMPLE);
  scoring = await startScoring(ns, { DB_SCHEMA: `${ns.dbSchema}_sc` }, clock);
  churn = await startChurnPrediction(ns, { DB_SCHEMA: `${ns.dbSchema}_cp`, SCORING_URL: scoring.baseUrl, RECHECK_TICK_MS: '600000' }, clock);
  alerting = await startFakeUpstream((request, response) => {
    if (request.url.startsWith('/v1/alerts')) return json(response, 200, { items: openAlerts.filter((a) => !request.url.includes('customerId=') || request.url.includes(`customerId=${a['customerId'] as string}`)), nextCursor: null });
    const cell = (alerts: number, retained: number) => ({ alerts, retained, retainedShare: alerts ? retained / alerts : null });
    json(response, 200, {
      overall: { key: 'all', treatment: cell(40, 22), control: cell(10, 3), uplift: 0.25 },
      byReason: [{ key: 'risk-level', treatment: cell(30, 17), control: cell(8, 2), uplift: 0.3167 }, { key: 'multi-signal', treatment: cell(10, 5), control: cell(2, 1), uplift: 0 }],
      byAction: [],
    });
  });
  // loyalty-ledger's balance as it answers it (its own tests and forwarding.int.spec.ts cover the real one).
  loyalty = await startFakeUpstream((request, response) =>
    json(response, 200, { customerId: request.url.split('/')[3], available: 340, locked: 25, recovery: 0, expiringSoon: [], tier: 'silver', tierSince: null, qualifyingPoints: 2_600, nextTier: { tier: 'gold', threshold: 5_000, pointsNeeded: 2_400 } }),
  );
  gateway = await startGateway(ns, { CHURN_PREDICTION_URL: churn.baseUrl, INGESTION_URL: ingestion.baseUrl, SCORING_URL: scoring.baseUrl, ALERTING_URL: alerting.url, LOYALTY_URL: loyalty.url, RATE_LIMIT_MAX: '10000' });

  const writer = await gateway.key(['events:write']);
  for (let i = 0; i < rows.length; i += 500) {
    const answer = await call('POST', `${gateway.baseUrl}/v1/events/purchases`, { key: writer, body: rows.slice(i, i + 500) });
    expect(answer.status).toBe(202);
  }
  // Every customer scored and predicted by churn-prediction's seed model, for its latest score.
  await eventually(async () => {
    const { rows } = await pg.query(`SELECT count(*) FILTER (WHERE score IS NOT NULL) AS scored,
        count(*) FILTER (WHERE (prediction->>'scoreStateVersion')::int = (score->>'stateVersion')::int) AS predicted FROM "${gateway.schema}".customer_view`);
    expect([Number(rows[0].scored), Number(rows[0].predicted)]).toEqual([customers.size, customers.size]);
  }, 240_000, 1_000);
  predictions = (await pg.query(`SELECT prediction FROM "${gateway.schema}".customer_view`)).rows.map((r: { prediction: ChurnPredictionV1 }) => r.prediction);
  const ageDays = [0.2, 2, 5, 12];
  predictions.filter((p) => p.riskLevel === 'high').sort((a, b) => b.clvMinor - a.clvMinor).slice(0, 8).forEach((p, i) => {
    openAlerts.push({ alertId: `al-${i}`, customerId: p.customerId, status: 'open', level: i % 3 === 0 ? 'medium' : 'high', suggestedAction: 'call the customer', openedAt: new Date(Date.now() - ageDays[i % 4]! * 86_400_000).toISOString() });
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await churn?.app.close();
  await scoring?.app.close();
  await ingestion?.app.close();
  await alerting?.close();
  await loyalty?.close();
  await pg?.query(`DROP SCHEMA IF EXISTS "${ns.dbSchema}_sc" CASCADE`);
  await pg?.query(`DROP SCHEMA IF EXISTS "${ns.dbSchema}_cp" CASCADE`);
  await pg?.end();
  await ns.cleanup();
});

/** The numbers a chart.js chart drew, read back from the page. */
const chartData = (id: string) => `(() => { const c = Chart.getChart(document.getElementById('${id}')); return c && { labels: c.data.labels, data: c.data.datasets.map((d) => d.data) }; })()`;
type Drawn = { labels: string[]; data: number[][] } | undefined;
const sum = (values: number[]) => values.reduce((n, v) => n + v, 0);

it('renders the overview with the real numbers of the CDNOW population and opens a customer page', async () => {
  const key = await gateway.key(['scores:read', 'alerts:read', 'loyalty:read'], 'dashboard');
  const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${gateway.baseUrl}/dashboard`);
  await page.fill('#key-input', key);
  await page.click('#key-form button[type=submit]');
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });

  const segments = (await call('GET', `${gateway.baseUrl}/v1/segments`, { key })).body as { distribution: { value: string; customers: number }[] };
  const segmentChart = (await page.evaluate(chartData('segment-chart'))) as Drawn;
  expect(segmentChart!.labels).toEqual(segments.distribution.map((d) => d.value));
  expect(segmentChart!.data[0]).toEqual(segments.distribution.map((d) => d.customers));
  expect(sum(segmentChart!.data[0]!)).toBe(customers.size);
  expect(segmentChart!.labels.length).toBeGreaterThan(1);

  const tierChart = (await page.evaluate(chartData('tier-chart'))) as Drawn;
  expect(sum(tierChart!.data[0]!)).toBe(customers.size);
  const riskChart = (await page.evaluate(chartData('risk-chart'))) as Drawn;
  expect(sum(riskChart!.data[0]!)).toBe(customers.size);
  expect(riskChart!.data[0]!.filter((n) => n > 0).length).toBeGreaterThan(1);
  // The histogram drawn is the seed model's predictions binned by tenths.
  expect(predictions.every((p) => p.modelVersion === SEED_MODEL_VERSION)).toBe(true);
  const bins = Array.from({ length: 10 }, (_, bin) => predictions.filter((p) => Math.min(9, Math.floor(p.probability * 10)) === bin).length);
  expect(riskChart!.data[0]).toEqual(bins);
  const alertChart = (await page.evaluate(chartData('alert-chart'))) as Drawn;
  expect(sum(alertChart!.data.flat())).toBe(openAlerts.length);
  const kpiChart = (await page.evaluate(chartData('kpi-chart'))) as Drawn;
  const kpis = (await call('GET', `${gateway.baseUrl}/v1/kpis?days=90`, { key })).body as { series: { aovMinor: number; repurchaseRate: number }[] };
  expect(kpiChart!.data[2]!.at(-1)).toBe(kpis.series.at(-1)!.aovMinor / 100);
  expect(kpis.series.at(-1)!.aovMinor).toBeGreaterThan(0);
  expect(await page.textContent('[data-kpi="Customers"] .value')).toBe(customers.size.toLocaleString('en'));
  expect(await page.textContent('#outcome-note')).toMatch(/55\.0 % treated vs 30\.0 % control/);

  const ranked = await page.$$eval('#at-risk tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')!.textContent));
  const expected = (await call('GET', `${gateway.baseUrl}/v1/customers?risk=high&sort=clv&limit=20`, { key })).body as { items: { customerId: string }[] };
  expect(ranked).toEqual(expected.items.map((c) => c.customerId));
  await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });

  const customerId = ranked[0]!;
  await page.evaluate('delete document.body.dataset.ready');
  await page.click(`#at-risk tbody tr:first-child a`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  expect(await page.textContent('#customer-id')).toBe(customerId);
  const score = (await call('GET', `${gateway.baseUrl}/v1/customers/${customerId}/score`, { key })).body as { segment: string; tier: string };
  expect(await page.textContent('[data-kpi="Segment"] .value')).toBe(score.segment);
  expect(await page.textContent('[data-kpi="Tier"] .value')).toBe(score.tier);
  expect(await page.textContent('#customer-loyalty')).toBe('340 points (25 locked), tier silver');
  const timeline = await page.$$eval('#customer-timeline tbody tr', (trs) => trs.map((tr) => tr.children[1]!.textContent));
  expect(timeline).toEqual(expect.arrayContaining(['purchase', 'prediction', 'alert (open)']));
  await page.screenshot({ path: join(SCREENSHOTS, 'customer.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
});
