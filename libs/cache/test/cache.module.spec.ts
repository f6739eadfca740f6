import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { ObservabilityModule, createLogger, createMetricsRegistry } from '@churn/observability';
import { createTestNamespace, eventually } from '@churn/testing';
import { CacheModule } from '../src/cache.module';
import { CacheUnavailableError } from '../src/cache-unavailable.error';
import { createRedisClient } from '../src/redis-client';
import { RedisHealthIndicator } from '../src/redis-health.indicator';

const ns = createTestNamespace('cache');
const logger = createLogger('cache-test', 'fatal');

describe('CacheModule (real Redis)', () => {
  it('prefixes every key, reports Redis healthy, and quits at shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ logger, registry: createMetricsRegistry('cache-test'), healthIndicators: [RedisHealthIndicator] }),
        CacheModule.forRoot({ url: ns.endpoints.TEST_REDIS_URL, keyPrefix: ns.redisPrefix }),
      ],
    }).compile();
    const app = await moduleRef.init();
    const redis = app.get(Redis);
    await redis.set('k', 'v');
    const raw = new Redis(ns.endpoints.TEST_REDIS_URL);
    try {
      expect(await raw.get(`${ns.redisPrefix}k`)).toBe('v');
      await expect(app.get(RedisHealthIndicator).check()).resolves.toBeUndefined();
      await app.close();
      await eventually(() => expect(redis.status).toBe('end'), 2_000);
      await raw.del(`${ns.redisPrefix}k`);
    } finally {
      raw.disconnect();
    }
  });

  it('rejects commands soon when Redis is unreachable instead of queueing them forever', async () => {
    const redis = createRedisClient({ url: 'redis://127.0.0.1:1', keyPrefix: ns.redisPrefix }, logger);
    try {
      const started = Date.now();
      await expect(new RedisHealthIndicator(redis).check()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      redis.disconnect();
    }
  });

  it('marks an outage as retriable for the consumer retry policy', () => {
    expect(new CacheUnavailableError(new Error('ECONNREFUSED'))).toMatchObject({ retriable: true, message: 'redis unavailable: ECONNREFUSED' });
  });
});
