import { type Static, Type } from '@sinclair/typebox';
import {
  DatabaseSettings,
  KafkaSettings,
  RedisSettings,
  ServiceSettings,
  SqlIdentifier,
  loadConfig,
  OutboxSettings,
  ProcessedEventsSettings,
} from '@churn/config';

export const ScoringConfigSchema = Type.Object({
  ...ServiceSettings,
  ...KafkaSettings,
  ...DatabaseSettings,
  ...OutboxSettings,
  ...ProcessedEventsSettings,
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
  /** How often each instance checks that the score cache is complete, and rebuilds it from Postgres when it is not. */
  SCORE_CACHE_CHECK_INTERVAL_MS: Type.Integer({ minimum: 1_000, default: 30_000 }),
  /** Most customerIds one POST /v1/scores/rescore may name. */
  RESCORE_MAX_IDS: Type.Integer({ minimum: 1, default: 1_000 }),
  /** Transactions per page of GET /v1/transactions when no limit is given, and the largest limit allowed. */
  EXPORT_PAGE_SIZE: Type.Integer({ minimum: 1, default: 1_000 }),
  EXPORT_MAX_PAGE_SIZE: Type.Integer({ minimum: 1, default: 10_000 }),
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1_024, default: 262_144 }),
});

export type ScoringConfig = Static<typeof ScoringConfigSchema>;

export const loadScoringConfig = (env: NodeJS.ProcessEnv = process.env): ScoringConfig =>
  loadConfig(ScoringConfigSchema, env);
