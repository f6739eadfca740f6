import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { defaultStateDir } from '../paths';
import { ensureLocalServer, type InfraHandle } from './machine-server';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Makes sure Redis answers PING at `url`, starting a local redis-server when it is down. */
export async function ensureRedis(
  url: string = DEFAULT_REDIS_URL,
  stateDir: string = defaultStateDir(),
): Promise<InfraHandle> {
  return ensureLocalServer({
    name: 'Redis',
    url,
    ping: () => pingRedis(url),
    startCommand: async () => {
      await fs.mkdir(path.join(stateDir, 'logs'), { recursive: true });
      return redisStartCommand(Number(new URL(url).port || 6379), stateDir);
    },
    startTimeoutMs: 10_000,
  });
}

export async function pingRedis(url: string): Promise<boolean> {
  // One attempt, no reconnect loop and no offline queue: a down server must fail fast.
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Failures surface through connect()/ping(); without a listener ioredis also prints them.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * A cache-only server like the machine's service: loopback only (IPv6 optional, hence `-::1`),
 * no persistence. Its log goes to the stack's log folder.
 */
export function redisStartCommand(port: number, stateDir: string): string[] {
  return [
    'redis-server',
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '-::1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    stateDir,
    '--logfile',
    path.join(stateDir, 'logs', 'redis.log'),
  ];
}
