import { assertMinorUnits } from '../money/minor-units';
import { type EarningRuleBook, activeCampaigns, activeRuleVersion } from './earning-rules';
import type { JournalEntry, PurchaseChannel } from './journal-entry';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import { type LoyaltyLedger, customerLedger } from './loyalty-ledger';
import { post, previousOutcome, reject } from './post-command';
import type { PostingOutcome } from './posting-outcome';
import { purchasePointsComponents } from './purchase-points';
import { addDays, addUtcMonths } from './utc-calendar';

/** A normalized purchase (purchases.v1): amount in integer minor units, time in epoch ms UTC. */
export interface PurchaseEarning {
  readonly eventId: string;
  readonly customerId: string;
  readonly orderId: string;
  readonly occurredAt: number;
  readonly amountMinor: number;
  readonly currency: string;
  /** Purchases without a channel earn at the online rate. */
  readonly channel?: PurchaseChannel;
}

/** Purchases and refunds share one event stream, so they share one key space. */
export function purchaseStreamKey(eventId: string): string {
  return `purchase-event:${eventId}`;
}

/**
 * Earns a purchase's points into a new lot, locked until the return window ends. The rules are
 * those in force when the purchase happened, and the tier multiplier is the customer's tier at
 * that moment (an upgrade this purchase causes applies from the next one).
 */
export function postPurchase(
  ledger: LoyaltyLedger,
  purchase: PurchaseEarning,
  rules: EarningRuleBook,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): PostingOutcome {
  const key = purchaseStreamKey(purchase.eventId);
  const seen = previousOutcome(ledger, key);
  if (seen) return seen;
  assertMinorUnits(purchase.amountMinor, 'purchase amount');
  if (purchase.amountMinor <= 0) throw new RangeError(`purchase amount must be positive, got ${purchase.amountMinor}`);

  const command = { key, customerId: purchase.customerId, at: purchase.occurredAt, kind: 'purchase' as const };
  const customer = customerLedger(ledger, purchase.customerId);
  if (customer.orders.has(purchase.orderId)) return reject(ledger, command, 'order-already-earned');
  const version = activeRuleVersion(rules, purchase.occurredAt);
  if (!version) return reject(ledger, command, 'no-active-earning-rule');
  const minorUnitsPerCurrencyUnit = version.minorUnitsPerCurrencyUnit[purchase.currency] as number | undefined;
  if (minorUnitsPerCurrencyUnit === undefined) return reject(ledger, command, 'unsupported-currency');

  const channel = purchase.channel ?? 'online';
  const components = purchasePointsComponents(version, {
    amountMinor: purchase.amountMinor,
    minorUnitsPerCurrencyUnit,
    channel,
    tier: customer.tier,
    purchaseNumber: customer.purchaseCount + 1,
    campaigns: activeCampaigns(rules, purchase.occurredAt, channel),
  });
  const total = components.reduce((sum, c) => sum + c.points, 0);
  const entry: JournalEntry = {
    key,
    customerId: purchase.customerId,
    postedAt: purchase.occurredAt,
    lines: [
      ...components.map((c) => ({ account: 'issued' as const, points: -c.points, memo: c.memo })),
      ...(total > 0 ? [{ account: 'locked' as const, points: total, lotId: key }] : []),
    ],
    details: {
      kind: 'purchase-earned',
      orderId: purchase.orderId,
      amountMinor: purchase.amountMinor,
      currency: purchase.currency,
      channel,
      ruleVersion: version.version,
      lot: {
        earnedAt: purchase.occurredAt,
        expiresAt: addUtcMonths(purchase.occurredAt, policy.expiryMonths),
        unlockAt: addDays(purchase.occurredAt, policy.returnWindowDays),
      },
    },
  };
  return post(ledger, entry);
}
