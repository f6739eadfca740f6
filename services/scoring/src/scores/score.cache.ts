import { Injectable } from '@nestjs/common';
import { Redis, ReplyError } from 'ioredis';
import { CacheUnavailableError } from '@churn/cache';
import type { ScoreV1 } from '@churn/contracts';

/**
 * Writes `ARGV[1]` (a ScoreV1 JSON document) unless the stored one is newer: a higher
 * stateVersion (a newer history), or the same one computed later. computedAt values are ISO
 * instants of one fixed format, so string order is time order. Atomic in Redis, so two writers
 * racing (two instances, a re-score and an event) cannot interleave between the read and the write.
 */
const PUT_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local stored = cjson.decode(current)
  local version = tonumber(ARGV[2])
  if stored.stateVersion > version or (stored.stateVersion == version and stored.computedAt >= ARGV[3]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

/**
 * Live scores in Redis, one JSON document per customer under `${REDIS_KEY_PREFIX}score:{customerId}`
 * (ioredis adds the prefix). The document is the ScoreV1 published on scores.v1.
 */
@Injectable()
export class ScoreCache {
  constructor(private readonly redis: Redis) {}

  static key(customerId: string): string {
    return `score:${customerId}`;
  }

  /** Connected now. A reader checks it rather than queue behind ioredis's reconnect attempts. */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  /** Stores the score unless a newer one is there; true when it was written. */
  async put(score: ScoreV1): Promise<boolean> {
    const written = await this.call(() => this.redis.eval(PUT_IF_NEWER, 1, ScoreCache.key(score.customerId), JSON.stringify(score), score.stateVersion, score.computedAt));
    return written === 1;
  }

  async get(customerId: string): Promise<ScoreV1 | undefined> {
    const value = await this.call(() => this.redis.get(ScoreCache.key(customerId)));
    return value === null ? undefined : (JSON.parse(value) as ScoreV1);
  }

  /** A customer without a purchase left (everything refunded), or erased, has no score. */
  async remove(customerId: string): Promise<void> {
    await this.call(() => this.redis.del(ScoreCache.key(customerId)));
  }

  // Connection failures become retriable (the consumer backs off instead of dead-lettering);
  // an error reply from Redis itself is a bug and stays what it is.
  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw error instanceof ReplyError ? error : new CacheUnavailableError(error);
    }
  }
}
