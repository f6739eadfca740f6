import { type LoyaltyPolicy, type WinBackRule, validateLoyaltyPolicy } from '@churn/domain';
import type { LoyaltyLedgerConfig } from '../config';

/** The programme settings of the domain, from the service configuration (refused when inconsistent). */
export function policyFromConfig(config: LoyaltyLedgerConfig): LoyaltyPolicy {
  const policy: LoyaltyPolicy = {
    returnWindowDays: config.RETURN_WINDOW_DAYS,
    expiryMonths: config.EXPIRY_MONTHS,
    expiryNoticeDays: config.EXPIRY_NOTICE_DAYS,
    dailyRedemptionLimitPoints: config.DAILY_REDEMPTION_LIMIT_POINTS,
    tierThresholds: {
      silver: config.TIER_SILVER_POINTS,
      gold: config.TIER_GOLD_POINTS,
      diamond: config.TIER_DIAMOND_POINTS,
    },
    qualifyingWindowMonths: 12,
    tierReviewIntervalMonths: config.TIER_REVIEW_INTERVAL_MONTHS,
    downgradeGraceDays: config.TIER_DOWNGRADE_GRACE_DAYS,
  };
  validateLoyaltyPolicy(policy);
  return policy;
}

/** The win-back rule, or undefined when WIN_BACK_POINTS is 0 (the rule is optional). */
export function winBackRuleFromConfig(config: LoyaltyLedgerConfig): WinBackRule | undefined {
  return config.WIN_BACK_POINTS > 0
    ? { points: config.WIN_BACK_POINTS, cooldownDays: config.WIN_BACK_COOLDOWN_DAYS }
    : undefined;
}
