import { type Static, Type } from '@sinclair/typebox';
import { DatabaseSettings, KafkaSettings, ServiceSettings, SqlIdentifier, loadConfig } from '@churn/config';

export const LoyaltyLedgerConfigSchema = Type.Object({
  ...ServiceSettings,
  ...KafkaSettings,
  ...DatabaseSettings,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3005 }),
  DB_SCHEMA: Type.String({ ...SqlIdentifier, default: 'loyalty_ledger' }),
  CONSUMER_GROUP: Type.String({ minLength: 1, default: 'loyalty-ledger' }),
  /** Partitions processed at once per instance. */
  CONSUMER_PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, default: 3 }),
  /** Purchase points stay locked this long (the return window). */
  RETURN_WINDOW_DAYS: Type.Integer({ minimum: 0, default: 7 }),
  EXPIRY_MONTHS: Type.Integer({ minimum: 1, default: 12 }),
  /** loyalty.v1 carries an expiry-notice this many days before a lot lapses. */
  EXPIRY_NOTICE_DAYS: Type.Integer({ minimum: 0, default: 30 }),
  /** Points per customer per UTC day; a redemption past it is refused and raises a fraud warning. */
  DAILY_REDEMPTION_LIMIT_POINTS: Type.Integer({ minimum: 1, default: 5_000 }),
  TIER_SILVER_POINTS: Type.Integer({ minimum: 1, default: 2_500 }),
  TIER_GOLD_POINTS: Type.Integer({ minimum: 1, default: 5_000 }),
  TIER_DIAMOND_POINTS: Type.Integer({ minimum: 1, default: 10_000 }),
  TIER_REVIEW_INTERVAL_MONTHS: Type.Integer({ minimum: 1, default: 12 }),
  TIER_DOWNGRADE_GRACE_DAYS: Type.Integer({ minimum: 0, default: 30 }),
  /** Minimum days between announcing an earning-rule version and applying it. */
  RULE_NOTICE_PERIOD_DAYS: Type.Integer({ minimum: 0, default: 30 }),
  /** Win-back bonus for an opened high-risk alert; 0 turns the rule off. */
  WIN_BACK_POINTS: Type.Integer({ minimum: 0, default: 250 }),
  WIN_BACK_COOLDOWN_DAYS: Type.Integer({ minimum: 0, default: 90 }),
  /** How often the unlock, expiry, notice and tier-review jobs run; 0 disables the schedule (tests run them by hand). */
  JOBS_INTERVAL_MS: Type.Integer({ minimum: 0, default: 60_000 }),
  /** Customers per job transaction. */
  JOB_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 10_000, default: 200 }),
  /**
   * Journal entries of folded ledgers kept between postings (LedgerCache), one more counted per
   * customer, least recently used evicted first: 0.7-0.9 KB of heap each as measured, so the
   * default stays under 100 MB of a 1 GiB pod. 0 turns the cache off.
   */
  LEDGER_CACHE_ENTRIES: Type.Integer({ minimum: 0, default: 100_000 }),
  STATEMENT_PAGE_SIZE: Type.Integer({ minimum: 1, default: 50 }),
  STATEMENT_MAX_PAGE_SIZE: Type.Integer({ minimum: 1, default: 500 }),
  /**
   * Longest a loyalty event waits in the outbox. Redemptions and adjustments do not wake the relay
   * (one relay round per request would double the database work under load): they wait for this poll.
   */
  OUTBOX_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 200 }),
  OUTBOX_BATCH_SIZE: Type.Integer({ minimum: 1, default: 500 }),
  OUTBOX_RETENTION_MS: Type.Integer({ minimum: 0, default: 86_400_000 }),
  /** Must outlast the consumed topics' retention (30 days); the journal's own keys never expire anyway. */
  PROCESSED_EVENTS_RETENTION_DAYS: Type.Integer({ minimum: 31, default: 35 }),
  RETENTION_INTERVAL_MS: Type.Integer({ minimum: 1_000, default: 3_600_000 }),
  HTTP_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1_024, default: 65_536 }),
});

export type LoyaltyLedgerConfig = Static<typeof LoyaltyLedgerConfigSchema>;

export const loadLoyaltyLedgerConfig = (env: NodeJS.ProcessEnv = process.env): LoyaltyLedgerConfig =>
  loadConfig(LoyaltyLedgerConfigSchema, env);
