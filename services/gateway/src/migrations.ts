import { PROCESSED_EVENTS_MIGRATIONS } from '@churn/persistence';
import { CreateAccess1733000000001 } from './auth/access.migration';
import { DropRejectedEvents1733000000002 } from './read-model/drop-rejected-events.migration';
import { CreateReadModel1733000000000 } from './read-model/read-model.migration';

/**
 * Every migration of the gateway schema, in order: the shared processed-events ones (it publishes
 * nothing, so no outbox), then the gateway's. The module's, `migrate.js`'s and create-api-key's list.
 */
export const GATEWAY_MIGRATIONS = [
  ...PROCESSED_EVENTS_MIGRATIONS,
  CreateReadModel1733000000000,
  CreateAccess1733000000001,
  DropRejectedEvents1733000000002,
];
