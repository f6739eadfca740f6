import type { Redis } from 'ioredis';
import { CacheUnavailableError, createRedisClient } from '@churn/cache';
import type { ScoreV1 } from '@churn/contracts';
import { createLogger } from '@churn/observability';
import { createTestNamespace } from '@churn/testing';
import { ScoreCache } from '../src/scores/score.cache';

const ns = createTestNamespace('scorecache');
const logger = createLogger('score-cache-test', 'fatal');
let redis: Redis;
let cache: ScoreCache;

const score = (stateVersion: number, computedAt: string, customerId = 'c-1'): ScoreV1 =>
  ({ customerId, stateVersion, computedAt, eventId: `${stateVersion}-${computedAt}` }) as ScoreV1;

beforeAll(() => {
  redis = createRedisClient({ url: ns.endpoints.TEST_REDIS_URL, keyPrefix: ns.redisPrefix }, logger);
  cache = new ScoreCache(redis);
});

afterAll(async () => {
  await redis.del(ScoreCache.key('c-1'), ScoreCache.key('c-2'));
  await redis.quit();
});

describe('ScoreCache newer-wins (real Redis)', () => {
  it('stores under the prefixed score key and never lets an older computation replace a newer one', async () => {
    expect(await cache.put(score(2, '2026-01-01T10:00:00.000Z'))).toBe(true);
    expect(await redis.get('score:c-1')).toContain('"stateVersion":2');

    // An older history loses even when computed later; the same history loses when computed earlier or at the same time.
    expect(await cache.put(score(1, '2026-01-01T11:00:00.000Z'))).toBe(false);
    expect(await cache.put(score(2, '2026-01-01T09:00:00.000Z'))).toBe(false);
    expect(await cache.put(score(2, '2026-01-01T10:00:00.000Z'))).toBe(false);
    expect((await cache.get('c-1'))!.eventId).toBe('2-2026-01-01T10:00:00.000Z');

    // A later computation of the same history (re-score, refit) and any newer history win.
    expect(await cache.put(score(2, '2026-01-01T10:00:00.001Z'))).toBe(true);
    expect(await cache.put(score(3, '2025-12-31T00:00:00.000Z'))).toBe(true);
    expect((await cache.get('c-1'))!.eventId).toBe('3-2025-12-31T00:00:00.000Z');
  });

  it('removes the score of a customer who has none left', async () => {
    await cache.put(score(1, '2026-01-01T10:00:00.000Z', 'c-2'));
    await cache.remove('c-2');
    expect(await cache.get('c-2')).toBeUndefined();
  });

  it('reports an unreachable Redis as a retriable outage', async () => {
    const offline = createRedisClient({ url: 'redis://127.0.0.1:1', keyPrefix: ns.redisPrefix }, logger);
    try {
      await expect(new ScoreCache(offline).put(score(1, '2026-01-01T10:00:00.000Z'))).rejects.toBeInstanceOf(CacheUnavailableError);
    } finally {
      offline.disconnect();
    }
  });
});
