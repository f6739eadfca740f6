import type { AlertRuleSet } from '@churn/domain';

/** The rule set in force, loaded and checked once at start-up (change the file and restart to apply). */
export class ActiveRules {
  constructor(readonly current: AlertRuleSet) {}
}
