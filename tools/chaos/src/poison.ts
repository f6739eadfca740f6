import { topicName } from '@churn/contracts';
import { produceRaw } from '@churn/testing';
import { CONSUMES } from './platform';

/** Every topic some service consumes, and the dead-letter topics of its consumers. */
export function consumedTopics(): Map<string, string[]> {
  const deadLettersByTopic = new Map<string, string[]>();
  for (const { topic, deadLetter } of Object.values(CONSUMES).flat()) {
    deadLettersByTopic.set(topic, [...(deadLettersByTopic.get(topic) ?? []), deadLetter]);
  }
  return deadLettersByTopic;
}

/** A payload no consumer can parse, naming its topic so its dead letters can be told apart. */
export const poisonPayload = (topic: string): string => `{"poison": "${topic}", truncated`;

/**
 * One poison record into every consumed topic, keyed by a customer of the replay, so it sits in
 * a partition the replay keeps writing to: the records behind it must still be processed.
 */
export async function publishPoison(brokers: readonly string[], topicPrefix: string, key: string): Promise<void> {
  for (const topic of consumedTopics().keys()) {
    await produceRaw(brokers.join(','), topicName(topic, topicPrefix), [{ key, value: poisonPayload(topic) }]);
  }
}
