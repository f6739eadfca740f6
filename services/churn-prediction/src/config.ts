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

export const ChurnPredictionConfigSchema = Type.Object({
  ...ServiceSettings,
  ...KafkaSettings,
  ...DatabaseSettings,
  ...OutboxSettings,
  ...ProcessedEventsSettings,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
  DB_SCHEMA: Type.String({ ...SqlIdentifier, default: 'churn_prediction' }),
  CONSUMER_GROUP: Type.String({ minLength: 1, default: 'churn-prediction' }),
  /** scores.v1 + interactions.v1 partitions processed at once per instance. */
  CONSUMER_PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, default: 3 }),
  /** Scoring's internal HTTP base URL: the history export (retraining) and the re-score path (clock). */
  SCORING_URL: Type.String({ minLength: 1, default: 'http://127.0.0.1:3002' }),
  SCORING_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  /** Lower bounds of the high and medium risk levels. */
  RISK_HIGH_THRESHOLD: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.7 }),
  RISK_MEDIUM_THRESHOLD: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.4 }),
  /** A probability this close to a level boundary is re-checked right after the UTC day changes. */
  NEAR_THRESHOLD_MARGIN: Type.Number({ minimum: 0, maximum: 0.5, default: 0.05 }),
  /** How often the clock looks for customers due for a re-check. */
  RECHECK_TICK_MS: Type.Integer({ minimum: 10, default: 60_000 }),
  /** Customers per re-score request to scoring (scoring's RESCORE_MAX_IDS caps it). */
  RECHECK_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1_000, default: 500 }),
  /** Batches per tick at most, so that one tick after a long outage does not flood scoring. */
  RECHECK_MAX_BATCHES_PER_TICK: Type.Integer({ minimum: 1, default: 20 }),
  /** A customer handed to scoring is due again after this long if no new score came back. */
  RECHECK_RETRY_MS: Type.Integer({ minimum: 1_000, default: 3_600_000 }),
  /** Prediction horizon of retrained models: churn = no purchase within it (documents: 6 months). */
  HORIZON_DAYS: Type.Integer({ minimum: 28, default: 182 }),
  /** How often the model is retrained from the stored history (default weekly). */
  RETRAIN_INTERVAL_MS: Type.Integer({ minimum: 60_000, default: 604_800_000 }),
  /** Transactions per page when reading scoring's history export. */
  HISTORY_PAGE_SIZE: Type.Integer({ minimum: 1, maximum: 10_000, default: 5_000 }),
  /** Directory of the model registered and activated when the registry is empty (see README). */
  SEED_MODEL_DIR: Type.String({ default: '' }),
  /**
   * tfjs backends to try in order; cpu always ends the list. Native first; then cpu rather than
   * wasm, which the benchmark measured 2-4x slower than cpu for this small network (README,
   * Performance). 'tensorflow,wasm,cpu' selects wasm.
   */
  TFJS_BACKENDS: Type.String({
    pattern: '^(tensorflow|wasm|cpu)(,(tensorflow|wasm|cpu))*$',
    default: 'tensorflow,cpu',
  }),
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1_024, default: 65_536 }),
});

export type ChurnPredictionConfig = Static<typeof ChurnPredictionConfigSchema>;

export const loadChurnPredictionConfig = (env: NodeJS.ProcessEnv = process.env): ChurnPredictionConfig => {
  const config = loadConfig(ChurnPredictionConfigSchema, env);
  if (config.RISK_MEDIUM_THRESHOLD >= config.RISK_HIGH_THRESHOLD) {
    throw new Error('RISK_MEDIUM_THRESHOLD must be below RISK_HIGH_THRESHOLD');
  }
  return config;
};
