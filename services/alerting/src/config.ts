import { join } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import {
  DatabaseSettings,
  KafkaSettings,
  ServiceSettings,
  SqlIdentifier,
  loadConfig,
  OutboxSettings,
  ProcessedEventsSettings,
} from '@churn/config';

/** The rule set shipped with the service (src/config.ts and dist/config.js are both one level below the package). */
export const DEFAULT_RULES_FILE = join(__dirname, '..', 'rules', 'alert-rules.json');

export const AlertingConfigSchema = Type.Object({
  ...ServiceSettings,
  ...KafkaSettings,
  ...DatabaseSettings,
  ...OutboxSettings,
  ...ProcessedEventsSettings,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3004 }),
  DB_SCHEMA: Type.String({ ...SqlIdentifier, default: 'alerting' }),
  CONSUMER_GROUP: Type.String({ minLength: 1, default: 'alerting' }),
  /** churn-predictions.v1 / purchases.v1 / customer-erasures.v1 partitions processed at once per instance. */
  CONSUMER_PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, default: 6 }),
  /** The versioned rule set (JSON), validated at start-up: a bad file stops the service with the reasons. */
  RULES_FILE: Type.String({ minLength: 1, default: DEFAULT_RULES_FILE }),
  /** Dry runs carry predictions in the body. */
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1_024, default: 4_194_304 }),
  /** Most predictions one dry run replays. */
  DRY_RUN_MAX_PREDICTIONS: Type.Integer({ minimum: 1, default: 10_000 }),
  /** One webhook request may take this long before it counts as failed (a hanging endpoint). */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 10, default: 5_000 }),
  /** Failed attempts after which a delivery is parked (re-drivable over HTTP). */
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, default: 8 }),
  /** Exponential backoff with full jitter between attempts: base and cap. */
  WEBHOOK_BACKOFF_BASE_MS: Type.Integer({ minimum: 1, default: 1_000 }),
  WEBHOOK_BACKOFF_MAX_MS: Type.Integer({ minimum: 1, default: 300_000 }),
  /** Requests in flight per subscription; each subscription has its own worker. */
  WEBHOOK_CONCURRENCY: Type.Integer({ minimum: 1, default: 64 }),
  /** Longest a worker waits before looking for due deliveries or new subscriptions when not woken. */
  WEBHOOK_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 1_000 }),
});

export type AlertingConfig = Static<typeof AlertingConfigSchema>;

export const loadAlertingConfig = (env: NodeJS.ProcessEnv = process.env): AlertingConfig =>
  loadConfig(AlertingConfigSchema, env);
