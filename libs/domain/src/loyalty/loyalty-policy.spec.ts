import { DEFAULT_LOYALTY_POLICY, validateLoyaltyPolicy } from './loyalty-policy';

describe('validateLoyaltyPolicy', () => {
  it('accepts the defaults', () => {
    expect(() => validateLoyaltyPolicy(DEFAULT_LOYALTY_POLICY)).not.toThrow();
  });

  it('refuses fractional or non-positive settings, a lock outliving expiry, and unordered tiers', () => {
    expect(() => validateLoyaltyPolicy({ ...DEFAULT_LOYALTY_POLICY, returnWindowDays: 7.5 })).toThrow(RangeError);
    expect(() => validateLoyaltyPolicy({ ...DEFAULT_LOYALTY_POLICY, dailyRedemptionLimitPoints: 0 })).toThrow(
      RangeError,
    );
    expect(() => validateLoyaltyPolicy({ ...DEFAULT_LOYALTY_POLICY, returnWindowDays: 400 })).toThrow(/return window/);
    const tierThresholds = { silver: 5_000, gold: 2_500, diamond: 10_000 };
    expect(() => validateLoyaltyPolicy({ ...DEFAULT_LOYALTY_POLICY, tierThresholds })).toThrow(/ascending/);
  });
});
