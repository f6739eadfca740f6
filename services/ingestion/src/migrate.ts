import 'reflect-metadata';
import { runMigrationCommand } from '@churn/persistence';
import { loadIngestionConfig } from './config';
import { INGESTION_MIGRATIONS } from './migrations';

/**
 * Applies ingestion's pending migrations to its schema (DATABASE_URL, DB_SCHEMA), then exits: the
 * Helm chart's migration Job. `node services/ingestion/dist/migrate.js`
 */
runMigrationCommand('ingestion', () => {
  const config = loadIngestionConfig();
  return { config, migrations: INGESTION_MIGRATIONS };
});
