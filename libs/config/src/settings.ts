import { Type } from '@sinclair/typebox';

/**
 * Settings shared by every service, as environment variables with local defaults. Services compose
 * the groups they need into one schema and load it with `loadConfig`.
 */
export const ServiceSettings = {
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
    ],
    {
      default: 'info',
    },
  ),
  /** Interface the HTTP server binds to: loopback unless the deployment says otherwise. */
  HOST: Type.String({ default: '127.0.0.1' }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 15_000 }),
};

export const KafkaSettings = {
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: Type.String({ minLength: 1, default: '127.0.0.1:9092' }),
  /** Namespace for every topic name, e.g. for parallel environments on one broker. Empty: none. */
  TOPIC_PREFIX: Type.String({ default: '', pattern: '^[A-Za-z0-9._-]*$' }),
};

export const DatabaseSettings = {
  DATABASE_URL: Type.String({ minLength: 1, default: 'postgres://postgres@127.0.0.1:5432/churn' }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
};

export const RedisSettings = {
  REDIS_URL: Type.String({ minLength: 1, default: 'redis://127.0.0.1:6379' }),
  /** Prefix of every key this deployment writes, so environments sharing a Redis cannot collide. */
  REDIS_KEY_PREFIX: Type.String({ default: 'churn:' }),
};

/** Splits the KAFKA_BROKERS setting. */
export function brokerList(brokers: string): string[] {
  return brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** Postgres identifiers that come from configuration are interpolated into SQL: allow only plain ones. */
export const SqlIdentifier = Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' });

/** Transactional outbox relay (libs/persistence OutboxModule) of a service that publishes events. */
export const OutboxSettings = {
  OUTBOX_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 1_000 }),
  OUTBOX_BATCH_SIZE: Type.Integer({ minimum: 1, default: 500 }),
  /** How long sent outbox rows are kept for inspection. */
  OUTBOX_RETENTION_MS: Type.Integer({ minimum: 0, default: 86_400_000 }),
};

/** Memory of applied eventIds (effectively-once consumption) and the job that forgets old ones. */
export const ProcessedEventsSettings = {
  /**
   * How long an applied eventId is remembered. Must outlast the retention of the topics consumed
   * (30 days), since a replay can bring back anything still on them; default 35 days.
   */
  PROCESSED_EVENTS_RETENTION_DAYS: Type.Integer({ minimum: 31, default: 35 }),
  RETENTION_INTERVAL_MS: Type.Integer({ minimum: 1_000, default: 3_600_000 }),
};
