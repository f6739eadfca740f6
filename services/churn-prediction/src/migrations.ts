import { erasedCustomersMigration } from '@churn/persistence';
import { CreateModelRegistry1733000000001 } from './models/models.migration';
import { CreateCustomerState1733000000000 } from './state/state.migration';

/**
 * churn-prediction's own migrations, in order. effectivelyOnceModules (and `migrate.js`, through
 * effectivelyOnceMigrations) runs the shared processed-events and outbox ones before them.
 */
export const CHURN_PREDICTION_MIGRATIONS = [
  CreateCustomerState1733000000000,
  CreateModelRegistry1733000000001,
  erasedCustomersMigration('CreateErasedCustomers1734000000001'),
];
