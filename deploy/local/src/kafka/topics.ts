import { topicCatalogue, topicName, type TopicSpec } from '@churn/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';
import { launcherKafka } from './client';

export interface EnsureTopicsOptions {
  /** Namespace for the topic names (see `topicName`); tests use one per run. */
  readonly prefix?: string;
  readonly catalogue?: readonly TopicSpec[];
}

export interface EnsureTopicsResult {
  readonly created: string[];
  /** Already there; left as they are (partitions and retention are not reconciled). */
  readonly existing: string[];
}

/** The createTopics request for a catalogue: partitions and retention from the spec, one replica. */
export function topicConfigs(catalogue: readonly TopicSpec[], prefix = ''): ITopicConfig[] {
  return catalogue.map((spec) => ({
    topic: topicName(spec.name, prefix),
    numPartitions: spec.partitions,
    replicationFactor: 1,
    configEntries: [{ name: 'retention.ms', value: String(spec.retentionMs) }],
  }));
}

/** Creates the catalogue's topics that do not exist yet; safe to call any number of times. */
export async function ensureTopics(
  brokers: readonly string[],
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const wanted = topicConfigs(options.catalogue ?? topicCatalogue, options.prefix);
  const admin = launcherKafka(brokers).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = wanted.filter((config) => !present.has(config.topic));
    if (missing.length > 0) {
      // If another launcher creates some of them meanwhile, kafkajs reports that as `false`, not an error.
      await admin.createTopics({ topics: missing, waitForLeaders: false });
      await waitForLeaders(
        admin,
        missing.map((config) => config.topic),
      );
    }
    return {
      created: missing.map((config) => config.topic),
      existing: wanted.filter((config) => present.has(config.topic)).map((config) => config.topic),
    };
  } finally {
    await admin.disconnect();
  }
}

const LEADER_TIMEOUT_MS = 60_000;

/**
 * Waits until every partition of the new topics has a leader. kafkajs's own wait (createTopics
 * waitForLeaders) gives up after a few metadata retries, which a broker that already holds many
 * partitions (test runs leave theirs to retention) can take longer than on a busy machine.
 */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADER_TIMEOUT_MS;
  for (;;) {
    const ready = await admin
      .fetchTopicMetadata({ topics: [...topics] })
      .then((metadata) =>
        metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
      )
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline)
      throw new Error(`topics without a partition leader after ${LEADER_TIMEOUT_MS / 1_000} s: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
