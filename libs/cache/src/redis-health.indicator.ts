import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { HealthIndicator } from '@churn/observability';

/** Readiness: Redis answers PING. */
@Injectable()
export class RedisHealthIndicator implements HealthIndicator {
  readonly name = 'redis';
  constructor(private readonly redis: Redis) {}

  async check(): Promise<void> {
    await this.redis.ping();
  }
}
