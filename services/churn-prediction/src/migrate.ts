import 'reflect-metadata';
import { effectivelyOnceMigrations, runMigrationCommand } from '@churn/persistence';
import { loadChurnPredictionConfig } from './config';
import { CHURN_PREDICTION_MIGRATIONS } from './migrations';

/**
 * Applies churn-prediction's pending migrations to its schema (DATABASE_URL, DB_SCHEMA), then exits: the
 * Helm chart's migration Job. `node services/churn-prediction/dist/migrate.js`
 */
runMigrationCommand('churn-prediction', () => {
  const config = loadChurnPredictionConfig();
  return { config, migrations: effectivelyOnceMigrations(config, CHURN_PREDICTION_MIGRATIONS) };
});
