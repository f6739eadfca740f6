// The operations dashboard: plain browser JavaScript over the gateway's own JSON routes, charts by
// chart.js (served from the gateway, no CDN). The API key is asked once and kept in this tab's
// sessionStorage; it is sent as X-Api-Key and never put in a URL (URLs end up in logs and history).
'use strict';

const KEY_STORAGE = 'churn-dashboard-api-key';
const charts = {};
const $ = (id) => document.getElementById(id);
const money = (minor, currency) => (minor === null || minor === undefined ? '–' : `${(minor / 100).toLocaleString('en', { maximumFractionDigits: 0 })} ${currency || ''}`.trim());
const percent = (share) => (share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)} %`);
const text = (value) => document.createTextNode(value === null || value === undefined ? '–' : String(value));

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function api(path) {
  const response = await fetch(path, { headers: { 'x-api-key': sessionStorage.getItem(KEY_STORAGE) || '', accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.detail || `HTTP ${response.status}`);
  return body;
}

/** A section whose service is down or whose scope the key lacks says so, and the rest still loads. */
async function optional(path, onMissing) {
  try {
    return await api(path);
  } catch (error) {
    if (error.status === 401) throw error;
    onMissing(error.message);
    return undefined;
  }
}

function draw(id, config) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), { ...config, options: { responsive: true, animation: false, ...config.options } });
  $(id).dataset.total = String(config.data.datasets.reduce((n, d) => n + d.data.reduce((m, v) => m + (Number(v) || 0), 0), 0));
}

function card(container, label, value, trend) {
  const div = document.createElement('div');
  div.className = 'card';
  div.dataset.kpi = label;
  const l = document.createElement('div');
  l.className = 'label';
  l.append(text(label));
  const v = document.createElement('div');
  v.className = 'value';
  v.append(text(value));
  div.append(l, v);
  if (trend) {
    const t = document.createElement('div');
    t.className = `trend ${trend.good ? 'good' : 'bad'}`;
    t.append(text(trend.label));
    div.append(t);
  }
  container.append(div);
}

function row(tbody, cells, onClick) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.append(cell);
    else td.append(text(cell));
    tr.append(td);
  }
  if (onClick) tr.addEventListener('click', onClick);
  tbody.append(tr);
}

function customerLink(customerId) {
  const a = document.createElement('a');
  a.href = `#/customer/${encodeURIComponent(customerId)}`;
  a.append(text(customerId));
  return a;
}

function trendOf(delta, format, higherIsBetter) {
  if (delta === null || delta === undefined || delta === 0) return { label: 'no change', good: true };
  return { label: `${delta > 0 ? '▲' : '▼'} ${format(Math.abs(delta))} over the period`, good: (delta > 0) === higherIsBetter };
}

async function loadKpis() {
  const kpis = await api('/v1/kpis?days=90');
  const cards = $('kpi-cards');
  cards.replaceChildren();
  const last = kpis.series.at(-1);
  if (!last) return card(cards, 'KPIs', 'no data yet');
  const trend = kpis.trend || {};
  card(cards, 'Customers', last.customers.toLocaleString('en'));
  card(cards, 'Churn rate', percent(last.churnRate), trendOf(trend.churnRate, percent, false));
  card(cards, 'Repurchase rate', percent(last.repurchaseRate), trendOf(trend.repurchaseRate, percent, true));
  card(cards, 'Average order value', money(last.aovMinor, kpis.currency), trendOf(trend.aovMinor, (v) => money(v, kpis.currency), true));
  card(cards, 'Mean CLV', money(last.meanClvMinor, kpis.currency), trendOf(trend.meanClvMinor, (v) => money(v, kpis.currency), true));
  draw('kpi-chart', {
    type: 'line',
    data: {
      labels: kpis.series.map((p) => p.day),
      datasets: [
        { label: 'Churn rate %', data: kpis.series.map((p) => +(p.churnRate * 100).toFixed(2)), yAxisID: 'share' },
        { label: 'Repurchase rate %', data: kpis.series.map((p) => +(p.repurchaseRate * 100).toFixed(2)), yAxisID: 'share' },
        { label: `AOV (${kpis.currency})`, data: kpis.series.map((p) => (p.aovMinor ?? 0) / 100), yAxisID: 'money' },
        { label: `Mean CLV (${kpis.currency})`, data: kpis.series.map((p) => (p.meanClvMinor ?? 0) / 100), yAxisID: 'money' },
      ],
    },
    options: { scales: { share: { position: 'left', min: 0, max: 100 }, money: { position: 'right', grid: { drawOnChartArea: false } } } },
  });
}

