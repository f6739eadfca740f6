import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  type ChurnPredictionV1,
  type CustomerErasureV1,
  type DeadLetterV1,
  type PurchaseV1,
  type ScoreV1,
  Topics,
  topicName,
} from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually, produceRaw } from '@churn/testing';
import { simulatePopulation } from '../../scoring/test/population';
import { type RunningScoring, startScoring, waitCaughtUp } from '../../scoring/test/scoring-app';
import {
  type FakeUpstream,
  type RunningGateway,
  call,
  closedUrl,
  json,
  startFakeUpstream,
  startGateway,
} from './gateway-app';
import { predictionFor } from './predictions';

const ns = createTestNamespace('gateway');
const events = simulatePopulation(`g${randomUUID().slice(0, 6)}`, 60, Date.now());
let scoring: RunningScoring;
let gateway: RunningGateway;
let churnPrediction: FakeUpstream;
let reader: TopicReader;
let redis: Redis;
let pg: Client;
let scores: ScoreV1[];
const predictions = new Map<string, ChurnPredictionV1>();
let reader_key: string;
let NOT_RUNNING: Record<string, string>;

const produce = (topic: string, records: { key: string; value: unknown }[]) =>
  produceRaw(
    ns.endpoints.TEST_KAFKA_BROKERS,
    topicName(topic, ns.topicPrefix),
    records.map((r) => ({ key: r.key, value: JSON.stringify(r.value) })),
  );

const cachedScore = async (customerId: string): Promise<ScoreV1 | undefined> => {
  const value = await redis.get(`${ns.redisPrefix}score:${customerId}`);
  return value === null ? undefined : (JSON.parse(value) as ScoreV1);
};

const viewCount = async (where = 'true'): Promise<number> =>
  Number((await pg.query(`SELECT count(*) FROM "${gateway.schema}".customer_view WHERE ${where}`)).rows[0].count);

beforeAll(async () => {
  await ns.createTopics();
  redis = new Redis(ns.endpoints.TEST_REDIS_URL);
  pg = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
  await pg.connect();
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.customerErasures, Topics.gatewayDlq]);
  scoring = await startScoring(ns);
  // churn-prediction is built elsewhere: a local stand-in answers its prediction route.
  churnPrediction = await startFakeUpstream((request, response) => {
    const id = decodeURIComponent(request.url.split('/')[3] ?? '');
    const prediction = predictions.get(id);
    if (prediction) json(response, 200, prediction);
    else json(response, 404, { type: 'about:blank', title: 'Not found', status: 404 }, 'application/problem+json');
  });
  const nowhere = await closedUrl();
  NOT_RUNNING = { INGESTION_URL: nowhere, ALERTING_URL: nowhere, LOYALTY_URL: nowhere };
  // Services not part of this test point at a closed port, whatever runs on their default ports.
  gateway = await startGateway(ns, {
    ...NOT_RUNNING,
    SCORING_URL: scoring.baseUrl,
    CHURN_PREDICTION_URL: churnPrediction.url,
    HTTP_BODY_LIMIT_BYTES: '2048',
    RATE_LIMIT_MAX: '1000',
  });
  reader_key = await gateway.key(['scores:read'], 'reader');

  await produce(
    Topics.purchases,
    events.map((e: PurchaseV1) => ({ key: e.customerId, value: e })),
  );
  await waitCaughtUp(ns);
  const ids = [...new Set(events.map((e) => e.customerId))];
  scores = (await Promise.all(ids.map(cachedScore))).filter((s): s is ScoreV1 => s !== undefined);
  // Predictions for the first half of the scored customers, spread over the probability range.
  const now = Date.now();
  scores
    .slice(0, Math.floor(scores.length / 2))
    .forEach((s, i, all) =>
      predictions.set(
        s.customerId,
        predictionFor(s, Math.round((i / all.length) * 100) / 100, new Date(now - 1000 + i)),
      ),
    );
  await produce(
    Topics.churnPredictions,
    [...predictions.values()].map((p) => ({ key: p.customerId, value: p })),
  );
  await eventually(
    async () => {
      expect(await viewCount('score IS NOT NULL')).toBe(scores.length);
      expect(await viewCount('prediction IS NOT NULL')).toBe(predictions.size);
    },
    60_000,
    250,
  );
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await scoring?.app.close();
  await churnPrediction?.close();
  await reader?.stop();
  redis?.disconnect();
  await pg?.end();
  await ns.cleanup();
});

