import { type DynamicModule, Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { LOGGER } from '@churn/observability';
import { type CacheOptions, createRedisClient } from './redis-client';
import { RedisHealthIndicator } from './redis-health.indicator';

/** Quits gracefully at shutdown, which Nest runs after consumers have stopped. */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // quit lets queued commands finish; disconnect is the fallback when Redis is already gone.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Global module: the service's Redis client (keys prefixed with REDIS_KEY_PREFIX) and its health
 * check. The client connects in the background: a Redis that is down does not stop start-up, it
 * is reported by readiness until it answers.
 */
@Global()
@Module({})
export class CacheModule {
  static forRoot(options: CacheOptions): DynamicModule {
    return {
      module: CacheModule,
      providers: [{ provide: Redis, useFactory: (logger: Logger) => createRedisClient(options, logger), inject: [LOGGER] }, RedisLifecycle, RedisHealthIndicator],
      exports: [Redis, RedisHealthIndicator],
    };
  }
}
