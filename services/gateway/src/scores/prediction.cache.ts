import { Injectable } from '@nestjs/common';
import { Redis, ReplyError } from 'ioredis';
import { CacheUnavailableError } from '@churn/cache';
import type { ChurnPredictionV1 } from '@churn/contracts';

/** Writes ARGV[1] unless the stored prediction is as new or newer (predictedAt: ISO instants, string order is time order). */
const PUT_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local stored = cjson.decode(current)
  if stored.predictedAt >= ARGV[2] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

/**
 * The newest churn prediction per customer, kept by the gateway beside scoring's live score
 * (`${REDIS_KEY_PREFIX}gateway:prediction:{customerId}`), so one MGET answers a score lookup with
 * both: no Postgres and no HTTP on the hot path.
 */
@Injectable()
export class PredictionCache {
  constructor(private readonly redis: Redis) {}

  static key(customerId: string): string {
    return `gateway:prediction:${customerId}`;
  }

  async put(prediction: ChurnPredictionV1): Promise<void> {
    try {
      await this.redis.eval(PUT_IF_NEWER, 1, PredictionCache.key(prediction.customerId), JSON.stringify(prediction), prediction.predictedAt);
    } catch (error) {
      // Unreachable Redis: retriable, the consumer backs off and the batch's transaction rolls back.
      throw error instanceof ReplyError ? error : new CacheUnavailableError(error);
    }
  }
}