describe('access control and HTTP conventions', () => {
  it('answers 401 without a key or with an unknown one, 403 without the scope, as problem+json with the request id', async () => {
    const url = `${gateway.baseUrl}/v1/customers/${scores[0]!.customerId}/score`;
    const none = await call('GET', url, { headers: { 'x-request-id': 'req-test-1' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 401, requestId: 'req-test-1' });
    expect(none.headers.get('x-request-id')).toBe('req-test-1');
    expect((await call('GET', url, { key: 'chk_not-a-key' })).status).toBe(401);
    const alertsOnly = await gateway.key(['alerts:read']);
    const forbidden = await call('GET', url, { key: alertsOnly });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body['detail']).toMatch(/scores:read/);
    expect((await call('GET', url, { headers: { authorization: `Bearer ${reader_key}` } })).status).toBe(200);
  });

  it('sends security headers and no CORS headers by default', async () => {
    const response = await call('GET', `${gateway.baseUrl}/v1/segments`, {
      key: reader_key,
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age/);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    // Errors too, including those raised before the route (the headers are set on request).
    const refused = await call('GET', `${gateway.baseUrl}/v1/customers/c-1/score`, {});
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(refused.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  it('refuses bodies over the limit with 413 and bad queries with 400 naming the parameter', async () => {
    const writer = await gateway.key(['events:write']);
    const big = await call('POST', `${gateway.baseUrl}/v1/events/purchases`, {
      key: writer,
      body: { padding: 'x'.repeat(4096) },
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/application\/problem\+json/);
    for (const [query, reason] of [
      ['limit=0', /limit/],
      ['sort=name', /sort must be one of/],
      ['segment=Nobody', /segment must be one of/],
      ['minClv=abc', /minClv/],
      ['cursor=garbage', /cursor/],
    ] as const) {
      const bad = await call('GET', `${gateway.baseUrl}/v1/customers?${query}`, { key: reader_key });
      expect(bad.status).toBe(400);
      expect(bad.body['detail']).toMatch(reason);
    }
    expect((await call('GET', `${gateway.baseUrl}/v1/segments?since=yesterday`, { key: reader_key })).status).toBe(400);
  });

  it('answers 503 problem+json with Retry-After when the owning service is down', async () => {
    const down = await call('GET', `${gateway.baseUrl}/v1/alerts?status=open`, {
      key: await gateway.key(['alerts:read']),
      headers: { 'x-request-id': 'down-1' },
    });
    expect(down).toMatchObject({
      status: 503,
      body: {
        title: 'Service unavailable',
        detail: 'alerting is unreachable (ECONNREFUSED)',
        upstream: 'alerting',
        requestId: 'down-1',
      },
    });
    expect(down.headers.get('retry-after')).toBe('5');
    expect(down.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('serves the OpenAPI document with the public routes and the API key scheme', async () => {
    const doc = await call('GET', `${gateway.baseUrl}/docs/openapi.json`);
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body['paths'] as object);
    for (const path of [
      '/v1/customers/{customerId}/score',
      '/v1/customers',
      '/v1/segments',
      '/v1/tiers',
      '/v1/alerts',
      '/v1/alerts/{alertId}/ack',
      '/v1/customers/{customerId}/loyalty/redemptions',
      '/v1/events/purchases',
      '/v1/customers/{customerId}/export',
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.body).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      components: { securitySchemes: { apiKey: { type: 'apiKey', name: 'X-Api-Key' } } },
    });
    expect((await fetch(`${gateway.baseUrl}/docs`)).status).toBe(200);
    // The committed copy is what is served (regenerate: node services/gateway/dist/write-openapi.js).
    expect(doc.body).toEqual(JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')));
  });

  it('manages keys through the admin routes: shown once, listed without secret, revocable, last use recorded', async () => {
    const admin = await gateway.key(['admin'], 'admin');
    const created = await call('POST', `${gateway.baseUrl}/v1/admin/api-keys`, {
      key: admin,
      body: { name: 'dashboard', scopes: ['scores:read', 'alerts:read'] },
    });
    expect(created.status).toBe(201);
    const secret = created.body['key'] as string;
    expect(secret).toMatch(/^chk_/);
    expect(
      (
        await call('POST', `${gateway.baseUrl}/v1/admin/api-keys`, {
          key: admin,
          body: { name: 'x', scopes: ['root'] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', `${gateway.baseUrl}/v1/admin/api-keys`, {
          key: reader_key,
          body: { name: 'x', scopes: ['admin'] },
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', `${gateway.baseUrl}/v1/segments`, { key: secret })).status).toBe(200);

    const listed = await call('GET', `${gateway.baseUrl}/v1/admin/api-keys`, { key: admin });
    const record = (listed.body['items'] as Record<string, unknown>[]).find((k) => k['id'] === created.body['id'])!;
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    await eventually(async () => {
      const again = await call('GET', `${gateway.baseUrl}/v1/admin/api-keys`, { key: admin });
      expect(
        (again.body['items'] as Record<string, unknown>[]).find((k) => k['id'] === record['id'])!['lastUsedAt'],
      ).not.toBeNull();
    });
    const hashes = await pg.query(`SELECT key_hash FROM "${gateway.schema}".api_keys WHERE id = $1`, [record['id']]);
    expect(hashes.rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes.rows[0].key_hash).not.toContain(secret);

    const revoked = await call('DELETE', `${gateway.baseUrl}/v1/admin/api-keys/${record['id'] as string}`, {
      key: admin,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body['revokedAt']).not.toBeNull();
    expect((await call('GET', `${gateway.baseUrl}/v1/segments`, { key: secret })).status).toBe(401);
    const audit = await call('GET', `${gateway.baseUrl}/v1/admin/audit`, { key: admin });
    expect((audit.body['items'] as { action: string; target: string }[]).map((a) => `${a.action} ${a.target}`)).toEqual(
      expect.arrayContaining([
        `api-keys.create ${record['id'] as string}`,
        `api-keys.revoke ${record['id'] as string}`,
      ]),
    );
  });
});

describe('GET /v1/customers/{id}/score', () => {
  it('reads the live score and the latest prediction from Redis (X-Score-Source: cache)', async () => {
    const score = scores[1]!;
    const prediction = predictions.get(score.customerId)!;
    const response = await call(
      'GET',
      `${gateway.baseUrl}/v1/customers/${encodeURIComponent(score.customerId)}/score`,
      { key: reader_key },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-score-source')).toBe('cache');
    expect(response.body).toMatchObject({
      customerId: score.customerId,
      rfm: score.rfm,
      segment: score.rfm.segment,
      tier: score.tier,
      stage: score.stage,
      clvMinor: score.clvMinor,
      pAlive: score.pAlive,
      parametersVersion: score.parametersVersion,
      computedAt: score.computedAt,
      churnProbability: prediction.probability,
      riskLevel: prediction.riskLevel,
      drivers: prediction.drivers,
      modelVersion: 'test-model-1',
    });
    const unpredicted = scores.at(-1)!;
    const plain = await call(
      'GET',
      `${gateway.baseUrl}/v1/customers/${encodeURIComponent(unpredicted.customerId)}/score`,
      { key: reader_key },
    );
    expect(plain.body).toMatchObject({
      customerId: unpredicted.customerId,
      churnProbability: null,
      riskLevel: null,
      drivers: [],
    });
  });

  it('keeps the newest prediction in Redis whatever the order it arrives in, and only what a lookup shows', async () => {
    const score = scores[2]!;
    const current = predictions.get(score.customerId)!;
    const stale = predictionFor(score, 0.99, new Date(Date.parse(current.predictedAt) - 60_000));
    await produce(Topics.churnPredictions, [{ key: score.customerId, value: stale }]);
    await eventually(async () => {
      const seen = await pg.query(`SELECT 1 FROM "${gateway.schema}".customer_timeline WHERE event_id = $1`, [stale.eventId]);
      expect(seen.rowCount).toBe(1);
    });
    const stored = JSON.parse((await redis.get(`${ns.redisPrefix}gateway:prediction:${score.customerId}`))!);
    expect(stored).toEqual({
      probability: current.probability,
      riskLevel: current.riskLevel,
      drivers: current.drivers,
      signals: current.signals,
      modelVersion: current.modelVersion,
      predictedAt: current.predictedAt,
    });
  });

  it('answers 404 problem+json for a customer nobody scored (after asking scoring)', async () => {
    const response = await call('GET', `${gateway.baseUrl}/v1/customers/nobody-${randomUUID()}/score`, {
      key: reader_key,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-score-source')).toBeNull();
    expect(response.body['detail']).toBe('no score for this customer');
  });

  it('answers 404 for a customer it erased, even while scoring has not applied the erasure yet', async () => {
    const score = scores[5]!;
    // What DELETE /v1/customers/{id} leaves behind before scoring consumes customer-erasures.v1.
    await pg.query(`INSERT INTO "${gateway.schema}".erased_customers (customer_id, erased_at) VALUES ($1, now())`, [
      score.customerId,
    ]);
    await redis.del(`${ns.redisPrefix}score:${score.customerId}`);
    const fromScoring = await call(
      'GET',
      `${scoring.baseUrl}/v1/customers/${encodeURIComponent(score.customerId)}/score`,
    );
    expect(fromScoring.status).toBe(200);
    const response = await call(
      'GET',
      `${gateway.baseUrl}/v1/customers/${encodeURIComponent(score.customerId)}/score`,
      { key: reader_key },
    );
    expect(response.status).toBe(404);
  });

  it('falls back to scoring and churn-prediction over HTTP while Redis is down (X-Score-Source: origin), and rate-limits per key', async () => {
    const degraded = await startGateway(
      ns,
      {
        ...NOT_RUNNING,
        REDIS_URL: 'redis://127.0.0.1:1',
        SCORING_URL: scoring.baseUrl,
        CHURN_PREDICTION_URL: churnPrediction.url,
        RATE_LIMIT_MAX: '4',
      },
      'gw2',
    );
    try {
      const key = await degraded.key(['scores:read']);
      const other = await degraded.key(['scores:read']);
      const score = scores[1]!;
      const url = `${degraded.baseUrl}/v1/customers/${encodeURIComponent(score.customerId)}/score`;
      const before = churnPrediction.requests.length;
      const response = await call('GET', url, { key, headers: { 'x-request-id': 'origin-req-1' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-score-source')).toBe('origin');
      expect(response.body).toMatchObject({
        customerId: score.customerId,
        clvMinor: (await cachedScore(score.customerId))!.clvMinor,
        churnProbability: predictions.get(score.customerId)!.probability,
      });
      expect(churnPrediction.requests.slice(before).map((r) => r.headers['x-request-id'])).toContain('origin-req-1');

      for (let i = 0; i < 3; i++) expect((await call('GET', url, { key })).status).toBe(200);
      const limited = await call('GET', url, { key });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await call('GET', url, { key: other })).status).toBe(200);
    } finally {
      await degraded.close();
    }
  });
});

describe('read model: customers, segments, tiers, KPIs', () => {
  it('lists customers by value with keyset pagination, each exactly once, in order', async () => {
    const seen: { customerId: string; clvMinor: number }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Record<string, unknown> } = await call(
        'GET',
        `${gateway.baseUrl}/v1/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        { key: reader_key },
      );
      expect(page.status).toBe(200);
      seen.push(...(page.body['items'] as { customerId: string; clvMinor: number }[]));
      cursor = page.body['nextCursor'] as string | null;
    } while (cursor);
    const expected = [...scores]
      .sort((a, b) => b.clvMinor - a.clvMinor || (b.customerId < a.customerId ? -1 : 1))
      .map((s) => s.customerId);
    expect(seen.map((s) => s.customerId)).toEqual(expected);
  });

  it('filters by segment, tier, risk and minimum CLV, and sorts by risk', async () => {
    const segment = scores[0]!.rfm.segment;
    const bySegment = await call(
      'GET',
      `${gateway.baseUrl}/v1/customers?limit=200&segment=${encodeURIComponent(segment)}`,
      { key: reader_key },
    );
    expect((bySegment.body['items'] as { customerId: string }[]).map((c) => c.customerId).sort()).toEqual(
      scores
        .filter((s) => s.rfm.segment === segment)
        .map((s) => s.customerId)
        .sort(),
    );

    const tier = scores[0]!.tier;
    const minClv = [...scores].sort((a, b) => a.clvMinor - b.clvMinor)[Math.floor(scores.length / 2)]!.clvMinor;
    const filtered = await call('GET', `${gateway.baseUrl}/v1/customers?limit=200&tier=${tier}&minClv=${minClv}`, {
      key: reader_key,
    });
    expect((filtered.body['items'] as { customerId: string }[]).map((c) => c.customerId).sort()).toEqual(
      scores
        .filter((s) => s.tier === tier && s.clvMinor >= minClv)
        .map((s) => s.customerId)
        .sort(),
    );

    const high = await call('GET', `${gateway.baseUrl}/v1/customers?limit=200&risk=high&sort=risk`, {
      key: reader_key,
    });
    const highItems = high.body['items'] as { customerId: string; churnProbability: number; drivers: string[] }[];
    expect(highItems.map((c) => c.customerId).sort()).toEqual(
      [...predictions.values()]
        .filter((p) => p.riskLevel === 'high')
        .map((p) => p.customerId)
        .sort(),
    );
    expect(highItems.map((c) => c.churnProbability)).toEqual(
      [...highItems.map((c) => c.churnProbability)].sort((a, b) => b - a),
    );
    expect(highItems[0]!.drivers[0]).toMatch(/no purchase for/);
  });

  it('gives segment and tier distributions, movement since a date, the risk histogram and KPIs', async () => {
    const segments = await call('GET', `${gateway.baseUrl}/v1/segments?since=2000-01-01`, { key: reader_key });
    const bySegment = new Map<string, number>();
    for (const s of scores) bySegment.set(s.rfm.segment, (bySegment.get(s.rfm.segment) ?? 0) + 1);
    expect(segments.body['total']).toBe(scores.length);
    expect(
      new Map(
        (segments.body['distribution'] as { value: string; customers: number }[]).map((d) => [d.value, d.customers]),
      ),
    ).toEqual(bySegment);
    // Nothing was known before 2000: every customer "moved" from nothing to their segment.
    expect(
      (segments.body['movement'] as { from: null; customers: number }[]).reduce((n, m) => n + m.customers, 0),
    ).toBe(scores.length);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(
      (await call('GET', `${gateway.baseUrl}/v1/tiers?since=${tomorrow}`, { key: reader_key })).body['movement'],
    ).toEqual([]);
    const tiers = await call('GET', `${gateway.baseUrl}/v1/tiers`, { key: reader_key });
    expect((tiers.body['distribution'] as { customers: number }[]).reduce((n, d) => n + d.customers, 0)).toBe(
      scores.length,
    );

    const histogram = await call('GET', `${gateway.baseUrl}/v1/risk-distribution`, { key: reader_key });
    expect(histogram.body['predicted']).toBe(predictions.size);
    expect((histogram.body['bins'] as { customers: number }[]).map((b) => b.customers)).toEqual(
      Array.from(
        { length: 10 },
        (_, i) => [...predictions.values()].filter((p) => Math.min(Math.floor(p.probability * 10), 9) === i).length,
      ),
    );

    const kpis = await call('GET', `${gateway.baseUrl}/v1/kpis`, { key: reader_key });
    const today = kpis.body as {
      currency: string;
      series: { customers: number; repurchaseRate: number; aovMinor: number; meanClvMinor: number }[];
    };
    expect(today.currency).toBe('EUR');
    const point = today.series.at(-1)!;
    expect(point.customers).toBe(scores.length);
    expect(point.repurchaseRate).toBeCloseTo(scores.filter((s) => s.frequency > 0).length / scores.length, 4);
    expect(point.aovMinor).toBe(
      Math.round(scores.reduce((n, s) => n + s.netSpendMinor, 0) / scores.reduce((n, s) => n + s.purchaseCount, 0)),
    );
    expect(point.meanClvMinor).toBe(Math.round(scores.reduce((n, s) => n + s.clvMinor, 0) / scores.length));
  });

  it('keeps the newest score per customer however the records arrive, and applies a replay once', async () => {
    const score = scores[2]!;
    const stale: ScoreV1 = {
      ...score,
      eventId: randomUUID(),
      stateVersion: score.stateVersion - 1 > 0 ? score.stateVersion - 1 : score.stateVersion,
      computedAt: '2000-01-01T00:00:00.000Z',
      tier: score.tier === 'basic' ? 'gold' : 'basic',
    };
    await produce(Topics.scores, [
      { key: score.customerId, value: stale },
      { key: 'bad', value: { not: 'a score' } },
    ]);
    await reader.waitFor<DeadLetterV1>(Topics.gatewayDlq, (records) =>
      records.some(
        (r) =>
          r.json.originalPayload === JSON.stringify({ not: 'a score' }) &&
          r.json.reason.code === 'invalid' &&
          r.json.source.transport === 'kafka',
      ),
    );
    const row = await pg.query(
      `SELECT tier, score_computed_at FROM "${gateway.schema}".customer_view WHERE customer_id = $1`,
      [score.customerId],
    );
    expect(row.rows[0]).toMatchObject({ tier: score.tier, score_computed_at: new Date(score.computedAt) });
    const timeline = await call(
      'GET',
      `${gateway.baseUrl}/v1/customers/${encodeURIComponent(score.customerId)}/timeline`,
      { key: reader_key },
    );
    expect(
      (timeline.body['entries'] as { kind: string }[]).filter((e) => e.kind === 'purchase').length,
    ).toBeGreaterThan(0);
  });
});

describe('erasure and export', () => {
  it('exports everything about a customer and audits it', async () => {
    const admin = await gateway.key(['admin']);
    const score = scores[1]!;
    const exported = await call(
      'GET',
      `${gateway.baseUrl}/v1/customers/${encodeURIComponent(score.customerId)}/export`,
      { key: admin },
    );
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({
      customerId: score.customerId,
      gateway: { readModel: { summary: { customerId: score.customerId, tier: score.tier } } },
      scoring: { score: { status: 'ok', data: { customerId: score.customerId } }, aggregates: { status: 'ok' } },
      churnPrediction: { prediction: { status: 'ok' } },
      // alerting and loyalty-ledger are not running in this test: the export says so instead of failing.
      alerting: { alerts: { status: 'unavailable', reason: expect.stringMatching(/alerting is unreachable/) } },
    });
    expect(
      (
        await call('GET', `${gateway.baseUrl}/v1/customers/${encodeURIComponent(score.customerId)}/export`, {
          key: reader_key,
        })
      ).status,
    ).toBe(403);
    const audit = await pg.query(`SELECT action, key_id FROM "${gateway.schema}".audit_log WHERE target = $1`, [
      score.customerId,
    ]);
    expect(audit.rows.map((r: { action: string }) => r.action)).toContain('customers.export');
  });

  it('publishes the erasure, forgets the customer at once, and a replayed score does not bring them back', async () => {
    const admin = await gateway.key(['admin']);
    const score = scores[3]!;
    const id = encodeURIComponent(score.customerId);
    const erased = await call('DELETE', `${gateway.baseUrl}/v1/customers/${id}`, { key: admin });
    expect(erased.status).toBe(202);
    const published = await reader.waitFor<CustomerErasureV1>(Topics.customerErasures, (rs) =>
      rs.some((r) => r.key === score.customerId),
    );
    expect(published.find((r) => r.key === score.customerId)!.json).toEqual(erased.body);
    expect(await viewCount(`customer_id = '${score.customerId}'`)).toBe(0);
    expect(
      await redis.exists(
        `${ns.redisPrefix}score:${score.customerId}`,
        `${ns.redisPrefix}gateway:prediction:${score.customerId}`,
      ),
    ).toBe(0);

    await produce(Topics.scores, [{ key: score.customerId, value: { ...score, eventId: randomUUID() } }]);
    const marker = scores[4]!;
    await produce(Topics.scores, [
      { key: marker.customerId, value: { ...marker, eventId: randomUUID(), computedAt: new Date().toISOString() } },
    ]);
    await eventually(async () => {
      const row = await pg.query(
        `SELECT score_computed_at FROM "${gateway.schema}".customer_view WHERE customer_id = $1`,
        [marker.customerId],
      );
      expect(row.rows[0].score_computed_at.getTime()).toBeGreaterThan(Date.parse(marker.computedAt));
    });
    expect(await viewCount(`customer_id = '${score.customerId}'`)).toBe(0);
    const audit = await pg.query(`SELECT action, status FROM "${gateway.schema}".audit_log WHERE target = $1`, [
      score.customerId,
    ]);
    expect(audit.rows).toEqual([{ action: 'customers.erase', status: 202 }]);
  });
});
