/** Injection token of the validated LoyaltyLedgerConfig. */
export const LOYALTY_CONFIG = Symbol('LOYALTY_CONFIG');
/** Injection token of the LoyaltyPolicy built from the configuration. */
export const LOYALTY_POLICY = Symbol('LOYALTY_POLICY');