async function loadDistributions() {
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const [segments, tiers] = await Promise.all([api(`/v1/segments?since=${since}`), api(`/v1/tiers?since=${since}`)]);
  draw('segment-chart', {
    type: 'bar',
    data: { labels: segments.distribution.map((d) => d.value), datasets: [{ label: 'Customers', data: segments.distribution.map((d) => d.customers) }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  });
  draw('tier-chart', {
    type: 'doughnut',
    data: { labels: tiers.distribution.map((d) => d.value), datasets: [{ label: 'Customers', data: tiers.distribution.map((d) => d.customers) }] },
    options: { aspectRatio: 2 },
  });
}

async function loadRisk() {
  const risk = await api('/v1/risk-distribution');
  draw('risk-chart', {
    type: 'bar',
    data: { labels: risk.bins.map((b) => `${b.from.toFixed(1)}–${b.to.toFixed(1)}`), datasets: [{ label: 'Customers', data: risk.bins.map((b) => b.customers) }] },
    options: { plugins: { legend: { display: false } } },
  });
  const page = await api('/v1/customers?risk=high&sort=clv&limit=20');
  const fallback = page.items.length ? page : await api('/v1/customers?sort=risk&limit=20');
  const tbody = $('at-risk').querySelector('tbody');
  tbody.replaceChildren();
  for (const c of fallback.items) {
    row(tbody, [customerLink(c.customerId), money(c.clvMinor, c.currency), percent(c.churnProbability), c.riskLevel, c.segment, c.tier, c.drivers.join('; ')]);
  }
}

const AGE_BUCKETS = [['< 1 day', 1], ['1–3 days', 3], ['3–7 days', 7], ['> 7 days', Infinity]];

async function loadAlerts() {
  const open = await optional('/v1/alerts?status=open&limit=1000', (why) => ($('alert-note').textContent = `Alerts unavailable: ${why}`));
  if (open) {
    const levels = ['high', 'medium', 'low'];
    const ageDays = (a) => (Date.now() - Date.parse(a.openedAt)) / 86_400_000;
    const bucketOf = (a) => AGE_BUCKETS.findIndex(([, max]) => ageDays(a) < max);
    draw('alert-chart', {
      type: 'bar',
      data: {
        labels: AGE_BUCKETS.map(([label]) => label),
        datasets: levels.map((level) => ({ label: level, data: AGE_BUCKETS.map((_, i) => open.items.filter((a) => a.level === level && bucketOf(a) === i).length) })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true } } },
    });
    $('alert-note').textContent = `${open.items.length} open alert(s)`;
  }
  const outcomes = await optional('/v1/reports/outcomes', (why) => ($('outcome-note').textContent = `Outcomes unavailable: ${why}`));
  if (outcomes) {
    const groups = outcomes.byReason || [];
    draw('outcome-chart', {
      type: 'bar',
      data: {
        labels: groups.map((g) => g.key),
        datasets: [
          { label: 'Retained % (treated)', data: groups.map((g) => +((g.treatment.retainedShare ?? 0) * 100).toFixed(1)) },
          { label: 'Retained % (control)', data: groups.map((g) => +((g.control.retainedShare ?? 0) * 100).toFixed(1)) },
        ],
      },
    });
    const overall = outcomes.overall;
    $('outcome-note').textContent = overall
      ? `Retained share: ${percent(overall.treatment.retainedShare)} treated vs ${percent(overall.control.retainedShare)} control (${overall.treatment.alerts + overall.control.alerts} alerts)`
      : '';
  }
}

async function showOverview() {
  $('customer').hidden = true;
  $('overview').hidden = false;
  await Promise.all([loadKpis(), loadDistributions(), loadRisk(), loadAlerts()]);
}

async function showCustomer(customerId) {
  $('overview').hidden = true;
  $('customer').hidden = false;
  $('customer-id').textContent = customerId;
  const id = encodeURIComponent(customerId);
  const [score, timeline] = await Promise.all([api(`/v1/customers/${id}/score`), api(`/v1/customers/${id}/timeline`).catch(() => ({ entries: [] }))]);
  const cards = $('customer-cards');
  cards.replaceChildren();
  card(cards, 'Segment', score.segment);
  card(cards, 'Tier', score.tier);
  card(cards, 'Stage', score.stage);
  card(cards, 'CLV', money(score.clvMinor, score.currency));
  card(cards, 'P(alive)', percent(score.pAlive));
  card(cards, 'Churn probability', percent(score.churnProbability));
  card(cards, 'Risk', score.riskLevel);
  card(cards, 'Purchases', score.purchaseCount);
  $('customer-drivers').replaceChildren(...(score.drivers.length ? score.drivers : [{ text: 'no prediction yet' }]).map((d) => Object.assign(document.createElement('li'), { textContent: d.text })));
  const loyalty = await optional(`/v1/customers/${id}/loyalty`, (why) => ($('customer-loyalty').textContent = `Loyalty unavailable: ${why}`));
  // loyalty-ledger's balance: available points, and those still locked in a return window.
  if (loyalty) $('customer-loyalty').textContent = `${loyalty.available} points${loyalty.locked ? ` (${loyalty.locked} locked)` : ''}, tier ${loyalty.tier}`;
  const alerts = await optional(`/v1/alerts?customerId=${id}`, () => undefined);
  const entries = [
    ...timeline.entries.map((e) => ({ at: e.at, what: e.kind, details: e.kind === 'purchase' ? `${e.summary.purchaseCount} purchase(s), net ${money(e.summary.netSpendMinor, e.summary.currency)}` : `churn ${percent(e.summary.probability)} (${e.summary.riskLevel})` })),
    ...(alerts?.items ?? []).map((a) => ({ at: a.openedAt, what: `alert (${a.status})`, details: `${a.level}: ${a.suggestedAction}` })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  const tbody = $('customer-timeline').querySelector('tbody');
  tbody.replaceChildren();
  for (const e of entries) row(tbody, [e.at.slice(0, 19).replace('T', ' '), e.what, e.details]);
}

async function route() {
  const match = location.hash.match(/^#\/customer\/(.+)$/);
  $('status').textContent = 'loading…';
  try {
    if (match) await showCustomer(decodeURIComponent(match[1]));
    else await showOverview();
    $('status').textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.ready = 'true';
  } catch (error) {
    if (error.status === 401) return askForKey('That key was refused; enter another.');
    $('status').textContent = `error: ${error.message}`;
  }
}

function askForKey(message) {
  sessionStorage.removeItem(KEY_STORAGE);
  $('overview').hidden = true;
  $('customer').hidden = true;
  $('key-form').hidden = false;
  $('sign-out').hidden = true;
  $('status').textContent = message || '';
}

function start() {
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('key-input').value.trim());
    $('key-form').hidden = true;
    $('sign-out').hidden = false;
    void route();
  });
  $('sign-out').addEventListener('click', () => askForKey());
  window.addEventListener('hashchange', () => void route());
  if (sessionStorage.getItem(KEY_STORAGE)) {
    $('sign-out').hidden = false;
    void route();
  } else askForKey();
}

start();
