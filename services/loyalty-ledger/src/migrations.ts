import { EFFECTIVELY_ONCE_MIGRATIONS } from '@churn/persistence';
import { TrackLastSeq1733000000005 } from './ledger/last-seq.migration';
import { CreateLedger1733000000000 } from './ledger/ledger.migration';
import { LockAfterCreating1733000000004 } from './ledger/lock-after-create.migration';
import { CreateLockAndLoad1733000000002 } from './ledger/lock-and-load.migration';
import { CreateCampaigns1733000000003 } from './rules/campaigns.migration';
import { CreateRuleVersions1733000000001 } from './rules/rules.migration';

/**
 * Every migration of the ledger schema, in order (the module's and `migrate.js`'s list): the shared
 * processed-events and outbox ones, then the ledger's.
 */
export const LOYALTY_LEDGER_MIGRATIONS = [
  ...EFFECTIVELY_ONCE_MIGRATIONS,
  CreateLedger1733000000000,
  CreateRuleVersions1733000000001,
  CreateLockAndLoad1733000000002,
  CreateCampaigns1733000000003,
  LockAfterCreating1733000000004,
  TrackLastSeq1733000000005,
];
