import { type AlertV1, Topics } from '@churn/contracts';
import type { FraudWarning, LoyaltyTier } from '@churn/domain';
import type { OutgoingRecord } from '@churn/messaging';

/**
 * The fraud warning on alerts.v1 for a redemption past the daily limit: routed to fraud review,
 * high priority. Loyalty tiers share the value tiers' names, so the tier fills `valueTier`.
 */
export function fraudAlertRecord(
  warning: FraudWarning,
  requestId: string,
  tier: LoyaltyTier,
  now: Date,
): OutgoingRecord {
  const value: AlertV1 = {
    eventId: `loyalty-fraud-${requestId}`.slice(0, 128),
    alertId: `loyalty-fraud-${requestId}`.slice(0, 128),
    customerId: warning.customerId,
    type: 'opened',
    occurredAt: now.toISOString(),
    source: 'loyalty-ledger',
    reason: 'redemption-limit',
    level: 'high',
    priority: warning.redeemedToday + warning.requestedPoints,
    valueTier: tier,
    queue: 'fraud-review',
    probability: null,
    drivers: [],
    signals: [],
    suggestedAction: `Review redemptions: ${warning.redeemedToday} points redeemed today, ${warning.requestedPoints} more requested, daily limit ${warning.limit}`,
    controlGroup: false,
  };
  return { topic: Topics.alerts, key: warning.customerId, value, headers: { eventId: value.eventId } };
}
