import { Topics, topicName } from '@churn/contracts';
import { produceRaw } from '@churn/testing';

/** Every topic a service consumes, and the dead-letter topics of its consumers. */
export const CONSUMED_TOPICS: ReadonlyArray<{ topic: string; deadLetters: readonly string[] }> = [
  { topic: Topics.purchasesRaw, deadLetters: [Topics.purchasesDlq] },
  { topic: Topics.interactionsRaw, deadLetters: [Topics.interactionsDlq] },
  { topic: Topics.purchases, deadLetters: [Topics.scoringDlq, Topics.alertingDlq, Topics.loyaltyDlq] },
  { topic: Topics.interactions, deadLetters: [Topics.churnPredictionDlq, Topics.loyaltyDlq] },
  { topic: Topics.scores, deadLetters: [Topics.churnPredictionDlq, Topics.gatewayDlq] },
  { topic: Topics.churnPredictions, deadLetters: [Topics.alertingDlq, Topics.gatewayDlq] },
  { topic: Topics.alerts, deadLetters: [Topics.loyaltyDlq] },
  {
    topic: Topics.customerErasures,
    deadLetters: [Topics.scoringDlq, Topics.churnPredictionDlq, Topics.alertingDlq, Topics.loyaltyDlq],
  },
];

/** A payload no consumer can parse, naming its topic so its dead letters can be told apart. */
export const poisonPayload = (topic: string): string => `{"poison": "${topic}", truncated`;

/**
 * One poison record into every consumed topic, keyed by a customer of the replay, so it sits in
 * a partition the replay keeps writing to: the records behind it must still be processed.
 */
export async function publishPoison(brokers: readonly string[], topicPrefix: string, key: string): Promise<void> {
  for (const { topic } of CONSUMED_TOPICS) {
    await produceRaw(brokers.join(','), topicName(topic, topicPrefix), [{ key, value: poisonPayload(topic) }]);
  }
}
