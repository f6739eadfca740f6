import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface CacheOptions {
  url: string;
  /** Prepended to every key (REDIS_KEY_PREFIX), so deployments sharing a Redis cannot collide. */
  keyPrefix: string;
  /**
   * Send the commands issued in one tick as one pipeline (ioredis enableAutoPipelining): for a
   * client serving many concurrent single-key reads, one socket write instead of one per command.
   */
  autoPipelining?: boolean;
}

/**
 * An ioredis client that fails fast instead of queueing forever: a command issued while Redis is
 * unreachable is rejected after a couple of reconnect attempts, so a consumer batch rolls back and
 * retries rather than hanging. It keeps reconnecting in the background. Connection errors are
 * logged once per outage, not once per reconnect attempt.
 */
export function createRedisClient(options: CacheOptions, logger: Logger): Redis {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    enableAutoPipelining: options.autoPipelining ?? false,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'redis unreachable; reconnecting');
  });
  client.on('ready', () => {
    if (down) logger.info('redis reachable again');
    down = false;
  });
  return client;
}
