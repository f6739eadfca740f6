import { type Static, Type } from '@sinclair/typebox';
import { DatabaseSettings, KafkaSettings, RedisSettings, ServiceSettings, SqlIdentifier, loadConfig } from '@churn/config';

export const ScoringConfigSchema = Type.Object({
  ...ServiceSettings,
  ...KafkaSettings,
  ...DatabaseSettings,
  ...RedisSettings,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
  DB_SCHEMA: Type.String({ ...SqlIdentifier, default: 'scoring' }),
  CONSUMER_GROUP: Type.String({ minLength: 1, default: 'scoring' }),
  /** purchases.v1 partitions processed at once per instance. */
  CONSUMER_PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, default: 3 }),
  /** How often the parameters are refitted on the stored history (default daily). */
  REFIT_INTERVAL_MS: Type.Integer({ minimum: 60_000, default: 86_400_000 }),
  /** Customers per transaction when a refit or a bulk re-score goes through the population. */
  RESCORE_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
  /** Most customerIds one POST /v1/scores/rescore may name. */
  RESCORE_MAX_IDS: Type.Integer({ minimum: 1, default: 1_000 }),
  OUTBOX_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 1_000 }),
  OUTBOX_BATCH_SIZE: Type.Integer({ minimum: 1, default: 500 }),
  /** How long sent outbox rows are kept for inspection. */
  OUTBOX_RETENTION_MS: Type.Integer({ minimum: 0, default: 86_400_000 }),
  /**
   * How long an applied eventId is remembered. Must outlast purchases.v1's retention (30 days),
   * since a replay can bring back anything still on the topic; default 35 days.
   */
  PROCESSED_EVENTS_RETENTION_DAYS: Type.Integer({ minimum: 31, default: 35 }),
  RETENTION_INTERVAL_MS: Type.Integer({ minimum: 1_000, default: 3_600_000 }),
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1_024, default: 262_144 }),
});

export type ScoringConfig = Static<typeof ScoringConfigSchema>;

export const loadScoringConfig = (env: NodeJS.ProcessEnv = process.env): ScoringConfig => loadConfig(ScoringConfigSchema, env);
