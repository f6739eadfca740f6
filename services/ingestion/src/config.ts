import { type Static, Type } from '@sinclair/typebox';
import { DatabaseSettings, KafkaSettings, ServiceSettings, SqlIdentifier, loadConfig } from '@churn/config';

export const IngestionConfigSchema = Type.Object({
  ...ServiceSettings,
  ...KafkaSettings,
  ...DatabaseSettings,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  DB_SCHEMA: Type.String({ ...SqlIdentifier, default: 'ingestion' }),
  CONSUMER_GROUP: Type.String({ minLength: 1, default: 'ingestion' }),
  /** Raw-topic partitions processed at once per instance. */
  CONSUMER_PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, default: 3 }),
  /** How long an eventId is remembered for deduplication. The contract promises at least 7 days. */
  DEDUPE_WINDOW_DAYS: Type.Integer({ minimum: 7, default: 7 }),
  DEDUPE_CLEANUP_INTERVAL_MS: Type.Integer({ minimum: 1_000, default: 3_600_000 }),
  /** A batch of 1000 typical events is about 300 KB; anything near this limit is not a real batch. */
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1_024, default: 1_048_576 }),
  HTTP_MAX_BATCH_EVENTS: Type.Integer({ minimum: 1, default: 1_000 }),
  MAX_FUTURE_SKEW_HOURS: Type.Number({ minimum: 0, default: 24 }),
  EARLIEST_EVENT_TIME: Type.String({ format: 'date-time', default: '1990-01-01T00:00:00Z' }),
});

export type IngestionConfig = Static<typeof IngestionConfigSchema>;

export const loadIngestionConfig = (env: NodeJS.ProcessEnv = process.env): IngestionConfig => loadConfig(IngestionConfigSchema, env);
