import 'reflect-metadata';
import { effectivelyOnceMigrations, runMigrationCommand } from '@churn/persistence';
import { loadAlertingConfig } from './config';
import { ALERTING_MIGRATIONS } from './migrations';

/**
 * Applies alerting's pending migrations to its schema (DATABASE_URL, DB_SCHEMA), then exits: the
 * Helm chart's migration Job. `node services/alerting/dist/migrate.js`
 */
runMigrationCommand('alerting', () => {
  const config = loadAlertingConfig();
  return { config, migrations: effectivelyOnceMigrations(config, ALERTING_MIGRATIONS) };
});
