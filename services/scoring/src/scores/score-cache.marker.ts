import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Set once a rebuild has put every customer's score in; a flush or a Redis that lost its data has none. */
const COMPLETE_KEY = 'score-cache:complete';
/**
 * One key per rebuild under way, so instances rebuilding at once never invalidate each other's. A
 * flush during the walk takes it away with the keys restored so far; the lease only bounds how long
 * the key of a rebuild that died (instance crash, Redis outage) stays behind.
 */
const rebuildingKey = (rebuildId: string): string => `score-cache:rebuilding:${rebuildId}`;
const REBUILD_LEASE_MS = 600_000;

/** Marks the cache complete only if the rebuild's key is still there (Redis lost nothing since it began). */
const COMPLETE_IF_UNFLUSHED = `
if redis.call('DEL', KEYS[1]) == 0 then
  return 0
end
redis.call('SET', KEYS[2], ARGV[1])
return 1`;

/**
 * Whether the score cache holds every customer's score (keys beside the scores', under the same
 * REDIS_KEY_PREFIX; `score-cache:` never matches a `score:` key). Events keep a complete cache
 * complete, so only data Redis lost (a flush, a restart without persistence) needs a rebuild.
 */
@Injectable()
export class ScoreCacheMarker {
  constructor(private readonly redis: Redis) {}

  async isComplete(): Promise<boolean> {
    return (await this.redis.exists(COMPLETE_KEY)) === 1;
  }

  async begin(rebuildId: string): Promise<void> {
    await this.redis.set(rebuildingKey(rebuildId), '1', 'PX', REBUILD_LEASE_MS);
  }

  /** Extends the rebuild's lease (called per page, each far shorter than it); false when Redis lost its key. */
  async renew(rebuildId: string): Promise<boolean> {
    return (await this.redis.pexpire(rebuildingKey(rebuildId), REBUILD_LEASE_MS)) === 1;
  }

  /** Marks the cache complete unless Redis lost data since `begin`; true when marked. */
  async complete(rebuildId: string, at: Date): Promise<boolean> {
    return (await this.redis.eval(COMPLETE_IF_UNFLUSHED, 2, rebuildingKey(rebuildId), COMPLETE_KEY, at.toISOString())) === 1;
  }
}
