import type { AlertQueueName, AlertRuleReason, AlertRuleSet, AlertTier } from './alert-rule-set';

/** Risk x value: a high-risk Diamond customer outranks a high-risk Basic one. Rounded for stable output. */
export function alertPriority(probability: number, tier: AlertTier, rules: AlertRuleSet): number {
  return Math.round(probability * rules.tierWeights[tier] * 10_000) / 10_000;
}

/** Multi-signal alerts go to the VIP team whatever the level; otherwise routing follows value. */
export function alertQueue(reason: AlertRuleReason, tier: AlertTier, rules: AlertRuleSet): AlertQueueName {
  if (reason === 'multi-signal') return 'vip-team';
  return rules.accountManagerTiers.includes(tier) ? 'account-manager' : 'automated-campaign';
}
