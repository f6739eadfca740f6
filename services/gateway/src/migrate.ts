import 'reflect-metadata';
import { runMigrationCommand } from '@churn/persistence';
import { loadGatewayConfig } from './config';
import { GATEWAY_MIGRATIONS } from './migrations';

/**
 * Applies gateway's pending migrations to its schema (DATABASE_URL, DB_SCHEMA), then exits: the
 * Helm chart's migration Job. `node services/gateway/dist/migrate.js`
 */
runMigrationCommand('gateway', () => {
  const config = loadGatewayConfig();
  return { config, migrations: GATEWAY_MIGRATIONS };
});
