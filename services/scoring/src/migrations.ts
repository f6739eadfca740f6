import { erasedCustomersMigration } from '@churn/persistence';
import { CreateHistory1732600000000 } from './history/history.migration';
import { CreateParameterSets1732600000001 } from './parameters/parameters.migration';

/**
 * Scoring's own migrations, in order. effectivelyOnceModules (and `migrate.js`, through
 * effectivelyOnceMigrations) runs the shared processed-events and outbox ones before them.
 */
export const SCORING_MIGRATIONS = [
  CreateHistory1732600000000,
  CreateParameterSets1732600000001,
  erasedCustomersMigration('CreateErasedCustomers1734000000000'),
];
