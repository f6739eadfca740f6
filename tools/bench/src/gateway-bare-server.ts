import { createServer } from 'node:http';
import { Redis } from 'ioredis';

/**
 * The baseline of gateway-bench: a bare node:http server doing the least a score lookup can do
 * (compare the API key, MGET the score and prediction keys, merge, answer JSON), with no framework,
 * no auth store, no rate limit, no headers, no logging. Run as its own process, like the gateway.
 */
const { PORT = '0', REDIS_URL = 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX = '', API_KEY = '' } = process.env;
const redis = new Redis(REDIS_URL, { keyPrefix: REDIS_KEY_PREFIX });
const ROUTE = /^\/v1\/customers\/([^/]+)\/score$/;

const server = createServer((request, response) => {
  const match = ROUTE.exec(request.url ?? '');
  if (request.headers['x-api-key'] !== API_KEY) return void response.writeHead(401).end();
  if (!match) return void response.writeHead(404).end();
  const customerId = decodeURIComponent(match[1]!);
  redis.mget(`score:${customerId}`, `gateway:prediction:${customerId}`).then(
    ([score, prediction]) => {
      if (!score) return void response.writeHead(404).end();
      // Fields listed, not spread: a spread copy of the parsed document costs V8 far more
      // garbage-collection work (see toScoreView in services/gateway), and this is the baseline.
      const s = JSON.parse(score) as Record<string, unknown>;
      const p = prediction ? (JSON.parse(prediction) as Record<string, unknown>) : undefined;
      const body = JSON.stringify({
        customerId: s['customerId'],
        asOf: s['asOf'],
        computedAt: s['computedAt'],
        stateVersion: s['stateVersion'],
        trigger: s['trigger'],
        currency: s['currency'],
        frequency: s['frequency'],
        recency: s['recency'],
        T: s['T'],
        monetaryMinor: s['monetaryMinor'],
        purchaseCount: s['purchaseCount'],
        netSpendMinor: s['netSpendMinor'],
        lastPurchaseAt: s['lastPurchaseAt'],
        daysSinceLastPurchase: s['daysSinceLastPurchase'],
        rfm: s['rfm'],
        tier: s['tier'],
        stage: s['stage'],
        pAlive: s['pAlive'],
        expectedPurchases90d: s['expectedPurchases90d'],
        clvMinor: s['clvMinor'],
        parametersVersion: s['parametersVersion'],
        parametersSource: s['parametersSource'],
        timeUnit: s['timeUnit'],
        churnProbability: p?.['probability'] ?? null,
        riskLevel: p?.['riskLevel'] ?? null,
        drivers: p?.['drivers'] ?? [],
      });
      response
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-score-source': 'cache' })
        .end(body);
    },
    () => void response.writeHead(503).end(),
  );
});

server.listen(Number(PORT), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => redis.quit().finally(() => process.exit(0))));
