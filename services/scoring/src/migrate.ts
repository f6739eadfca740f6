import 'reflect-metadata';
import { effectivelyOnceMigrations, runMigrationCommand } from '@churn/persistence';
import { loadScoringConfig } from './config';
import { SCORING_MIGRATIONS } from './migrations';

/**
 * Applies scoring's pending migrations to its schema (DATABASE_URL, DB_SCHEMA), then exits: the
 * Helm chart's migration Job. `node services/scoring/dist/migrate.js`
 */
runMigrationCommand('scoring', () => {
  const config = loadScoringConfig();
  return { config, migrations: effectivelyOnceMigrations(config, SCORING_MIGRATIONS) };
});
