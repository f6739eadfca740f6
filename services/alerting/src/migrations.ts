import { CreateAlerts1733000000000 } from './lifecycle/alerts.migration';
import { CreateWebhooks1733000000001 } from './webhooks/webhooks.migration';

/**
 * Alerting's own migrations, in order. effectivelyOnceModules (and `migrate.js`, through
 * effectivelyOnceMigrations) runs the shared processed-events and outbox ones before them.
 */
export const ALERTING_MIGRATIONS = [CreateAlerts1733000000000, CreateWebhooks1733000000001];
