import type { DynamicModule } from '@nestjs/common';
import type { DatabaseOptions } from './data-source';
import { type MigrationClass, effectivelyOnceMigrations } from './effectively-once.migrations';
import { OutboxModule } from './outbox/outbox.module';
import { outboxRetention } from './outbox/outbox-retention';
import { PersistenceModule } from './persistence.module';
import { processedEventsRetention } from './processed-events/processed-events-retention';
import { type RetentionRule, RetentionModule } from './retention/retention.job';

const MS_PER_DAY = 86_400_000;

/** The settings groups OutboxSettings and ProcessedEventsSettings of libs/config, as loaded. */
export interface EffectivelyOnceSettings {
  DATABASE_URL: string;
  DB_SCHEMA: string;
  DATABASE_POOL_SIZE: number;
  PROCESSED_EVENTS_RETENTION_DAYS: number;
  RETENTION_INTERVAL_MS: number;
  /** Absent for a service that consumes but publishes nothing (no outbox). */
  OUTBOX_POLL_INTERVAL_MS?: number;
  OUTBOX_BATCH_SIZE?: number;
  OUTBOX_RETENTION_MS?: number;
}

export interface EffectivelyOnceOptions {
  /** The service's own migrations, run after the shared ones. */
  migrations: readonly MigrationClass[];
  /** Retention rules of the service's own tables, beside the shared ones. */
  retentionRules?: readonly RetentionRule[];
  /** Server settings for every pooled connection, e.g. `{ jit: 'off' }`. */
  sessionSettings?: DatabaseOptions['sessionSettings'];
}

/**
 * What every consuming service wires the same way (architecture: effectively-once): its Postgres
 * schema with the processed-events table (and the transactional outbox when it publishes), their
 * migrations before the service's own, and the job that forgets old eventIds and sent outbox rows.
 */
export function effectivelyOnceModules(
  settings: EffectivelyOnceSettings,
  options: EffectivelyOnceOptions,
): DynamicModule[] {
  const publishes = settings.OUTBOX_POLL_INTERVAL_MS !== undefined;
  const rules = [processedEventsRetention(settings.PROCESSED_EVENTS_RETENTION_DAYS * MS_PER_DAY)];
  if (publishes) rules.push(outboxRetention(settings.OUTBOX_RETENTION_MS ?? MS_PER_DAY));
  return [
    PersistenceModule.forRoot({
      url: settings.DATABASE_URL,
      schema: settings.DB_SCHEMA,
      poolSize: settings.DATABASE_POOL_SIZE,
      ...(options.sessionSettings ? { sessionSettings: options.sessionSettings } : {}),
      migrations: effectivelyOnceMigrations(settings, options.migrations),
    }),
    ...(publishes
      ? [
          OutboxModule.forRoot({
            pollIntervalMs: settings.OUTBOX_POLL_INTERVAL_MS!,
            batchSize: settings.OUTBOX_BATCH_SIZE ?? 500,
          }),
        ]
      : []),
    RetentionModule.forRoot({
      intervalMs: settings.RETENTION_INTERVAL_MS,
      rules: [...rules, ...(options.retentionRules ?? [])],
    }),
  ];
}
