import { Injectable } from '@nestjs/common';
import { Redis, ReplyError } from 'ioredis';
import { CacheUnavailableError } from '@churn/cache';
import type { ChurnPredictionV1 } from '@churn/contracts';
import type { ShownPrediction } from './score-view';

/** Writes ARGV[1] unless the stored prediction is as new or newer (predictedAt: ISO instants, string order is time order). */
const PUT_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local stored = cjson.decode(current)
  if stored.predictedAt >= ARGV[2] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

type PredictionRedis = Redis & { putPredictionIfNewer(key: string, value: string, predictedAt: string): Promise<number> };

/**
 * The newest churn prediction per customer, kept by the gateway beside scoring's live score
 * (`${REDIS_KEY_PREFIX}gateway:prediction:{customerId}`), so one MGET answers a score lookup with
 * both: no Postgres and no HTTP on the hot path. Only the fields the lookup shows are kept: less
 * memory per customer and less to parse per lookup.
 */
@Injectable()
export class PredictionCache {
  private readonly redis: PredictionRedis;

  constructor(redis: Redis) {
    // defineCommand sends the script once and EVALSHA after; the script is idempotent per client.
    redis.defineCommand('putPredictionIfNewer', { numberOfKeys: 1, lua: PUT_IF_NEWER });
    this.redis = redis as PredictionRedis;
  }

  static key(customerId: string): string {
    return `gateway:prediction:${customerId}`;
  }

  /**
   * Stores each prediction unless a newer one is there: all at once (one round trip with the
   * client's auto-pipelining), since the script itself keeps the newest whatever the order.
   */
  async putAll(predictions: readonly ChurnPredictionV1[]): Promise<void> {
    try {
      await Promise.all(
        predictions.map((p) =>
          this.redis.putPredictionIfNewer(PredictionCache.key(p.customerId), JSON.stringify(cached(p)), p.predictedAt),
        ),
      );
    } catch (error) {
      // Unreachable Redis: retriable, the consumer backs off and the batch's transaction rolls back.
      throw error instanceof ReplyError ? error : new CacheUnavailableError(error);
    }
  }
}

/** The rest of a prediction stays in Postgres and on the topic. */
function cached(p: ChurnPredictionV1): ShownPrediction {
  return {
    probability: p.probability,
    riskLevel: p.riskLevel,
    drivers: p.drivers,
    signals: p.signals,
    modelVersion: p.modelVersion,
    predictedAt: p.predictedAt,
  };
}
