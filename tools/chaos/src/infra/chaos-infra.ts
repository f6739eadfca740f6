import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { OwnKafka } from './own-kafka';
import { OwnPostgres } from './own-postgres';
import { OwnRedis } from './own-redis';

/** Kafka, Postgres and Redis owned by one chaos run: the scenarios stop and restart them. */
export class ChaosInfra {
  private constructor(
    readonly dir: string,
    readonly kafka: OwnKafka,
    readonly postgres: OwnPostgres,
    readonly redis: OwnRedis,
  ) {}

  static async start(dir: string): Promise<ChaosInfra> {
    mkdirSync(dir, { recursive: true });
    const [kafka, postgres, redis] = await Promise.all([OwnKafka.start(dir), OwnPostgres.start(), OwnRedis.start()]);
    return new ChaosInfra(dir, kafka, postgres, redis);
  }

  endpoints(): Record<string, string> {
    return { kafka: this.kafka.brokers.join(','), postgres: this.postgres.url, redis: this.redis.url, dir: this.dir };
  }

  async destroy(): Promise<void> {
    await Promise.allSettled([this.kafka.stop(), this.postgres.destroy(), this.redis.stop()]);
    rmSync(path.join(this.dir, 'kafka'), { recursive: true, force: true });
  }
}
