/**
 * The topic catalogue: every Kafka topic the platform owns, in one place. The local launcher and
 * the test harness create topics from it, and the AsyncAPI document is generated from it.
 * Key = customerId on every topic, so one customer's events stay ordered on one partition.
 */
export interface TopicSpec {
  /** Versioned public name, e.g. `purchases.v1`. */
  readonly name: string;
  readonly description: string;
  /** Default partition count: the ceiling on consumer parallelism for the topic. */
  readonly partitions: number;
  /** Retention; dead-letter topics keep records longer so ops can inspect and re-drive them. */
  readonly retentionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const Topics = {
  purchasesRaw: 'purchases.raw.v1',
  purchases: 'purchases.v1',
  purchasesDlq: 'purchases.dlq.v1',
  interactionsRaw: 'interactions.raw.v1',
  interactions: 'interactions.v1',
  interactionsDlq: 'interactions.dlq.v1',
  scores: 'scores.v1',
  scoringDlq: 'scoring.dlq.v1',
  churnPredictions: 'churn-predictions.v1',
  churnPredictionDlq: 'churn-prediction.dlq.v1',
  alerts: 'alerts.v1',
  alertingDlq: 'alerting.dlq.v1',
  loyalty: 'loyalty.v1',
  loyaltyDlq: 'loyalty-ledger.dlq.v1',
  customerErasures: 'customer-erasures.v1',
  gatewayDlq: 'gateway.dlq.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const topicCatalogue: readonly TopicSpec[] = [
  { name: Topics.purchasesRaw, description: 'Purchase and refund events as upstream systems publish them (unvalidated).', partitions: 6, retentionMs: 7 * DAY_MS },
  { name: Topics.purchases, description: 'Validated, normalized, deduplicated purchase events. Amounts in integer minor units, times in UTC.', partitions: 6, retentionMs: 30 * DAY_MS },
  { name: Topics.purchasesDlq, description: 'Purchase events ingestion could not accept, with the reason, the original payload and its source coordinates.', partitions: 1, retentionMs: 30 * DAY_MS },
  { name: Topics.interactionsRaw, description: 'Interaction events (complaints, NPS, logins...) as upstream systems publish them (unvalidated).', partitions: 6, retentionMs: 7 * DAY_MS },
  { name: Topics.interactions, description: 'Validated, normalized, deduplicated interaction events, times in UTC.', partitions: 6, retentionMs: 30 * DAY_MS },
  { name: Topics.interactionsDlq, description: 'Interaction events ingestion could not accept, with the reason, the original payload and its source coordinates.', partitions: 1, retentionMs: 30 * DAY_MS },
  { name: Topics.scores, description: 'Customer scores (RFM, tier, lifecycle stage, CLV, P(alive)) after every change, re-score or refit. Newest per customer wins by (stateVersion, computedAt).', partitions: 6, retentionMs: 30 * DAY_MS },
  { name: Topics.scoringDlq, description: 'purchases.v1 / customer-erasures.v1 records the scoring consumer could not apply, with the reason, the original payload and its source coordinates.', partitions: 1, retentionMs: 30 * DAY_MS },
  { name: Topics.churnPredictions, description: 'Churn probability, risk level, top drivers and warning signals after every new score, interaction or clock re-score of a customer.', partitions: 6, retentionMs: 30 * DAY_MS },
  { name: Topics.churnPredictionDlq, description: 'scores.v1 / interactions.v1 / customer-erasures.v1 records churn-prediction could not apply, with the reason, the original payload and its source coordinates.', partitions: 1, retentionMs: 30 * DAY_MS },
  { name: Topics.alerts, description: 'Alert lifecycle (opened, escalated, acknowledged, resolved) with who, why, level, priority, routing queue and suggested action; loyalty-ledger adds redemption-limit fraud warnings.', partitions: 6, retentionMs: 30 * DAY_MS },
  { name: Topics.alertingDlq, description: 'churn-predictions.v1 / purchases.v1 / customer-erasures.v1 records alerting could not apply, with the reason, the original payload and its source coordinates.', partitions: 1, retentionMs: 30 * DAY_MS },
  { name: Topics.loyalty, description: 'Loyalty ledger movements: earned, locked, unlocked, redeemed, reversed, expired, expiry notices, tier changes, adjustments.', partitions: 6, retentionMs: 30 * DAY_MS },
  { name: Topics.loyaltyDlq, description: 'purchases.v1 / interactions.v1 / alerts.v1 records loyalty-ledger could not apply, with the reason, the original payload and its source coordinates.', partitions: 1, retentionMs: 30 * DAY_MS },
  { name: Topics.customerErasures, description: 'Erasure requests (PIPL/GDPR) every service honours: data deleted or anonymized, live keys removed.', partitions: 6, retentionMs: 30 * DAY_MS },
  { name: Topics.gatewayDlq, description: 'scores.v1 / churn-predictions.v1 records the gateway read model could not apply, with the reason, the original payload and its source coordinates.', partitions: 1, retentionMs: 30 * DAY_MS },
];

/**
 * Topic names are namespaced by an optional prefix (env `TOPIC_PREFIX`), so that test runs and
 * parallel environments sharing one broker cannot see each other's records.
 */
export function topicName(name: TopicName | string, prefix = ''): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** The catalogue name of a (possibly prefixed) topic: the inverse of `topicName`. */
export function logicalTopicName(topic: string, prefix = ''): string {
  return prefix && topic.startsWith(`${prefix}.`) ? topic.slice(prefix.length + 1) : topic;
}
