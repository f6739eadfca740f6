import 'reflect-metadata';
import { runMigrationCommand } from '@churn/persistence';
import { loadLoyaltyLedgerConfig } from './config';
import { LOYALTY_LEDGER_MIGRATIONS } from './migrations';

/**
 * Applies loyalty-ledger's pending migrations to its schema (DATABASE_URL, DB_SCHEMA), then exits: the
 * Helm chart's migration Job. `node services/loyalty-ledger/dist/migrate.js`
 */
runMigrationCommand('loyalty-ledger', () => {
  const config = loadLoyaltyLedgerConfig();
  return { config, migrations: LOYALTY_LEDGER_MIGRATIONS };
});
