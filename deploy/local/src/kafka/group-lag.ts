import type { Admin } from 'kafkajs';

/** High watermarks per topic and partition, fetched once per topic and shared between groups. */
export type HighWatermarks = Map<string, Map<number, number>>;

/**
 * Records a consumer group is behind: high watermarks minus committed offsets, summed over the
 * topics the group has committed offsets for (a partition with no commit yet counts 0).
 */
export async function consumerGroupLag(
  admin: Admin,
  groupId: string,
  highs: HighWatermarks = new Map(),
): Promise<number> {
  let lag = 0;
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
    let high = highs.get(topic);
    if (high === undefined) {
      high = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
      highs.set(topic, high);
    }
    for (const { partition, offset } of partitions) {
      const committed = Number(offset);
      if (committed >= 0) lag += Math.max(0, (high.get(partition) ?? 0) - committed);
    }
  }
  return lag;
}
