import { type Static, Type } from '@sinclair/typebox';
import {
  DatabaseSettings,
  KafkaSettings,
  RedisSettings,
  ServiceSettings,
  SqlIdentifier,
  loadConfig,
  ProcessedEventsSettings,
} from '@churn/config';

const Url = (service: string, port: number) =>
  Type.String({ minLength: 1, default: `http://127.0.0.1:${port}`, description: `Base URL of ${service}` });

export const GatewayConfigSchema = Type.Object({
  ...ServiceSettings,
  ...KafkaSettings,
  ...DatabaseSettings,
  ...ProcessedEventsSettings,
  ...RedisSettings,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DB_SCHEMA: Type.String({ ...SqlIdentifier, default: 'gateway' }),
  CONSUMER_GROUP: Type.String({ minLength: 1, default: 'gateway' }),
  INGESTION_URL: Url('ingestion', 3001),
  SCORING_URL: Url('scoring', 3002),
  CHURN_PREDICTION_URL: Url('churn-prediction', 3003),
  ALERTING_URL: Url('alerting', 3004),
  LOYALTY_URL: Url('loyalty-ledger', 3005),
  /** An upstream that has not answered by then gets the caller a 504. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 10, default: 5_000 }),
  /** A live-score read from Redis slower than this falls back to the owning service. */
  REDIS_READ_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 250 }),
  /** Requests per key (per client address without a key) and window, per gateway instance. */
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1_000, default: 60_000 }),
  /** How long a verified API key is trusted without asking Postgres again (revocation on another instance lags this much). */
  API_KEY_CACHE_MS: Type.Integer({ minimum: 0, default: 5_000 }),
  /** Comma-separated origins allowed by CORS; empty (the default) sends no CORS headers at all. */
  CORS_ORIGINS: Type.String({ default: '' }),
  /** Event batches are forwarded to ingestion: allow a batch of 1000 typical events. */
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1_024, default: 1_048_576 }),
  CONSUMER_PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, default: 3 }),
});

export type GatewayConfig = Static<typeof GatewayConfigSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig =>
  loadConfig(GatewayConfigSchema, env);
