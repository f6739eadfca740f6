import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { freePort } from '@churn/local-stack';
import { waitUntil } from '../wait-until';

/** A redis-server child on a loopback port of its own: flushed and stopped at will. */
export class OwnRedis {
  private server: ChildProcess | undefined;

  private constructor(private readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // Cache only, as the services use it: no persistence, so a restart comes back empty.
    this.server = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitUntil(() => this.ping(), 10_000, `redis-server on ${this.port}`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null) return;
    server.kill('SIGTERM');
    await once(server, 'exit');
  }

  async flushAll(): Promise<void> {
    await this.withClient((client) => client.flushall());
  }

  async withClient<T>(use: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await client.connect();
      return await use(client);
    } finally {
      client.disconnect();
    }
  }

  private ping(): Promise<boolean> {
    return this.withClient(async (client) => (await client.ping()) === 'PONG').catch(() => false);
  }
}
