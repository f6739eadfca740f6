import { Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs client for the launcher's own admin work. kafkajs logs every failed attempt as JSON
 * on the console; the launcher reports failures itself, so only errors get through.
 */
export function launcherKafka(brokers: readonly string[], { retries = 5 } = {}): Kafka {
  return new Kafka({
    clientId: 'churn-local-stack',
    brokers: [...brokers],
    logLevel: retries === 0 ? logLevel.NOTHING : logLevel.ERROR,
    connectionTimeout: 2000,
    retry: { retries },
  });
}

/**
 * True when the broker answers metadata requests, knows its controller, and can coordinate consumer
 * groups. The last needs __consumer_offsets, which Kafka creates and loads on the first group
 * request; until then consumers fail with "coordinator is loading", so readiness waits for it.
 */
export async function isKafkaReady(brokers: readonly string[]): Promise<boolean> {
  const admin = launcherKafka(brokers, { retries: 0 }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null) return false;
    await admin.describeGroups(['churn-local-stack-readiness-probe']);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
