import type { MigrationInterface } from 'typeorm';
import { CreateOutbox1732500000001 } from './outbox/outbox.migration';
import { IndexProcessedEventsAge1732700000000 } from './processed-events/processed-events-age.migration';
import { CreateProcessedEvents1732500000000 } from './processed-events/processed-events.migration';

/** A TypeORM migration class, as services list them. */
export type MigrationClass = new () => MigrationInterface;

/** The shared migrations of a service that consumes and publishes: processed events and the outbox. */
export const EFFECTIVELY_ONCE_MIGRATIONS: readonly MigrationClass[] = [
  CreateProcessedEvents1732500000000,
  CreateOutbox1732500000001,
  IndexProcessedEventsAge1732700000000,
];

/** The shared migrations of a service that consumes but publishes nothing: processed events only. */
export const PROCESSED_EVENTS_MIGRATIONS: readonly MigrationClass[] = [
  CreateProcessedEvents1732500000000,
  IndexProcessedEventsAge1732700000000,
];

/**
 * The migration list effectivelyOnceModules gives the service's schema: the shared migrations first
 * (the outbox's only when the settings have OUTBOX_POLL_INTERVAL_MS, i.e. the service publishes),
 * then the service's own. A standalone migration run passes the same settings to get the same list.
 */
export function effectivelyOnceMigrations(
  settings: { OUTBOX_POLL_INTERVAL_MS?: number },
  own: readonly MigrationClass[],
): MigrationClass[] {
  const shared =
    settings.OUTBOX_POLL_INTERVAL_MS !== undefined ? EFFECTIVELY_ONCE_MIGRATIONS : PROCESSED_EVENTS_MIGRATIONS;
  return [...shared, ...own];
}
